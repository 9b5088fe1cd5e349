import Redis from 'ioredis';

import { cipherFor } from '../../../nodes/shared/storage/crypto';
import { getPool } from '../../../nodes/shared/storage/postgres';
import { readEvents } from '../../../nodes/WhatsAppCloudTrigger/events';
import type { WebhookPayload } from '../../../nodes/WhatsAppCloudTrigger/payload';
import { fixture } from '../../helpers/fixtures';
import { TEST_REDIS } from '../../helpers/services';
import { captureLogs } from '../../helpers/webhook-context';
import { deliver, deliverPayload, signatureOf, textMessage, useTriggerSetup } from './harness';

const setup = useTriggerSetup('wa_trigger_deliveries');

const stores = [
	['Postgres', {}],
	['Redis', { deliveryStore: 'redis' }],
] as const;

describe.each(stores)('WhatsApp Cloud Trigger: redeliveries (%s)', (_store, parameters) => {
	it('emits a message Meta delivers three times once', async () => {
		const trigger = setup.trigger(parameters);
		const results = [];
		for (let i = 0; i < 3; i++) results.push(await deliver(trigger, setup.graph, 'wa-inbound-text'));
		expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
		expect(results.map((r) => r.startsExecution)).toEqual([true, false, false]);
	});

	it('answers Meta itself, with 200, once a new message is remembered, and starts the run', async () => {
		const result = await deliver(setup.trigger(parameters), setup.graph, 'wa-inbound-text');
		expect(result.response).toMatchObject({ status: 200, body: 'EVENT_RECEIVED', ended: true });
		expect(result.returned.noWebhookResponse).toBe(true);
		expect(result.startsExecution).toBe(true);
	});

	it('emits it once when the three copies arrive at the same moment', async () => {
		const trigger = setup.trigger(parameters);
		const results = await Promise.all([1, 2, 3].map(async () => await deliver(trigger, setup.graph, 'wa-inbound-image')));
		expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
		expect(results.filter((r) => r.startsExecution)).toHaveLength(1);
	});

	it('still recognises a redelivery after n8n restarts', async () => {
		expect((await deliver(setup.trigger(parameters), setup.graph, 'wa-inbound-location')).startsExecution).toBe(true);
		expect((await deliver(setup.trigger(parameters), setup.graph, 'wa-inbound-location')).startsExecution).toBe(false);
	});

	it('emits only the new messages of a batch that repeats one', async () => {
		const trigger = setup.trigger(parameters);
		await deliverPayload(trigger, setup.graph, textMessage('first'));
		const payload = fixture<WebhookPayload>('whatsapp', 'wa-batched-multiple-messages.thirdparty');
		const value = payload.entry![0].changes![0].value!;
		value.messages![0].id = 'wamid.TEST-first';
		const body = JSON.stringify(payload);
		const result = await trigger.call({ body, headers: { 'x-hub-signature-256': signatureOf(body, setup.graph.appSecret) } });
		expect(result.outputs[0].map((i) => (i.message as { messageId: string }).messageId)).toEqual(['wamid.OMGReaction']);
	});
});

describe('WhatsApp Cloud Trigger: where redeliveries are remembered', () => {
	/** The message id's lookup hash, keyed with the Postgres credential's secret (as the Lead node stores it). */
	const hashedId = (name: string) =>
		cipherFor(setup.storage.postgres).hash(readEvents(fixture<WebhookPayload>('whatsapp', name)).messages[0].messageId);

	it('keeps message ids in Redis under the credential\'s prefix, as keyed hashes, for at least seven days', async () => {
		await deliver(setup.trigger({ deliveryStore: 'redis' }), setup.graph, 'wa-inbound-text');
		const redis = new Redis(TEST_REDIS);
		try {
			const keys = await redis.keys(`${setup.storage.redis.keyPrefix}*`);
			const seen = keys.filter((k) => k.includes('seen:wa:'));
			expect(seen).toEqual([`${setup.storage.redis.keyPrefix}seen:wa:msg:${hashedId('wa-inbound-text')}`]);
			expect(await redis.ttl(seen[0])).toBeGreaterThanOrEqual(7 * 24 * 3600);
		} finally {
			redis.disconnect();
		}
	});

	it('keeps them in Postgres, as keyed hashes, with the Postgres store, and writes nothing to Redis', async () => {
		await deliver(setup.trigger(), setup.graph, 'wa-inbound-text');
		const pool = await getPool(setup.storage.postgres);
		const { rows } = await pool.query<{ key: string; days: number }>(
			"SELECT key, extract(epoch FROM expires_at - now()) / 86400 AS days FROM seen_keys",
		);
		expect(rows).toHaveLength(1);
		expect(rows[0].key).toBe(`wa:msg:${hashedId('wa-inbound-text')}`);
		expect(Number(rows[0].days)).toBeGreaterThanOrEqual(7);
		const redis = new Redis(TEST_REDIS);
		try {
			expect(await redis.keys(`${setup.storage.redis.keyPrefix}*`)).toEqual([]);
		} finally {
			redis.disconnect();
		}
	});

	it('falls back to Postgres while Redis is unreachable', async () => {
		const trigger = setup.trigger({ deliveryStore: 'redis' }, { redis: { port: 1 } });
		const results = [];
		for (let i = 0; i < 2; i++) results.push(await deliver(trigger, setup.graph, 'wa-inbound-video'));
		expect(results.map((r) => r.startsExecution)).toEqual([true, false]);
	});

	it('asks Meta to deliver again later when no store answers, and starts nothing', async () => {
		const logs = captureLogs();
		const result = await deliver(setup.trigger({}, { postgres: { port: 1 } }), setup.graph, 'wa-inbound-text');
		expect(result.status).toBe(503);
		expect(result.startsExecution).toBe(false);
		expect(logs.map((l) => [l.level, l.message])).toEqual([
			['error', 'WhatsApp Cloud Trigger could not check for duplicates; asked Meta to deliver again later'],
		]);
	});

	it('still runs a message it has remembered when its sender cannot be counted, so the message is not lost', async () => {
		const pool = await getPool(setup.storage.postgres);
		const logs = captureLogs();
		await pool.query('ALTER TABLE rate_counters RENAME TO rate_counters_away');
		try {
			const trigger = setup.trigger();
			const results = [await deliver(trigger, setup.graph, 'wa-inbound-text'), await deliver(trigger, setup.graph, 'wa-inbound-text')];
			expect(results.map((r) => [r.status, r.startsExecution])).toEqual([[200, true], [200, false]]);
		} finally {
			await pool.query('ALTER TABLE rate_counters_away RENAME TO rate_counters');
		}
		expect(logs.map((l) => [l.level, l.message])).toContainEqual([
			'warn',
			'WhatsApp Cloud Trigger could not count messages per sender; let them through',
		]);
	});
});
