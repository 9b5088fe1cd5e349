import type { WebhookPayload } from '../../../nodes/WhatsAppCloudTrigger/payload';
import { fixture } from '../../helpers/fixtures';
import { captureLogs } from '../../helpers/webhook-context';
import { deliverPayload, textMessage, useTriggerSetup } from './harness';

const setup = useTriggerSetup('wa_trigger_throttle');

// The limit counts per clock minute; time stands still mid-minute so no test straddles two.
beforeEach(() => {
	const minute = Math.floor(Date.now() / 60_000) * 60_000;
	jest.spyOn(Date, 'now').mockReturnValue(minute + 30_000);
});
afterEach(() => jest.restoreAllMocks());

const stores = [
	['Postgres', {}],
	['Redis', { deliveryStore: 'redis' }],
] as const;

describe.each(stores)('WhatsApp Cloud Trigger: flood limit (%s)', (_store, parameters) => {
	it('lets a sender through up to the limit in a minute, drops the rest and logs it without the number', async () => {
		const logs = captureLogs();
		const trigger = setup.trigger({ ...parameters, options: { messagesPerMinute: 3 } });
		const results = [];
		for (let i = 1; i <= 5; i++) results.push(await deliverPayload(trigger, setup.graph, textMessage(`flood-${i}`)));
		const other = await deliverPayload(trigger, setup.graph, textMessage('calm-1', '5511987654321'));
		expect(results.map((r) => r.startsExecution)).toEqual([true, true, true, false, false]);
		expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
		expect(other.startsExecution).toBe(true);
		const warnings = logs.filter((l) => l.level === 'warn');
		expect(warnings).toHaveLength(2);
		for (const warning of warnings) {
			expect(warning.message).toBe('WhatsApp Cloud Trigger: a sender went over the per-minute limit; messages dropped');
			expect(warning.meta).toEqual({ sender: expect.stringMatching(/^[0-9a-f]{12}$/), limitPerMinute: 3, dropped: 1 });
		}
		expect(JSON.stringify(logs)).not.toContain('16505551234');
	});

	it('counts the messages of one batch against the limit', async () => {
		const logs = captureLogs();
		const payload = textMessage('batch-1');
		const [template] = payload.entry![0].changes![0].value!.messages!;
		payload.entry![0].changes![0].value!.messages = [1, 2, 3, 4].map((n) => ({ ...template, id: `wamid.TEST-batch-${n}` }));
		const result = await deliverPayload(setup.trigger({ ...parameters, options: { messagesPerMinute: 2 } }), setup.graph, payload);
		expect(result.outputs[0]).toHaveLength(2);
		expect(logs.find((l) => l.level === 'warn')?.meta).toMatchObject({ dropped: 2 });
	});
});

describe('WhatsApp Cloud Trigger: flood limit settings', () => {
	it('has no limit at 0', async () => {
		const trigger = setup.trigger({ options: { messagesPerMinute: 0 } });
		for (let i = 1; i <= 25; i++) {
			expect((await deliverPayload(trigger, setup.graph, textMessage(`free-${i}`))).startsExecution).toBe(true);
		}
	});

	it('allows twenty messages a minute by default', async () => {
		const trigger = setup.trigger();
		const started = [];
		for (let i = 1; i <= 21; i++) started.push((await deliverPayload(trigger, setup.graph, textMessage(`default-${i}`))).startsExecution);
		expect(started.filter(Boolean)).toHaveLength(20);
	});
});

describe('WhatsApp Cloud Trigger: users with a username', () => {
	/**
	 * Meta publishes no inbound message from a username-only user yet; this is its text fixture
	 * with the sender fields its business-scoped user ID page documents (`from: ""`,
	 * `from_user_id`, and the contact of wa-bsuid-status-delivered-wa_id-empty).
	 */
	function usernameOnlyText(): WebhookPayload {
		const payload = fixture<WebhookPayload>('whatsapp', 'wa-inbound-text');
		const bsuid = fixture<WebhookPayload>('whatsapp', 'wa-bsuid-status-delivered-wa_id-empty');
		const value = payload.entry![0].changes![0].value!;
		value.contacts = bsuid.entry![0].changes![0].value!.contacts;
		value.messages![0].from = '';
		value.messages![0].from_user_id = value.contacts![0].user_id;
		return payload;
	}

	it('emits their message with an empty phone number and their user ID', async () => {
		const result = await deliverPayload(setup.trigger(), setup.graph, usernameOnlyText());
		expect(result.outputs[0][0].message).toMatchObject({
			waId: '',
			userId: 'user.9373795779eb6441c8adb2eaee5b848e7dd174ddd302d7db62142f4722d574b6',
			profileName: 'Pablo M.',
			text: 'Does it come in another color?',
		});
	});

	it('throttles them by user ID', async () => {
		const trigger = setup.trigger({ options: { messagesPerMinute: 1 } });
		const first = usernameOnlyText();
		const second = usernameOnlyText();
		second.entry![0].changes![0].value!.messages![0].id = 'wamid.TEST-bsuid-2';
		expect((await deliverPayload(trigger, setup.graph, first)).startsExecution).toBe(true);
		expect((await deliverPayload(trigger, setup.graph, second)).startsExecution).toBe(false);
	});
});
