import Redis from 'ioredis';
import type { IDataObject } from 'n8n-workflow';

import { cipherFor } from '../../../nodes/shared/storage/crypto';
import { getPool } from '../../../nodes/shared/storage/postgres';
import { getRedis } from '../../../nodes/shared/storage/redis';
import { firstDeliveries } from '../../../nodes/WhatsAppCloudTrigger/deliveries';
import { fixture } from '../../helpers/fixtures';
import { TEST_REDIS } from '../../helpers/services';
import { isolatedStorage } from '../../helpers/storage';
import { createAcademy, inbound, inboundFromFixture, runLead, runLeadJson, statusFromFixture, upsertParameters } from './lead-node';

const storage = isolatedStorage('lead_at_rest');
beforeAll(() => storage.redisConnected());
afterAll(() => storage.cleanup());

/** Everything personal the steps below write; none of it may be readable in the stores. */
const message = inboundFromFixture('wa-inbound-text-ctwa-referral');
const USERNAME_USER = 'user.9373795779eb6441c8adb2eaee5b848e7dd174ddd302d7db62142f4722d574b6';
const SECRETS = [
	message.waId,
	message.profileName as string,
	message.text,
	USERNAME_USER,
	'Quiero probar una clase el martes',
	'¡Claro! Te espero el martes a las 19:00.',
	'Lesión de rodilla en 2024',
	'Marcos Pereira',
	'5491155550000',
	'5491155550001',
];

/** Real message ids (Meta's fixtures): a wamid is base64 of bytes that hold a phone number. */
const sameSender = (name: string, text: string) => ({ ...inboundFromFixture(name), waId: message.waId, text });
const SECOND = sameSender('wa-inbound-contacts', 'Quiero probar una clase el martes');
const THIRD = sameSender('wa-inbound-text-referred-product', '¿Hay que llevar kimono?');
const REPLY_ID = fixture<{ messages: Array<{ id: string }> }>('whatsapp', 'wa-send-response').messages[0].id;

/** The phone number a wamid carries: after `wamid.`, base64 of 1C 18, the number's length, the number, … */
function numbersIn(messageId: string): string[] {
	const raw = Buffer.from(messageId.slice('wamid.'.length), 'base64');
	return raw[0] === 0x1c && raw[1] === 0x18 ? [raw.subarray(3, 3 + raw[2]).toString('latin1')] : [];
}

/**
 * The base64 text a run of digits turns into wherever it sits in a longer byte string: one form
 * per alignment, without the characters at either end that depend on the neighbouring bytes.
 */
function base64Forms(digits: string): string[] {
	return [0, 1, 2].map((offset) => {
		const encoded = Buffer.concat([Buffer.alloc(offset), Buffer.from(digits)]).toString('base64').replace(/=+$/, '');
		return encoded.slice([0, 2, 3][offset], -2);
	});
}

async function rawTables(): Promise<Record<string, string>> {
	const pool = await getPool(storage.postgres);
	const { rows: tables } = await pool.query<{ table_name: string }>(
		`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
	);
	const dump: Record<string, string> = {};
	for (const { table_name: table } of tables) {
		const { rows } = await pool.query(`SELECT row_to_json(t)::text AS row FROM "${table}" t`);
		dump[table] = rows.map((row) => row.row as string).join('\n');
	}
	return dump;
}

async function rawRedis(): Promise<string> {
	const raw = new Redis(TEST_REDIS);
	const keys = await raw.keys(`${storage.redis.keyPrefix}*`);
	const values = await Promise.all(
		keys.map(async (key) => {
			const type = await raw.type(key);
			if (type === 'zset') return (await raw.zrange(key, 0, -1)).join('\n');
			if (type === 'string') return (await raw.get(key)) ?? '';
			if (type === 'hash') return JSON.stringify(await raw.hgetall(key));
			if (type === 'list') return (await raw.lrange(key, 0, -1)).join('\n');
			return type;
		}),
	);
	await raw.quit();
	return [...keys, ...values].join('\n');
}

describe('Academy Lead › personal data at rest', () => {
	it('recognises the phone numbers inside real message ids (so their absence below means something)', () => {
		const numbers = [message.messageId, REPLY_ID].flatMap(numbersIn);
		expect(numbers).toEqual(['16503879439', '16467043595']);
		expect(base64Forms(numbers[1]).some((form) => REPLY_ID.includes(form))).toBe(true);
	});

	it('keeps phone numbers, names, user ids, notes, message texts and message ids out of every table and Redis key', async () => {
		await createAcademy(storage);
		const run = async (parameters: IDataObject, item: IDataObject) =>
			runLeadJson(storage, parameters, item, { redis: true });
		const cipher = cipherFor(storage.postgres);
		const pool = await getPool(storage.postgres);
		// The trigger's duplicate check, as it runs for each delivery, with each of its stores.
		const seen = async (delivery: { messageId: string; status?: string }) => {
			expect(await firstDeliveries({ pool, cipher }, [delivery])).toEqual([true]);
			expect(await firstDeliveries({ pool, cipher, redis: getRedis(storage.redis) }, [delivery])).toEqual([true]);
		};

		await seen({ messageId: message.messageId });
		const { lead } = await run(upsertParameters, { message });
		const arrivals = [];
		for (const next of [SECOND, THIRD]) {
			await seen({ messageId: next.messageId });
			arrivals.push(await run(upsertParameters, { message: next }));
		}
		const [burst] = await runLead(storage, { resource: 'lead', operation: 'burst', windowSeconds: 0 }, [arrivals[1]], { redis: true });
		expect(burst.json.burst).toMatchObject({ count: 3, messageIds: [message.messageId, SECOND.messageId, THIRD.messageId] });
		const transition = { resource: 'lead', operation: 'transition', toState: 'INTERESTED', options: { walk: true, messageId: THIRD.messageId } };
		expect((await run(transition, { lead })).transition.events).toEqual([
			expect.objectContaining({ to: 'ENGAGED', messageId: THIRD.messageId }),
			expect.objectContaining({ to: 'INTERESTED', messageId: THIRD.messageId }),
		]);
		await run({ resource: 'message', operation: 'log' }, { lead, sent: { messageId: REPLY_ID }, reply: { text: '¡Claro! Te espero el martes a las 19:00.' } });
		const delivered = { ...statusFromFixture('wa-status-delivered'), messageId: REPLY_ID };
		await seen({ messageId: REPLY_ID, status: 'delivered' });
		expect((await run({ resource: 'message', operation: 'updateStatus' }, { status: delivered })).messageStatus).toEqual({
			found: true,
			changed: true,
			status: 'delivered',
		});
		await run({ resource: 'lead', operation: 'update', updateFields: { notes: 'Lesión de rodilla en 2024' } }, { lead });
		const username = inbound({ waId: '', userId: USERNAME_USER, profileName: 'Marcos Pereira' });
		await run(upsertParameters, { message: username });
		const history = await run({ resource: 'message', operation: 'getHistory' }, { lead });
		expect(history.history).toHaveLength(4);

		const tables = await rawTables();
		expect(Object.keys(tables)).toEqual(expect.arrayContaining(['academies', 'leads', 'lead_events', 'messages', 'seen_keys']));
		expect(tables.messages.split('\n')).toHaveLength(5);
		expect(tables.seen_keys.split('\n')).toHaveLength(4);
		const redis = await rawRedis();
		expect(redis).toContain(`history:${lead.id}`);
		expect(redis.match(/seen:wa:/g)).toHaveLength(4);
		const messageIds = [message.messageId, SECOND.messageId, THIRD.messageId, REPLY_ID, username.messageId];
		const numbers = [message.waId, ...messageIds.flatMap(numbersIn)];
		const secrets = [...SECRETS, ...messageIds, 'wamid', ...numbers, ...numbers.flatMap(base64Forms)];
		for (const secret of secrets) {
			for (const [table, content] of Object.entries(tables)) {
				expect({ table, secret, found: content.includes(secret) }).toEqual({ table, secret, found: false });
			}
			expect({ secret, redis: redis.includes(secret) }).toEqual({ secret, redis: false });
		}
	});
});
