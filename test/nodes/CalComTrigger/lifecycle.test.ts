import { CAL_API_KEY, CalApiFake } from '../../fakes/cal-api';
import { fixture } from '../../helpers/fixtures';
import { isolatedStorage } from '../../helpers/storage';
import { ALL_EVENTS, calTrigger, emitted, WEBHOOK_SECRET } from './trigger-harness';

const fake = new CalApiFake();
const storage = isolatedStorage('cal_trigger_lifecycle');
beforeAll(async () => void (await fake.start()));
afterAll(async () => {
	await fake.stop();
	await storage.cleanup();
});
beforeEach(() => {
	fake.requests.length = 0;
	fake.webhooks.clear();
	fake.server.clearFaults();
});

let sequence = 0;
function booking() {
	const body = fixture<Record<string, unknown>>('cal', 'cal-booking-created');
	body.createdAt = new Date(Date.UTC(2031, 0, 1, 0, 0, sequence++)).toISOString();
	return body;
}

const automatic = { registration: 'automatic' };

describe('Cal.com Trigger: webhook registration on activation and deactivation', () => {
	it('creates its webhook through the API with the node URL, the events and the credential secret, and removes it again', async () => {
		const trigger = calTrigger({ fake, storage, parameters: automatic });
		expect(await trigger.lifecycle('checkExists')).toBe(false);
		expect(await trigger.lifecycle('create')).toBe(true);

		const [created] = fake.server.received(/^\/v2\/webhooks$/, 'POST');
		expect(created.headers.authorization).toBe(`Bearer ${CAL_API_KEY}`);
		expect(created.body).toEqual({
			subscriberUrl: trigger.webhookUrl(),
			triggers: ALL_EVENTS,
			active: true,
			secret: WEBHOOK_SECRET,
		});
		const [webhook] = [...fake.webhooks.values()];
		expect(trigger.staticData()).toEqual({ webhookId: webhook.id, webhookEventTypeId: 0 });

		// Activated again (n8n restarts): the webhook is found, not duplicated.
		expect(await trigger.lifecycle('checkExists')).toBe(true);
		expect(fake.webhooks.size).toBe(1);

		const delivered = await trigger.call(fake.deliveryThrough(webhook.id, booking()));
		expect(emitted(delivered)).toHaveLength(1);

		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(fake.server.received(new RegExp(`^/v2/webhooks/${webhook.id}$`), 'DELETE')).toHaveLength(
			1,
		);
		expect(fake.webhooks.size).toBe(0);
		expect(trigger.staticData()).toEqual({});
	});

	it('without a secret in the credential, makes one up, signs with it and accepts only it', async () => {
		const trigger = calTrigger({
			fake,
			storage,
			parameters: automatic,
			calComApi: { webhookSecret: '' },
		});
		await trigger.lifecycle('create');
		const [webhook] = [...fake.webhooks.values()];
		expect(webhook.secret).toMatch(/^[0-9a-f]{64}$/);
		expect(trigger.staticData().webhookSecret).toBe(webhook.secret);

		expect((await trigger.call(fake.deliveryThrough(webhook.id, booking()))).startsExecution).toBe(
			true,
		);
		expect((await trigger.call(fake.delivery(booking(), WEBHOOK_SECRET))).status).toBe(401);

		await trigger.lifecycle('delete');
		expect(trigger.staticData()).toEqual({});
	});

	it('replaces a webhook left at its URL with other events, instead of letting Cal.com deliver twice', async () => {
		const trigger = calTrigger({
			fake,
			storage,
			parameters: { ...automatic, events: ['BOOKING_CREATED'] },
		});
		const url = trigger.webhookUrl()!;
		fake.webhooks.set('stale', {
			id: 'stale',
			userId: 1,
			eventTypeId: null,
			subscriberUrl: url,
			triggers: ['BOOKING_CREATED', 'BOOKING_CANCELLED'],
			active: true,
			payloadTemplate: null,
			secret: 'old',
		});
		fake.webhooks.set('other', {
			id: 'other',
			userId: 1,
			eventTypeId: null,
			subscriberUrl: 'https://crm.example.com/hook',
			triggers: ['BOOKING_CREATED'],
			active: true,
			payloadTemplate: null,
			secret: null,
		});
		expect(await trigger.lifecycle('checkExists')).toBe(false);
		expect([...fake.webhooks.keys()]).toEqual(['other']);
		await trigger.lifecycle('create');
		expect(
			[...fake.webhooks.values()].filter((w) => w.subscriberUrl === url).map((w) => w.triggers),
		).toEqual([['BOOKING_CREATED']]);
	});

	it('pages through all webhooks of the account when looking for its own', async () => {
		for (let i = 0; i < 260; i++) {
			fake.webhooks.set(`w${i}`, {
				id: `w${i}`,
				userId: 1,
				eventTypeId: null,
				subscriberUrl: `https://elsewhere.example.com/${i}`,
				triggers: ['BOOKING_CREATED'],
				active: true,
				payloadTemplate: null,
				secret: null,
			});
		}
		const trigger = calTrigger({ fake, storage, parameters: automatic });
		await trigger.lifecycle('create');
		expect(await trigger.lifecycle('checkExists')).toBe(true);
		const pages = fake.server.received(/^\/v2\/webhooks$/, 'GET').map((r) => r.query.get('skip'));
		expect(pages).toEqual(['0', '250']);
	});

	it('scopes the webhook to one event type when one is chosen', async () => {
		const trigger = calTrigger({
			fake,
			storage,
			parameters: { ...automatic, options: { eventTypeId: 1001 } },
		});
		await trigger.lifecycle('create');
		expect(fake.server.received(/^\/v2\/event-types\/1001\/webhooks$/, 'POST')).toHaveLength(1);
		expect(await trigger.lifecycle('checkExists')).toBe(true);
		await trigger.lifecycle('delete');
		expect(
			fake.server.received(/^\/v2\/event-types\/1001\/webhooks\/[^/]+$/, 'DELETE'),
		).toHaveLength(1);
		expect(fake.webhooks.size).toBe(0);
	});

	it('deactivates cleanly when the webhook was already deleted in Cal.com', async () => {
		const trigger = calTrigger({ fake, storage, parameters: automatic });
		await trigger.lifecycle('create');
		fake.webhooks.clear();
		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(trigger.staticData()).toEqual({});
	});

	it('does not hide a failed removal', async () => {
		const trigger = calTrigger({ fake, storage, parameters: automatic });
		await trigger.lifecycle('create');
		fake.server.inject(/^\/v2\/webhooks\/.+$/, {
			status: 503,
			body: { status: 'error', error: { message: 'maintenance' } },
		});
		await expect(trigger.lifecycle('delete')).rejects.toThrow(
			'Cal.com had a problem of its own (HTTP 503)',
		);
		expect(trigger.staticData().webhookId).toBeDefined();
	});

	it('tells staff to check the API key when activation is refused', async () => {
		const trigger = calTrigger({
			fake,
			storage,
			parameters: automatic,
			calComApi: { apiKey: 'cal_live_wrong' },
		});
		await expect(trigger.lifecycle('create')).rejects.toThrow('Cal.com did not accept the API key');
		expect(fake.webhooks.size).toBe(0);
	});

	it('works with a webhook created by hand: no API calls, the credential secret verifies', async () => {
		const trigger = calTrigger({ fake, storage, parameters: { registration: 'manual' } });
		expect(await trigger.lifecycle('checkExists')).toBe(true);
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(fake.requests).toHaveLength(0);
		expect((await trigger.call(fake.delivery(booking(), WEBHOOK_SECRET))).startsExecution).toBe(
			true,
		);
	});
});
