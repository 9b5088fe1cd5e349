import type Redis from 'ioredis';
import type { Pool, PoolClient } from 'pg';

import type { PersonalDataCipher } from '../../shared/storage/crypto';

/** A pool or a client inside a transaction (see withTransaction in shared/storage/postgres). */
export type Db = Pool | PoolClient;

/** Everything the Lead node's storage needs; Redis is absent when no Redis credential is set. */
export interface LeadStores {
	pool: Pool;
	redis?: Redis;
	cipher: PersonalDataCipher;
}

export function isoOrNull(value: Date | null | undefined): string | null {
	return value ? value.toISOString() : null;
}
