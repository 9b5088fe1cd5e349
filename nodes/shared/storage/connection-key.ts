import { createHash } from 'node:crypto';

const keys = new WeakMap<object, string>();

/**
 * The key of the shared connection (pool, client) for these credentials, without the fields that
 * do not change the connection. Each step asks for it; a credential is one object for seconds
 * (kept-credentials.ts), so it is hashed once per object, not once per step.
 */
export function connectionKey(credentials: object, ignored: readonly string[] = []): string {
	let key = keys.get(credentials);
	if (key === undefined) {
		const connection: Record<string, unknown> = { ...credentials };
		for (const field of ignored) delete connection[field];
		key = createHash('sha256').update(JSON.stringify(connection)).digest('hex');
		keys.set(credentials, key);
	}
	return key;
}
