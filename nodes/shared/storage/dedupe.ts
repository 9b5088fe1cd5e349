import type Redis from 'ioredis';
import type { Pool } from 'pg';

export interface DedupeStores {
	pool?: Pool;
	redis?: Redis;
}

/**
 * True the first time `key` is seen within `ttlSeconds`, false for every repeat, also when two
 * deliveries race. Redis answers when configured and reachable; Postgres otherwise.
 */
export async function firstSighting(stores: DedupeStores, key: string, ttlSeconds: number): Promise<boolean> {
	if (stores.redis) {
		try {
			return (await stores.redis.set(`seen:${key}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
		} catch (error) {
			if (!stores.pool) throw error;
		}
	}
	if (!stores.pool) throw new Error('Duplicate suppression needs a Postgres or Redis credential');
	const { rowCount } = await stores.pool.query(
		`INSERT INTO seen_keys (key, expires_at) VALUES ($1, now() + make_interval(secs => $2))
		 ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE seen_keys.expires_at < now()`,
		[key, ttlSeconds],
	);
	if (Math.random() < 0.01) {
		await stores.pool.query('DELETE FROM seen_keys WHERE expires_at < now()').catch(() => undefined);
	}
	return rowCount === 1;
}
