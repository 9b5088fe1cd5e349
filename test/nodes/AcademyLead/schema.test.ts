import { getPool } from '../../../nodes/shared/storage/postgres';
import { isolatedStorage } from '../../helpers/storage';

const storage = isolatedStorage('lead_schema');
afterAll(() => storage.cleanup());

describe('lead schema migration', () => {
	it('creates every table of the Lead node once', async () => {
		const pool = await getPool(storage.postgres);
		const { rows } = await pool.query<{ table_name: string }>(
			`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
		);
		expect(rows.map((r) => r.table_name)).toEqual(
			expect.arrayContaining(['academies', 'follow_up_steps', 'lead_events', 'leads', 'messages']),
		);
		const versions = await pool.query('SELECT version FROM schema_migrations WHERE version = 10');
		expect(versions.rowCount).toBe(1);
	});

	it('orders message statuses so a late delivered never outranks read', async () => {
		const pool = await getPool(storage.postgres);
		const { rows } = await pool.query(
			`SELECT message_status_rank('sent') < message_status_rank('delivered') AS a,
			        message_status_rank('delivered') < message_status_rank('read') AS b,
			        message_status_rank('read') < message_status_rank('failed') AS c`,
		);
		expect(rows[0]).toEqual({ a: true, b: true, c: true });
	});
});
