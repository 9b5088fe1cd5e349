import { errorOf, inboundItem, runSendNode, useGraphFake } from './run';

const graph = useGraphFake();
const sendAnswer = { resource: 'message', operation: 'sendAnswer', options: { previewUrl: true } };

/** The inbound message with the AI Reply step's answer on it, as the conversation template has it. */
function answered(reply: Record<string, unknown>) {
	const item = inboundItem('wa-inbound-text');
	item.json.reply = reply;
	return item;
}

describe('WhatsApp Cloud: send answer (the AI Reply step\'s answer, text or buttons)', () => {
	it('sends the answer with its buttons when the AI Reply suggests some', async () => {
		const item = answered({
			text: '¿Quieres probar una clase?',
			buttons: [
				{ id: 'trial', title: 'Clase de prueba' },
				{ id: 'prices', title: 'Precios' },
			],
		});
		const run = await runSendNode(graph, sendAnswer, { items: [item] });
		expect(errorOf(run)).toBeUndefined();
		expect(graph.sends()[0]).toMatchObject({
			type: 'interactive',
			interactive: {
				type: 'button',
				body: { text: '¿Quieres probar una clase?' },
				action: {
					buttons: [
						{ type: 'reply', reply: { id: 'trial', title: 'Clase de prueba' } },
						{ type: 'reply', reply: { id: 'prices', title: 'Precios' } },
					],
				},
			},
		});
		expect(run.items[0].json.sent).toMatchObject({ type: 'interactive' });
	});

	it('sends plain text, with its link preview, when there are no buttons', async () => {
		for (const buttons of [[], undefined]) {
			graph.reset();
			const item = answered({ text: 'Reserva aquí: https://cal.com/onda-bjj/trial-class', buttons });
			await runSendNode(graph, sendAnswer, { items: [item] });
			expect(graph.sends()).toEqual([
				expect.objectContaining({
					type: 'text',
					text: { body: 'Reserva aquí: https://cal.com/onda-bjj/trial-class', preview_url: true },
				}),
			]);
		}
	});

	it('refuses buttons that are not a list, and sends nothing', async () => {
		const run = await runSendNode(graph, { ...sendAnswer, buttonsJson: '{"id": "trial"' }, { items: [answered({ text: 'Hola' })] });
		expect(errorOf(run)?.message).toMatch(/Buttons \(JSON\) is not a list/);
		expect(graph.sends()).toEqual([]);
	});
});
