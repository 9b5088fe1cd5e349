import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';

import type { AcademyPostgresCredentials } from '../../nodes/shared/storage/postgres';
import { closeAllPools } from '../../nodes/shared/storage/postgres';
import type { AcademyRedisCredentials } from '../../nodes/shared/storage/redis';
import { closeAllRedis, getRedis } from '../../nodes/shared/storage/redis';
import { TEST_POSTGRES, TEST_REDIS } from './services';

export interface IsolatedStorage {
	postgres: AcademyPostgresCredentials;
	redis: AcademyRedisCredentials;
	/**
	 * Connects the client the nodes share for these credentials. Until it is connected the nodes
	 * skip Redis on purpose (Postgres answers at once), so a test that asserts what Redis holds
	 * waits for it first instead of racing the connection.
	 */
	redisConnected(): Promise<void>;
	/** Drops the schema and the Redis keys this test file made, and closes the shared clients. */
	cleanup(): Promise<void>;
}

/**
 * Credentials for a schema and a Redis key prefix of this test file's own, against the real
 * services, so test files can run in parallel without seeing each other's rows or keys.
 */
export function isolatedStorage(label: string): IsolatedStorage {
	const suffix = `${label.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_${randomBytes(4).toString('hex')}`;
	const schema = `t_${suffix}`.slice(0, 63);
	const postgres: AcademyPostgresCredentials = {
		...TEST_POSTGRES,
		ssl: 'disable',
		schema,
		encryptionSecret: `test-key-${suffix}`,
	};
	const redis: AcademyRedisCredentials = { ...TEST_REDIS, database: 0, keyPrefix: `test:${suffix}:` };
	return {
		postgres,
		redis,
		async redisConnected() {
			const client = getRedis(redis);
			if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
		},
		async cleanup() {
			await closeAllRedis();
			// A client without the prefix, so the full names KEYS returns are deleted as they are.
			const raw = new Redis(TEST_REDIS);
			const keys = await raw.keys(`${redis.keyPrefix}*`);
			if (keys.length) await raw.del(...keys);
			await raw.quit();
			await closeAllPools();
			const admin = new Client(TEST_POSTGRES);
			await admin.connect();
			await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
			await admin.end();
		},
	};
}
