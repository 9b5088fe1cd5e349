import type Redis from 'ioredis';
import type { Pool } from 'pg';

import type { PersonalDataCipher } from './crypto';

export interface DedupeStores {
	pool?: Pool;
	redis?: Redis;
}

/**
 * The duplicate-check key of something known by an id: the id appears only as its lookup hash
 * (a WhatsApp message id carries the sender's number). The Lead node stores message ids under
 * the same hash, so erasing a lead finds these keys by it.
 */
export function sightingKey(cipher: PersonalDataCipher, kind: string, id: string): string {
	return `${kind}:${cipher.hash(id)}`;
}

/**
 * True the first time `key` is seen within `ttlSeconds`, false for every repeat, also when two
 * deliveries race. Redis answers when configured and reachable; Postgres otherwise. The key is
 * stored as given: build it with sightingKey when it names anything personal.
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
