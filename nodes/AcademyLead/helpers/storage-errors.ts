/** Errors that mean Postgres could not be used at all, as opposed to a refused value. */
const UNREACHABLE = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'28000',
	'28P01',
	'3D000',
	'57P01',
	'57P02',
	'57P03',
	'08000',
	'08001',
	'08003',
	'08004',
	'08006',
]);

const UNREACHABLE_WORDS = /timeout exceeded when trying to connect|Connection terminated|connect ECONN/i;

/**
 * Turns a connection failure into words staff can act on; other errors keep their message.
 * Every write runs in a transaction, so a failure never leaves half an operation behind. The
 * driver's own words go to the description: n8n would replace a message naming ECONNREFUSED
 * with its generic "perhaps it is offline".
 */
export function describeStorageError(error: unknown): { message: string; description?: string } {
	const { code, message } = (error ?? {}) as { code?: string; message?: string };
	const text = message ?? String(error);
	if ((code && UNREACHABLE.has(code)) || UNREACHABLE_WORDS.test(text)) {
		return {
			message:
				'The academy database (Postgres) cannot be used. Check the Academy Bot Postgres credential (host, port, database, user, password) and that the database is running. Nothing was saved.',
			description: `Postgres said: ${text}`,
		};
	}
	return { message: text };
}
