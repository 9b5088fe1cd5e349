import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { Client } from 'pg';
import Redis from 'ioredis';

import type { AcademyPostgresCredentials } from './postgres';
import type { AcademyRedisCredentials } from './redis';

const ok: INodeCredentialTestResult = { status: 'OK', message: 'Connection successful' };

function failed(what: string, error: unknown): INodeCredentialTestResult {
	const reason = error instanceof Error ? error.message : String(error);
	return { status: 'Error', message: `Could not connect to ${what}: ${reason}` };
}

/** Connects once, outside the shared pool, so a wrong password is never cached. */
export async function academyPostgresConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data as AcademyPostgresCredentials;
	if (!data.encryptionSecret) {
		return { status: 'Error', message: 'Set a Data Encryption Secret: phone numbers and messages are stored encrypted with it' };
	}
	const client = new Client(
		data.secretConnectionString?.trim()
			? { connectionString: data.secretConnectionString.trim(), connectionTimeoutMillis: 5000 }
			: {
					host: data.host,
					port: data.port,
					database: data.database,
					user: data.user,
					password: data.password || undefined,
					ssl: data.ssl && data.ssl !== 'disable' ? { rejectUnauthorized: data.ssl === 'verify-full' } : undefined,
					connectionTimeoutMillis: 5000,
				},
	);
	try {
		await client.connect();
		await client.query('SELECT 1');
		return ok;
	} catch (error) {
		return failed('Postgres', error);
	} finally {
		await client.end().catch(() => undefined);
	}
}

export async function academyRedisConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data as AcademyRedisCredentials;
	const client = new Redis({
		host: data.host || 'localhost',
		port: data.port || 6379,
		username: data.user || undefined,
		password: data.password || undefined,
		db: data.database ?? 0,
		tls: data.tls ? {} : undefined,
		lazyConnect: true,
		connectTimeout: 3000,
		maxRetriesPerRequest: 0,
		retryStrategy: () => null,
	});
	client.on('error', () => undefined);
	try {
		await client.connect();
		await client.ping();
		return ok;
	} catch (error) {
		return failed('Redis', error);
	} finally {
		client.disconnect();
	}
}
