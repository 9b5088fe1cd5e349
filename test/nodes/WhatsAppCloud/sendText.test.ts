import { GraphApiFake } from '../../fakes/graph-api';
import { errorOf, inboundItem, messageOf, runSendNode } from './run';

const graph = new GraphApiFake();

beforeAll(async () => {
	await graph.start();
});
afterAll(async () => {
	await graph.stop();
});
beforeEach(() => graph.reset());

describe('WhatsApp Cloud: send text', () => {
	it('replies to the person who wrote, from the number they wrote to, and outputs the message id', async () => {
		const item = inboundItem('wa-inbound-text');
		const run = await runSendNode(graph, { resource: 'message', operation: 'sendText', text: 'Hola! La clase de prueba es gratis.' }, { items: [item] });
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
});
