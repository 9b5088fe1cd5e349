import { fixture } from '../../helpers/fixtures';
import { errorOf, inboundItem, runSendNode, useGraphFake } from './run';

const graph = useGraphFake();

interface InteractiveRequest {
	interactive: {
		body: { text: string };
		footer: { text: string };
		header: { type: string; text?: string };
		action: {
			buttons?: Array<{ type: string; reply: { id: string; title: string } }>;
			button?: string;
			sections?: Array<{ title: string; rows: Array<{ id: string; title: string; description?: string }> }>;
		};
	};
}

describe('WhatsApp Cloud: reply buttons', () => {
	const published = fixture<InteractiveRequest>('whatsapp', 'wa-send-interactive-buttons-request').interactive;

	it('sends Meta\'s published button message shape', async () => {
		const run = await runSendNode(graph, {
			resource: 'message',
			operation: 'sendButtons',
			text: published.body.text,
			buttons: { button: published.action.buttons!.map((b) => b.reply) },
			options: { footer: published.footer.text },
		});
		expect(errorOf(run)).toBeUndefined();
		// Meta's example has an image header; this node offers text headers (checked below).
		expect(graph.sends()[0]).toMatchObject({
			type: 'interactive',
			interactive: { type: 'button', body: published.body, footer: published.footer, action: published.action },
		});
		expect(run.items[0].json.sent).toMatchObject({ type: 'interactive', messageId: 'wamid.FAKE000001' });
	});

	it('takes the buttons the AI reply suggests, with a text header', async () => {
		const item = inboundItem();
		item.json.reply = {
			text: '¿Quieres probar una clase?',
			buttons: [
				{ id: 'trial', title: 'Reservar prueba' },
				{ id: 'prices', title: 'Ver precios' },
			],
		};
		await runSendNode(
			graph,
			{ resource: 'message', operation: 'sendButtons', buttonsFrom: 'expression', options: { header: 'Academia Gracie' } },
			{ items: [item] },
		);
		expect(graph.sends()[0].interactive).toEqual({
			type: 'button',
			header: { type: 'text', text: 'Academia Gracie' },
			body: { text: '¿Quieres probar una clase?' },
			action: {
				buttons: [
					{ type: 'reply', reply: { id: 'trial', title: 'Reservar prueba' } },
					{ type: 'reply', reply: { id: 'prices', title: 'Ver precios' } },
				],
			},
		});
	});

	it('names the button title that is too long, and sends nothing', async () => {
		const run = await runSendNode(graph, {
			resource: 'message',
			operation: 'sendButtons',
			text: '¿Te apuntas?',
			buttons: { button: [{ id: 'trial', title: 'Clase de prueba gratis' }] },
		});
		expect(errorOf(run)?.message).toBe("button title 'Clase de prueba gratis' has 22 characters; WhatsApp allows 20.");
		expect(graph.requests).toHaveLength(0);
	});

	it('lists every broken rule at once: too many buttons, repeated ids, a long body', async () => {
		const run = await runSendNode(graph, {
			resource: 'message',
			operation: 'sendButtons',
			text: 'x'.repeat(1025),
			buttonsFrom: 'expression',
			buttonsJson: JSON.stringify([
				{ id: 'a', title: 'Uno' },
				{ id: 'a', title: 'Dos' },
				{ id: 'c', title: 'Tres' },
				{ id: 'd', title: 'Cuatro' },
			]),
		});
		expect(errorOf(run)?.message).toBe(
			"Text has 1025 characters; WhatsApp allows 1024; 4 buttons; WhatsApp allows 3; button ID 'a' is used twice; each must be different.",
		);
		expect(graph.requests).toHaveLength(0);
	});

	it('refuses buttons that are not a list', async () => {
		const run = await runSendNode(graph, {
			resource: 'message',
			operation: 'sendButtons',
			text: 'Hola',
			buttonsFrom: 'expression',
			buttonsJson: '{"id": "x"}',
		});
		expect(errorOf(run)?.message).toContain('Buttons (JSON) is not a list of {"id", "title"} objects');
	});
});

describe('WhatsApp Cloud: list', () => {
	const published = fixture<InteractiveRequest>('whatsapp', 'wa-send-interactive-list-request').interactive;
	const rows = published.action.sections!.flatMap((section) =>
		section.rows.map((row) => ({ section: section.title, ...row })),
	);

	it('sends Meta\'s published list message shape, rows grouped into their sections', async () => {
		const run = await runSendNode(graph, {
			resource: 'message',
			operation: 'sendList',
			text: published.body.text,
			buttonLabel: published.action.button,
			rows: { row: rows },
			options: { header: published.header.text, footer: published.footer.text },
		});
		expect(errorOf(run)).toBeUndefined();
		expect(graph.sends()[0].interactive).toEqual({ ...published, type: 'list' });
	});

	it('sends one untitled section when no row names one', async () => {
		await runSendNode(graph, {
			resource: 'message',
			operation: 'sendList',
			text: '¿Qué horario te va mejor?',
			buttonLabel: 'Ver horarios',
			rows: { row: [{ id: 'mon', title: 'Lunes 19:00' }, { title: 'Miércoles 19:00' }] },
		});
		expect((graph.sends()[0].interactive as InteractiveRequest['interactive']).action.sections).toEqual([
			{ rows: [{ id: 'mon', title: 'Lunes 19:00' }, { id: 'Miércoles 19:00', title: 'Miércoles 19:00' }] },
		]);
	});

	it('refuses long row texts before sending', async () => {
		const ten = Array.from({ length: 10 }, (_, i) => ({ id: `r${i}`, title: `Clase ${i}` }));
		ten[0].title = 'Brazilian Jiu-Jitsu avanzado';
		const run = await runSendNode(graph, {
			resource: 'message',
			operation: 'sendList',
			text: 'Elige',
			buttonLabel: 'Opciones de horario',
			rows: { row: ten },
		});
		expect(errorOf(run)?.message).toBe("row title 'Brazilian Jiu-Jitsu avanzado' has 28 characters; WhatsApp allows 24.");
		expect(graph.requests).toHaveLength(0);
	});

	it('does not let a list have more than ten rows', async () => {
		const eleven = Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Clase ${i}` }));
		await expect(
			runSendNode(graph, { resource: 'message', operation: 'sendList', text: 'Elige', buttonLabel: 'Ver', rows: { row: eleven } }),
		).rejects.toThrow('At most 10 fields are allowed');
		expect(graph.requests).toHaveLength(0);
	});

	it('asks for section titles when rows are in several sections', async () => {
		const run = await runSendNode(graph, {
			resource: 'message',
			operation: 'sendList',
			text: 'Elige',
			buttonLabel: 'Opciones',
			rows: { row: [{ section: 'Adultos', title: 'BJJ' }, { title: 'Judo' }] },
		});
		expect(errorOf(run)?.message).toBe('every row needs a Section Title when rows are in several sections.');
	});
});
