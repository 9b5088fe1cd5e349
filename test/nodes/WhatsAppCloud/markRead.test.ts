import { fixture } from '../../helpers/fixtures';
import { errorOf, inboundItem, messageOf, runSendNode, useGraphFake } from './run';

const graph = useGraphFake();

describe('WhatsApp Cloud: mark as read', () => {
	it('marks the incoming message as read and shows the typing indicator, as Meta documents', async () => {
		const item = inboundItem();
		const run = await runSendNode(graph, { resource: 'message', operation: 'markRead' }, { items: [item] });
		expect(errorOf(run)).toBeUndefined();
		const documented = fixture('whatsapp', 'wa-typing-indicator-request');
		expect(graph.readReceipts()).toEqual([{ ...documented, message_id: messageOf(item).messageId }]);
		expect(graph.requests[0].path).toBe(`/v24.0/${messageOf(item).phoneNumberId}/messages`);
		expect(run.items[0].json.sent).toEqual({
			type: 'read',
			readMessageId: messageOf(item).messageId,
			typingIndicator: true,
			phoneNumberId: messageOf(item).phoneNumberId,
			success: true,
		});
	});

	it('only marks as read when no reply follows', async () => {
		const item = inboundItem();
		await runSendNode(graph, { resource: 'message', operation: 'markRead', typingIndicator: false }, { items: [item] });
		const documented = fixture('whatsapp', 'wa-mark-read-request');
		expect(graph.readReceipts()).toEqual([{ ...documented, message_id: messageOf(item).messageId }]);
	});
});
