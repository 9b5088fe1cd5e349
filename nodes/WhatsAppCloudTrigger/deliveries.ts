import type Redis from 'ioredis';
import type { Pool } from 'pg';

import type { PersonalDataCipher } from '../shared/storage/crypto';
import { firstSightings, sightingKey } from '../shared/storage/dedupe';

/** Meta redelivers for up to 7 days; a day more covers clock skew and a late last attempt. */
export const DEDUPE_TTL_SECONDS = 8 * 24 * 60 * 60;

const WINDOW_MS = 60_000;

export interface DeliveryStores {
	pool: Pool;
	/** Answers first when set; Postgres takes over while it is down. */
	redis?: Redis;
	/** The Postgres credential's: message ids and senders are kept only as its lookup hashes. */
	cipher: PersonalDataCipher;
}

/** What Meta may deliver more than once: a message, or one status of a message sent. */
export interface Delivery {
	messageId: string;
	status?: string;
}

/**
 * For each event, true the first time Meta delivers it and false for every redelivery, also when
 * copies arrive at the same moment. All are remembered or, when this throws, none.
 */
export async function firstDeliveries(stores: DeliveryStores, deliveries: Delivery[]): Promise<boolean[]> {
	const keys = deliveries.map(({ messageId, status }) =>
		sightingKey(stores.cipher, status === undefined ? 'wa:msg' : `wa:status:${status}`, messageId),
	);
	return await firstSightings(stores, keys, DEDUPE_TTL_SECONDS);
}

/** Adds `count` messages to this sender's tally for the current minute and returns the new tally. */
export async function countThisMinute(
	stores: DeliveryStores,
	senderHash: string,
	count: number,
	now: number,
): Promise<number> {
	const window = Math.floor(now / WINDOW_MS);
	const key = `flood:${senderHash}:${window}`;
	if (stores.redis) {
		try {
			const results = await stores.redis.multi().incrby(key, count).pexpire(key, 2 * WINDOW_MS).exec();
			const [error, total] = results?.[0] ?? [new Error('Redis returned no result')];
			if (error) throw error;
			return Number(total);
		} catch {
			// Redis is down: count in Postgres instead.
		}
	}
	const { rows } = await stores.pool.query<{ count: number }>(
		`INSERT INTO rate_counters (key, count, expires_at) VALUES ($1, $2, to_timestamp($3 / 1000.0))
		 ON CONFLICT (key) DO UPDATE SET count = rate_counters.count + EXCLUDED.count
		 RETURNING count`,
		[key, count, (window + 2) * WINDOW_MS],
	);
	if (Math.random() < 0.01) {
		await stores.pool.query('DELETE FROM rate_counters WHERE expires_at < now()').catch(() => undefined);
	}
	return rows[0].count;
}
