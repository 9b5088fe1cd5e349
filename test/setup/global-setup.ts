import { Client } from 'pg';
import Redis from 'ioredis';

import { TEST_POSTGRES, TEST_REDIS } from '../helpers/services';

/** Fails the run at once, with the fix, when a storage service is missing: better than 200 timeouts. */
export default async function globalSetup(): Promise<void> {
	const pg = new Client({ ...TEST_POSTGRES, connectionTimeoutMillis: 3000 });
	try {
		await pg.connect();
		await pg.query('SELECT 1');
	} catch (error) {
		throw new Error(
			`Postgres does not answer at ${TEST_POSTGRES.host}:${TEST_POSTGRES.port} (${(error as Error).message}). Start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
		);
	} finally {
		await pg.end().catch(() => undefined);
	}
	const redis = new Redis({ ...TEST_REDIS, lazyConnect: true, retryStrategy: () => null });
	redis.on('error', () => undefined);
	try {
		await redis.connect();
		await redis.ping();
	} catch (error) {
		throw new Error(
			`Redis does not answer at ${TEST_REDIS.host}:${TEST_REDIS.port} (${(error as Error).message}). Start it: redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no`,
		);
	} finally {
		redis.disconnect();
	}
}
