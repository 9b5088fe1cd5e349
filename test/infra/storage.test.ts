import { firstSighting, firstSightings } from '../../nodes/shared/storage/dedupe';
import { getPool } from '../../nodes/shared/storage/postgres';
import { getRedis } from '../../nodes/shared/storage/redis';
import { isolatedStorage } from '../helpers/storage';

const storage = isolatedStorage('infra');
afterAll(() => storage.cleanup());

describe('shared storage', () => {
	it('migrates once even when many executions ask for the pool at the same moment', async () => {
		const pools = await Promise.all(Array.from({ length: 8 }, async () => getPool(storage.postgres)));
		expect(new Set(pools).size).toBe(1);
		const { rows } = await pools[0].query('SELECT version FROM schema_migrations ORDER BY version');
		expect(rows.map((r) => r.version)).toContain(1);
	});

	it.each([
		['Postgres alone', false],
		['Redis and Postgres', true],
	])('lets exactly one of several racing deliveries through (%s)', async (_label, withRedis) => {
		const pool = await getPool(storage.postgres);
		const redis = withRedis ? getRedis(storage.redis) : undefined;
		const key = `wamid.race-${withRedis}`;
		const results = await Promise.all(Array.from({ length: 10 }, async () => firstSighting({ pool, redis }, key, 60)));
		expect(results.filter(Boolean)).toHaveLength(1);
		expect(await firstSighting({ pool, redis }, key, 60)).toBe(false);
	});

	it('remembers a batch of keys all together or not at all, so a redelivery after a failed check is still new', async () => {
		const pool = await getPool(storage.postgres);
		// A NUL character is refused by Postgres: the whole check fails after the first key was sent.
		await expect(firstSightings({ pool }, ['batch-a', 'batch-\u0000', 'batch-b'], 60)).rejects.toThrow();
		expect(await firstSightings({ pool }, ['batch-a', 'batch-b', 'batch-a'], 60)).toEqual([true, true, false]);
		expect(await firstSightings({ pool }, ['batch-b', 'batch-c'], 60)).toEqual([false, true]);
	});
});
