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
	return (await firstSightings(stores, [key], ttlSeconds))[0];
}

/**
 * firstSighting for several keys at once, all remembered or none: when this throws, nothing was
 * recorded, so a redelivery of the same batch is still seen as new. A key repeated in `keys` is
 * new only at its first place.
 */
export async function firstSightings(stores: DedupeStores, keys: string[], ttlSeconds: number): Promise<boolean[]> {
	const fresh = await freshKeys(stores, [...new Set(keys)], ttlSeconds);
	// Deleting answers true once per key: a repeat later in `keys` is not new.
	return keys.map((key) => fresh.delete(key));
}

async function freshKeys(stores: DedupeStores, keys: string[], ttlSeconds: number): Promise<Set<string>> {
	if (!keys.length) return new Set();
	if (stores.redis) {
		try {
			// MULTI/EXEC applies every SET or none.
			const transaction = stores.redis.multi();
			for (const key of keys) transaction.set(`seen:${key}`, '1', 'EX', ttlSeconds, 'NX');
			const results = (await transaction.exec()) ?? [];
			if (results.length !== keys.length) throw new Error('Redis did not run the duplicate check');
			for (const [error] of results) if (error) throw error;
			return new Set(keys.filter((_, i) => results[i][1] === 'OK'));
		} catch (error) {
			if (!stores.pool) throw error;
		}
	}
	if (!stores.pool) throw new Error('Duplicate suppression needs a Postgres or Redis credential');
	const { rows } = await stores.pool.query<{ key: string }>(
		`INSERT INTO seen_keys (key, expires_at) SELECT key, now() + make_interval(secs => $2) FROM unnest($1::text[]) AS key
		 ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE seen_keys.expires_at < now()
		 RETURNING key`,
		[keys, ttlSeconds],
	);
	if (Math.random() < 0.01) {
		await stores.pool.query('DELETE FROM seen_keys WHERE expires_at < now()').catch(() => undefined);
	}
	return new Set(rows.map((row) => row.key));
}
