import type { IDataObject } from 'n8n-workflow';

import { getPool } from '../../../../nodes/shared/storage/postgres';
import { isolatedStorage } from '../../../helpers/storage';
import { createAcademy, inbound, runLeadJson, upsertParameters } from '../lead-node';

const storage = isolatedStorage('lead_purge');
beforeAll(() => storage.redisConnected());
afterAll(() => storage.cleanup());

const DAY = 86_400_000;
const NOW = new Date('2026-06-30T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

async function write(phoneNumberId: string, waId: string, at: string, text: string) {
	const message = inbound({ phoneNumberId, waId, timestamp: at, text });
	const json = await runLeadJson(storage, upsertParameters, { message: message as unknown as IDataObject }, { redis: true });
	return json.lead as { id: string };
}

const purge = (options: IDataObject = {}) => ({
	resource: 'privacy',
	operation: 'purge',
	options: { referenceTime: NOW.toISOString(), ...options },
});

describe('Academy Lead › Privacy › Purge', () => {
	it('deletes messages past the retention period per academy, then everywhere, keeping leads and recent messages', async () => {
		const palermo = await createAcademy(storage);
		const belgrano = await createAcademy(storage, '200000000000002');
		const lead = await write(palermo.phoneNumberId, '5491133330001', daysAgo(100), 'hola, cuánto sale?');
		await write(palermo.phoneNumberId, '5491133330001', daysAgo(1), 'sigo interesado');
		await write(belgrano.phoneNumberId, '5491133330002', daysAgo(95), 'hola');
		await write(belgrano.phoneNumberId, '5491133330003', daysAgo(89), 'hola');

		const one = await runLeadJson(storage, purge({ academyId: palermo.id }), {}, { redis: true });
		expect(one.purge).toEqual({
			retentionDays: 90,
			before: '2026-04-01T12:00:00.000Z',
			messages: 1,
			leads: 1,
			academies: [{ academyId: palermo.id, messages: 1, leads: 1 }],
			eventsUnlinked: 1,
			expiredSeenKeys: 0,
			historyCachesCleared: 1,
		});
		const history = await runLeadJson(storage, { resource: 'message', operation: 'getHistory' }, { lead }, { redis: true });
		expect((history.history as Array<{ text: string }>).map((line) => line.text)).toEqual(['sigo interesado']);

		const all = await runLeadJson(storage, purge(), {}, { redis: true });
		expect(all.purge).toMatchObject({ messages: 1, academies: [{ academyId: belgrano.id, messages: 1, leads: 1 }] });

		const pool = await getPool(storage.postgres);
		const { rows } = await pool.query('SELECT count(*)::int AS messages, (SELECT count(*)::int FROM leads) AS leads FROM messages');
		expect(rows[0]).toEqual({ messages: 2, leads: 3 });

		const again = await runLeadJson(storage, purge(), {}, {});
		expect(again.purge).toMatchObject({ messages: 0, historyCachesCleared: 0 });
	});

	it('takes a shorter retention when staff set one', async () => {
		const json = await runLeadJson(storage, { ...purge(), retentionDays: 30 }, {});
		expect(json.purge).toMatchObject({ retentionDays: 30, before: '2026-05-31T12:00:00.000Z', messages: 1 });
	});
});
