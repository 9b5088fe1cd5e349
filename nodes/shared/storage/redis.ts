import Redis from 'ioredis';

import { connectionKey } from './connection-key';

export interface AcademyRedisCredentials {
	host?: string;
	port?: number;
	user?: string;
	password?: string;
	database?: number;
	tls?: boolean;
	keyPrefix?: string;
}

const clients = new Map<string, Redis>();

/**
 * One client per credential per process. Commands fail within about a second when Redis is
 * away, so every caller can fall back to Postgres instead of hanging.
 */
export function getRedis(credentials: AcademyRedisCredentials): Redis {
	const key = connectionKey(credentials);
	let client = clients.get(key);
	if (!client) {
		client = new Redis({
			host: credentials.host || 'localhost',
			port: credentials.port || 6379,
			username: credentials.user || undefined,
			password: credentials.password || undefined,
			db: credentials.database ?? 0,
			tls: credentials.tls ? {} : undefined,
			keyPrefix: credentials.keyPrefix ?? 'academy-bot:',
			connectTimeout: 2_000,
			commandTimeout: 1_000,
			maxRetriesPerRequest: 1,
			retryStrategy: (times) => Math.min(times * 200, 2_000),
		});
		// Without a listener ioredis reports connection errors as unhandled; callers see them per command.
		client.on('error', () => undefined);
		clients.set(key, client);
		registerShutdown();
	}
	return client;
}

export async function closeAllRedis(): Promise<void> {
	const all = [...clients.values()];
	clients.clear();
	// quit() waits for a connection that may never come; a client that is not ready just disconnects.
	await Promise.all(
		all.map(async (client) =>
			client.status === 'ready' ? client.quit().catch(() => client.disconnect()) : client.disconnect(),
		),
	);
}

let shutdownRegistered = false;

function registerShutdown() {
	if (shutdownRegistered) return;
	shutdownRegistered = true;
	for (const signal of ['SIGTERM', 'SIGINT'] as const) {
		process.once(signal, () => void closeAllRedis());
	}
}
