import { getPool } from '../../../nodes/shared/storage/postgres';
import { isolatedStorage } from '../../helpers/storage';
import { createAcademy, inbound, runLead, runLeadJson, upsertParameters } from './lead-node';

const storage = isolatedStorage('lead_failure');
afterAll(() => storage.cleanup());

describe('Academy Lead › storage failures', () => {
	it('says the database cannot be used, in words staff can act on', async () => {
		const down = { ...storage, postgres: { ...storage.postgres, port: 1 } };
		const attempt = runLead(down, upsertParameters, [{ message: inbound() }]);
		await expect(attempt).rejects.toThrow(/The academy database \(Postgres\) cannot be used/);
		await expect(attempt).rejects.toThrow(/Check the Academy Bot Postgres credential .* Nothing was saved/);
		const [item] = await runLead(down, upsertParameters, [{ message: inbound() }], { continueOnFail: true });
		expect(item.json.error).toMatch(/cannot be used/);
		expect(item.json.error).not.toContain(inbound().waId);
	});

	it('leaves nothing half-written when a step of the transaction fails', async () => {
		await createAcademy(storage);
		const pool = await getPool(storage.postgres);
		// A database that refuses the last write of the upsert, as a full disk or a lost connection would.
		await pool.query(`
			CREATE FUNCTION refuse_message() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN RAISE EXCEPTION 'disk full'; END $$;
			CREATE TRIGGER refuse_message BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_message();
		`);
		const count = async () =>
			(await pool.query('SELECT (SELECT count(*) FROM leads)::int AS leads, (SELECT count(*) FROM lead_events)::int AS events')).rows[0];
		await expect(runLead(storage, upsertParameters, [{ message: inbound({ waId: '5491166660000' }) }])).rejects.toThrow(/disk full/);
		expect(await count()).toEqual({ leads: 0, events: 0 });
		await pool.query('DROP TRIGGER refuse_message ON messages');

		const { lead } = await runLeadJson(storage, upsertParameters, { message: inbound({ waId: '5491166660000' }) });
		await pool.query('CREATE TRIGGER refuse_event BEFORE INSERT ON lead_events FOR EACH ROW EXECUTE FUNCTION refuse_message()');
		await expect(
			runLead(storage, { resource: 'lead', operation: 'transition', toState: 'SCHEDULED', options: { walk: true } }, [{ lead }]),
		).rejects.toThrow(/disk full/);
		expect((await pool.query('SELECT state FROM leads WHERE id = $1', [lead.id])).rows).toEqual([{ state: 'NEW' }]);
		await pool.query('DROP TRIGGER refuse_event ON lead_events');
	});
});
