import Redis from 'ioredis';
import type { IDataObject } from 'n8n-workflow';

import { cipherFor } from '../../../../nodes/shared/storage/crypto';
import { getPool } from '../../../../nodes/shared/storage/postgres';
import { getRedis } from '../../../../nodes/shared/storage/redis';
import { firstDeliveries, type Delivery } from '../../../../nodes/WhatsAppCloudTrigger/deliveries';
import { TEST_REDIS } from '../../../helpers/services';
import { isolatedStorage } from '../../../helpers/storage';
import { createAcademy, inbound, runLead, runLeadJson, upsertParameters } from '../lead-node';

const storage = isolatedStorage('lead_erasure');
beforeAll(() => storage.redisConnected());
afterAll(() => storage.cleanup());

interface Lead {
	id: string;
	waId: string;
}

/**
 * A lead with a bit of everything: two inbound messages (the second cancels nudges), an answer,
 * a state change, follow-ups, a warm history cache in Redis and the trigger's duplicate keys.
 * Message ids are returned as the lookup hashes they are stored under.
 */
async function busyLead(waId: string, redis: boolean): Promise<{ lead: Lead; messageHashes: string[] }> {
	const first = inbound({ waId, timestamp: new Date(Date.now() - 60_000).toISOString() });
	const second = inbound({ waId, text: 'y los horarios?' });
	const { lead } = (await runLeadJson(storage, upsertParameters, { message: first as unknown as IDataObject }, { redis })) as {
		lead: Lead;
	};
	await runLeadJson(
		storage,
		{ resource: 'message', operation: 'log', direction: 'out' },
		{ lead, sent: { messageId: `wamid.out-${waId}` }, reply: { text: 'Hola! La primera clase es gratis' } },
		{ redis },
	);
	await runLeadJson(storage, upsertParameters, { message: second as unknown as IDataObject }, { redis });
	await runLeadJson(storage, { resource: 'lead', operation: 'transition', toState: 'INTERESTED', options: { walk: true } }, { lead });
	await runLeadJson(
		storage,
		{ resource: 'followUp', operation: 'scheduleSequence' },
		{ lead, booking: { start: new Date(Date.now() + 3 * 86_400_000).toISOString(), uid: `bk-${waId}` } },
	);
	await runLeadJson(storage, { resource: 'message', operation: 'getHistory' }, { lead }, { redis });
	const cipher = cipherFor(storage.postgres);
	const stores = { pool: await getPool(storage.postgres), cipher };
	const deliveries: Delivery[] = [
		{ messageId: first.messageId },
		{ messageId: second.messageId },
		{ messageId: `wamid.out-${waId}`, status: 'delivered' },
	];
	// What the WhatsApp trigger leaves behind for these deliveries, in Postgres and in Redis.
	await firstDeliveries(stores, deliveries);
	if (redis) await firstDeliveries({ ...stores, redis: getRedis(storage.redis) }, deliveries);
	return { lead, messageHashes: [first.messageId, second.messageId, `wamid.out-${waId}`].map((id) => cipher.hash(id)) };
}

/** Rows anywhere in the schema whose text mentions any needle: every column of every table. */
async function mentions(needles: string[]): Promise<Record<string, number>> {
	const pool = await getPool(storage.postgres);
	const { rows: tables } = await pool.query<{ table_name: string }>(
		`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
	);
	const found: Record<string, number> = {};
	for (const { table_name: table } of tables) {
		const { rows } = await pool.query<{ n: number }>(
			`SELECT count(*)::int AS n FROM "${table}" t WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS x(needle) WHERE strpos(t::text, x.needle) > 0)`,
			[needles],
		);
		if (rows[0].n) found[table] = rows[0].n;
	}
	return found;
}

async function redisKeys(): Promise<string[]> {
	const raw = new Redis(TEST_REDIS);
	const keys = await raw.keys(`${storage.redis.keyPrefix}*`);
	await raw.quit();
	return keys;
}

async function hashesOf(leadId: string): Promise<string[]> {
	const pool = await getPool(storage.postgres);
	const { rows } = await pool.query('SELECT wa_hash FROM leads WHERE id = $1', [leadId]);
	return rows.map((row) => row.wa_hash as string);
}

describe('Academy Lead › Privacy › Erase', () => {
	beforeAll(async () => {
		await createAcademy(storage);
	});

	it('erases every row and Redis key of a lead, reports what went, and leaves other leads alone', async () => {
		const erased = await busyLead('5491122220001', true);
		const kept = await busyLead('5491122220002', true);
		const needles = [erased.lead.id, ...(await hashesOf(erased.lead.id)), ...erased.messageHashes];
		const keptNeedles = [kept.lead.id, ...(await hashesOf(kept.lead.id)), ...kept.messageHashes];
		expect(Object.keys(await mentions(needles))).toEqual(
			expect.arrayContaining(['leads', 'lead_events', 'messages', 'follow_up_steps', 'seen_keys']),
		);
		expect((await redisKeys()).filter((key) => needles.some((n) => key.includes(n))).length).toBe(4);

		const json = await runLeadJson(storage, { resource: 'privacy', operation: 'erase' }, { lead: erased.lead }, { redis: true });

		expect(json.erasure).toEqual({
			leadId: erased.lead.id,
			found: true,
			rows: { follow_up_steps: 5, lead_events: 3, leads: 1, messages: 3, seen_keys: 3 },
			redisKeys: 4,
		});
		expect(await mentions(needles)).toEqual({});
		expect((await redisKeys()).filter((key) => needles.some((n) => key.includes(n)))).toEqual([]);
		expect(Object.keys(await mentions(keptNeedles)).length).toBeGreaterThanOrEqual(5);
		expect((await redisKeys()).filter((key) => keptNeedles.some((n) => key.includes(n))).length).toBe(4);
	});

	it('finds the lead by a phone number staff typed, works without Redis, and reports a second erasure as not found', async () => {
		const { lead } = await busyLead('5491122220003', false);
		const academy = await createAcademy(storage);
		const byPhone = { resource: 'privacy', operation: 'erase', findBy: 'phone', phone: '+54 9 11 2222-0003' };
		const json = await runLeadJson(storage, byPhone, { academy });
		expect(json.erasure).toMatchObject({ leadId: lead.id, found: true, redisKeys: 0 });
		expect(await mentions([lead.id, ...(await hashesOf(lead.id))])).toEqual({});

		expect((await runLeadJson(storage, byPhone, { academy })).erasure).toEqual({ leadId: null, found: false, rows: {}, redisKeys: 0 });
		const again = await runLeadJson(storage, { resource: 'privacy', operation: 'erase' }, { lead }, { redis: true });
		expect(again.erasure).toEqual({ leadId: lead.id, found: false, rows: {}, redisKeys: 0 });
	});

	it('refuses an id that is not a lead id, per item', async () => {
		const [item] = await runLead(storage, { resource: 'privacy', operation: 'erase', leadId: '5491122220001' }, [{}], {
			continueOnFail: true,
		});
		expect(item.json.error).toMatch(/Lead ID "5491122220001" is not an id/);
	});
});
