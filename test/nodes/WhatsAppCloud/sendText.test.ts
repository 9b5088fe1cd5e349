import { LIMITS } from '../../../nodes/WhatsAppCloud/actions/limits';
import { splitText } from '../../../nodes/WhatsAppCloud/actions/split';
import { fixture } from '../../helpers/fixtures';
import { errorOf, inboundItem, messageOf, runSendNode, useGraphFake } from './run';

const graph = useGraphFake();

const sendText = { resource: 'message', operation: 'sendText' };

describe('WhatsApp Cloud: send text', () => {
	it('replies to the person who wrote, from the number they wrote to, and outputs the message id', async () => {
		const item = inboundItem('wa-inbound-text');
		const run = await runSendNode(graph, { ...sendText, text: 'Hola! La clase de prueba es gratis.' }, { items: [item] });
		expect(errorOf(run)).toBeUndefined();
		expect(graph.sends()).toEqual([
			{
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: messageOf(item).waId,
				type: 'text',
				text: { body: 'Hola! La clase de prueba es gratis.', preview_url: false },
			},
		]);
		const [request] = graph.requests;
		expect(request.path).toBe(`/v24.0/${messageOf(item).phoneNumberId}/messages`);
		expect(request.headers.authorization).toBe(`Bearer ${graph.accessToken}`);
		const [out] = run.items;
		expect(out.json.message).toEqual(item.json.message);
		expect(out.json.sent).toEqual({
			messageId: 'wamid.FAKE000001',
			messageIds: ['wamid.FAKE000001'],
			type: 'text',
			phoneNumberId: messageOf(item).phoneNumberId,
			waId: messageOf(item).waId,
			messageStatus: null,
		});
		expect(out.pairedItem).toEqual({ item: 0 });
	});

	it("signs every send of a run with one read of the credential (n8n would read it again per request)", async () => {
		const items = [inboundItem('wa-inbound-text'), inboundItem('wa-inbound-text'), inboundItem('wa-inbound-text')];
		// Credential data of its own: nodes keep a credential's data for a few seconds by its id.
		const credentials = { accessToken: graph.accessToken, label: 'read-count' };
		const run = await runSendNode(graph, { ...sendText, text: 'Hola!' }, { items, credentials });
		expect(errorOf(run)).toBeUndefined();
		expect(graph.requests.map((request) => request.headers.authorization)).toEqual(Array(3).fill(`Bearer ${graph.accessToken}`));
		expect(run.credentialReads).toEqual({ whatsAppCloudApi: 1 });
	});

	it('sends the text the AI reply node wrote by default', async () => {
		const item = inboundItem();
		item.json.reply = { text: 'Tenemos clases de BJJ lunes y miércoles a las 19:00.' };
		await runSendNode(graph, sendText, { items: [item] });
		expect(graph.sends()[0].text).toEqual({ body: 'Tenemos clases de BJJ lunes y miércoles a las 19:00.', preview_url: false });
	});

	it('asks for a link preview and quotes the message it answers when told to', async () => {
		const item = inboundItem();
		await runSendNode(
			graph,
			{
				...sendText,
				text: 'Reserva aquí: https://cal.com/academia/prueba',
				options: { previewUrl: true, replyToMessageId: '={{ $json.message.messageId }}' },
			},
			{ items: [item] },
		);
		expect(graph.sends()[0]).toMatchObject({
			text: { body: 'Reserva aquí: https://cal.com/academia/prueba', preview_url: true },
			context: { message_id: messageOf(item).messageId },
		});
	});

	it('uses the credential\'s phone number ID when the item names none, and cleans up a typed number', async () => {
		const run = await runSendNode(
			graph,
			{ ...sendText, to: '+55 (11) 98765-4321', text: 'Oi!' },
			{ items: [{ json: {} }], credentials: { phoneNumberId: '109876543210987' } },
		);
		expect(errorOf(run)).toBeUndefined();
		expect(graph.requests[0].path).toBe('/v24.0/109876543210987/messages');
		expect(graph.sends()[0].to).toBe('5511987654321');
		expect((run.items[0].json.sent as { phoneNumberId: string }).phoneNumberId).toBe('109876543210987');
	});

	it('sends a phone number ID given per call instead of the credential\'s', async () => {
		await runSendNode(graph, { ...sendText, phoneNumberId: '200000000000001', text: 'Hi' });
		expect(graph.requests[0].path).toBe('/v24.0/200000000000001/messages');
	});

	it('addresses users who have a username and no phone number by their WhatsApp user ID', async () => {
		const userId = fixture<{ entry: Array<{ changes: Array<{ value: { contacts: Array<{ user_id: string }> } }> }> }>(
			'whatsapp',
			'wa-bsuid-status-delivered-wa_id-empty',
		).entry[0].changes[0].value.contacts[0].user_id;
		const item = inboundItem();
		Object.assign(item.json.message as object, { waId: '', userId });
		const run = await runSendNode(graph, { ...sendText, text: 'Hello!' }, { items: [item] });
		expect(graph.sends()[0].to).toBe(userId);
		expect((run.items[0].json.sent as { waId: string | null }).waId).toBeNull();
	});

	it('splits a text over 4096 characters at paragraph ends and returns every message id', async () => {
		const paragraph = (n: number) => `Párrafo ${n}. ${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(20).trim()}`;
		const text = Array.from({ length: 8 }, (_, i) => paragraph(i + 1)).join('\n\n');
		expect(text.length).toBeGreaterThan(LIMITS.text * 2);
		const run = await runSendNode(graph, { ...sendText, text, options: { replyToMessageId: 'wamid.QUOTED' } });
		const bodies = graph.sends().map((s) => (s.text as { body: string }).body);
		expect(bodies.length).toBe(3);
		for (const body of bodies) {
			expect(body.length).toBeLessThanOrEqual(LIMITS.text);
			expect(body).toMatch(/^Párrafo \d+\./);
			expect(body).toMatch(/elit\.$/);
		}
		expect(bodies.join('\n\n')).toBe(text);
		expect(graph.sends().map((s) => s.context)).toEqual([{ message_id: 'wamid.QUOTED' }, undefined, undefined]);
		expect(run.items[0].json.sent).toMatchObject({
			messageId: 'wamid.FAKE000001',
			messageIds: ['wamid.FAKE000001', 'wamid.FAKE000002', 'wamid.FAKE000003'],
		});
	});

	it('refuses an empty text before calling WhatsApp', async () => {
		const run = await runSendNode(graph, { ...sendText, text: '   ' });
		expect(errorOf(run)?.message).toBe('Text is empty.');
		expect(graph.requests).toHaveLength(0);
	});

	it('says what is wrong with the recipient without repeating it', async () => {
		const run = await runSendNode(graph, { ...sendText, to: 'call me 555', text: 'Hi' });
		expect(errorOf(run)?.message).toBe(
			'The recipient (To) is not a phone number in international format or a WhatsApp user ID',
		);
		expect(errorOf(run)?.message).not.toContain('555');
		expect(graph.requests).toHaveLength(0);
	});
});

describe('splitText', () => {
	it('keeps a text within the limit whole', () => {
		expect(splitText('Hola, ¿qué tal?', 4096)).toEqual(['Hola, ¿qué tal?']);
	});

	it('cuts at a sentence end when a paragraph is too long', () => {
		const text = 'Primera frase larga aquí. Segunda frase también larga! ¿Tercera pregunta?';
		expect(splitText(text, 40)).toEqual(['Primera frase larga aquí.', 'Segunda frase también larga!', '¿Tercera pregunta?']);
	});

	it('cuts between words when a sentence is too long, and inside a word only as a last resort', () => {
		expect(splitText('uno dos tres cuatro cinco', 12)).toEqual(['uno dos tres', 'cuatro cinco']);
		expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
	});

	it('never cuts an emoji in half', () => {
		const parts = splitText('ab🥋🥋🥋', 3);
		expect(parts.join('')).toBe('ab🥋🥋🥋');
		for (const part of parts) expect(part).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
	});
});
