import { captureLogs } from '../../helpers/webhook-context';
import { deliverPayload, textMessage, useTriggerSetup } from './harness';

const setup = useTriggerSetup('wa_trigger_odd_payloads');

const messageOf = (payload: ReturnType<typeof textMessage>) => payload.entry![0].changes![0].value!.messages![0] as unknown as Record<string, unknown>;

/** Signed (so from Meta, or someone holding the App Secret) but not shaped like Meta's payload. */
const ODD = [
	null,
	{ object: 'whatsapp_business_account', entry: 5 },
	{ object: 'whatsapp_business_account', entry: [null] },
	{ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { messages: [null] } }] }] },
	{ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { messages: 'x' } }] }] },
	{ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { messages: [{}], contacts: 'x' } }] }] },
	{ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { statuses: [null] } }] }] },
	{ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { errors: 'x' } }] }] },
];

/** Signed payloads whose events lack what makes them usable: no workflow run for them. */
const UNUSABLE = [
	{ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { messages: [{}] } }] }] },
	{ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { messages: [5, 'x'] } }] }] },
	{ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { statuses: [5, {}, { id: 'wamid.x' }] } }] }] },
];

describe('WhatsApp Cloud Trigger: signed payloads that are not a WhatsApp webhook', () => {
	it.each([...ODD, ...UNUSABLE].map((payload) => [JSON.stringify(payload)]))('answers 200 and starts nothing for %s', async (body) => {
		const logs = captureLogs();
		const result = await deliverPayload(setup.trigger({ options: { emitStatuses: true } }), setup.graph, JSON.parse(body));

		expect(result.status).toBe(200);
		expect(result.startsExecution).toBe(false);
		expect(JSON.stringify(logs)).not.toContain(body);
	});

	it('leaves out a message without an id or a sender, and keeps the others of the batch', async () => {
		const payload = textMessage('wamid.odd-batch-kept');
		const value = payload.entry![0].changes![0].value!;
		const kept = messageOf(payload);
		value.messages = [{ ...kept, id: undefined }, { ...kept, id: `${String(kept.id)}-no-sender`, from: undefined }, kept] as never;
		value.contacts = [];

		const result = await deliverPayload(setup.trigger({}), setup.graph, payload);

		expect(result.status).toBe(200);
		expect(result.outputs[0].map((json) => (json.message as { messageId: string }).messageId)).toEqual([kept.id]);
	});
});
