import Redis from 'ioredis';
import type { IDataObject } from 'n8n-workflow';

import { getPool } from '../../../nodes/shared/storage/postgres';
import { TEST_REDIS } from '../../helpers/services';
import { isolatedStorage } from '../../helpers/storage';
import { createAcademy, inbound, inboundFromFixture, runLeadJson, upsertParameters } from './lead-node';

const storage = isolatedStorage('lead_at_rest');
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
	it('keeps phone numbers, names, user ids, notes and message texts out of every table and Redis key', async () => {
		await createAcademy(storage);
		const run = async (parameters: IDataObject, item: IDataObject) =>
			runLeadJson(storage, parameters, item, { redis: true });
		const { lead } = await run(upsertParameters, { message });
		await run(upsertParameters, { message: inbound({ waId: message.waId, text: 'Quiero probar una clase el martes' }) });
		await run({ resource: 'message', operation: 'log' }, { lead, sent: { messageId: 'wamid.reply-1' }, reply: { text: '¡Claro! Te espero el martes a las 19:00.' } });
		await run({ resource: 'lead', operation: 'update', updateFields: { notes: 'Lesión de rodilla en 2024' } }, { lead });
		await run(upsertParameters, { message: inbound({ waId: '', userId: USERNAME_USER, profileName: 'Marcos Pereira' }) });
		const history = await run({ resource: 'message', operation: 'getHistory' }, { lead });
		expect(history.history).toHaveLength(3);

		const tables = await rawTables();
		expect(Object.keys(tables)).toEqual(expect.arrayContaining(['academies', 'leads', 'lead_events', 'messages']));
		expect(tables.messages.split('\n')).toHaveLength(4);
		const redis = await rawRedis();
		expect(redis).toContain(`history:${lead.id}`);
		for (const secret of SECRETS) {
			for (const [table, content] of Object.entries(tables)) {
				expect({ table, found: content.includes(secret) }).toEqual({ table, found: false });
			}
			expect({ redis: redis.includes(secret) }).toEqual({ redis: false });
		}
	});
});
