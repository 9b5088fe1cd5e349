import { Pool, type PoolClient, type PoolConfig } from 'pg';

import { connectionKey } from './connection-key';
import { migrate } from './migrate';

export interface AcademyPostgresCredentials {
	secretConnectionString?: string;
	host?: string;
	port?: number;
	database?: string;
	user?: string;
	password?: string;
	ssl?: 'disable' | 'require' | 'verify-full';
	schema?: string;
	encryptionSecret?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema is spliced into SQL as an identifier, so only plain lower-case names are accepted. */
export function schemaOf(credentials: AcademyPostgresCredentials): string {
	const schema = (credentials.schema ?? '').trim() || 'academy_bot';
	if (!SCHEMA_NAME.test(schema)) {
		throw new Error(
			`Schema name "${schema}" is not allowed: use lower-case letters, digits and underscores, starting with a letter (for example academy_bot)`,
		);
	}
	return schema;
}

function poolConfig(credentials: AcademyPostgresCredentials, schema: string): PoolConfig {
	const ssl =
		credentials.ssl === 'require'
			? { rejectUnauthorized: false }
			: credentials.ssl === 'verify-full'
				? { rejectUnauthorized: true }
				: undefined;
	const common: PoolConfig = {
		ssl,
		max: 10,
		idleTimeoutMillis: 30_000,
		connectionTimeoutMillis: 5_000,
		application_name: 'n8n-nodes-academy-bot',
		// Unqualified table names in every query resolve to the academy schema.
		options: `-c search_path="${schema}",public`,
	};
	if (credentials.secretConnectionString?.trim()) {
		return { ...common, connectionString: credentials.secretConnectionString.trim() };
	}
	return {
		...common,
		host: credentials.host,
		port: credentials.port,
		database: credentials.database,
		user: credentials.user,
		password: credentials.password || undefined,
	};
}

interface PoolEntry {
	pool: Pool;
	ready: Promise<void>;
}

const pools = new Map<string, PoolEntry>();

/** The encryption key does not change the connection, so it does not split the pool. */
const NOT_CONNECTION = ['encryptionSecret'];

/**
 * One bounded pool per credential per process, shared by every execution, with the schema
 * migrated once. A failed migration (database down) is forgotten so the next call tries again.
 */
export async function getPool(credentials: AcademyPostgresCredentials): Promise<Pool> {
	const key = connectionKey(credentials, NOT_CONNECTION);
	let entry = pools.get(key);
	if (!entry) {
		const schema = schemaOf(credentials);
		const pool = new Pool(poolConfig(credentials, schema));
		// An idle client that loses its server must not crash n8n; the next query reconnects.
		pool.on('error', () => undefined);
		const ready = migrate(pool, schema);
		entry = { pool, ready };
		pools.set(key, entry);
		ready.catch(() => {
			if (pools.get(key) === entry) pools.delete(key);
			void pool.end().catch(() => undefined);
		});
		registerShutdown();
	}
	await entry.ready;
	return entry.pool;
}

/** Runs `work` in one transaction: everything it wrote is kept, or nothing is. */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		const result = await work(client);
		await client.query('COMMIT');
		return result;
	} catch (error) {
		await client.query('ROLLBACK').catch(() => undefined);
		throw error;
	} finally {
		client.release();
	}
}

export async function closeAllPools(): Promise<void> {
	const entries = [...pools.values()];
	pools.clear();
	await Promise.all(entries.map(async ({ pool }) => pool.end().catch(() => undefined)));
}

let shutdownRegistered = false;

function registerShutdown() {
	if (shutdownRegistered) return;
	shutdownRegistered = true;
	for (const signal of ['SIGTERM', 'SIGINT'] as const) {
		process.once(signal, () => void closeAllPools());
	}
}
