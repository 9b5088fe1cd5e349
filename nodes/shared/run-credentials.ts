import type { ICredentialDataDecryptedObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

/**
 * Reading a credential is costly in n8n: every `getCredentials` reads it from n8n's database,
 * decrypts it and resolves its fields, and outside a run (in a webhook) it also builds and throws
 * away an isolate for expressions. In the conversation template that was about 25 reads per
 * message and 10 to 15 % of n8n's CPU time in `npm run bench`. These two functions read less often.
 */

/**
 * A credential's data for one run: every step of the run sees it as the first step that needed
 * it did; the next run reads it afresh, so an edited credential applies from the next message on.
 * Runs without an id (none in n8n itself, some in tests) read it every time.
 */
export async function runCredentials<T extends object = ICredentialDataDecryptedObject>(
	context: IExecuteFunctions,
	type: string,
): Promise<T> {
	const executionId = context.getExecutionId?.();
	return await cached(context, type, executionId && `run ${executionId}`, RUN_KEEP_MS);
}

/**
 * A trigger's credential for its webhook calls, read again after a few seconds: Meta's deliveries
 * under load no longer wait for three credential reads each, and a credential edited in n8n
 * applies within TRIGGER_KEEP_MS.
 */
export async function triggerCredentials<T extends object = ICredentialDataDecryptedObject>(
	context: IWebhookFunctions,
	type: string,
): Promise<T> {
	return await cached(context, type, 'trigger', TRIGGER_KEEP_MS);
}

/** Longer than a conversation's run takes; short, as the data holds secrets. */
const RUN_KEEP_MS = 60_000;
export const TRIGGER_KEEP_MS = 5_000;
const MAX_ENTRIES = 1_000;
/** One map per keep time: entries then expire in the order they were added, so a sweep stops at the first live one. */
const byKeep = new Map<number, Map<string, { until: number; data: Promise<object> }>>();

async function cached<T extends object>(
	context: IExecuteFunctions | IWebhookFunctions,
	type: string,
	scope: string | undefined,
	keepMs: number,
): Promise<T> {
	const credentialId = context.getNode().credentials?.[type]?.id;
	if (!credentialId || !scope) return await context.getCredentials<T>(type);
	const key = `${scope}\u0000${type}\u0000${credentialId}`;
	const now = Date.now();
	const entries = entriesKeptFor(keepMs);
	let entry = entries.get(key);
	if (!entry || entry.until <= now) {
		forgetExpired(entries, now);
		entry = { until: now + keepMs, data: context.getCredentials<T>(type) };
		entries.delete(key);
		entries.set(key, entry);
		// A failed read is not kept: the next call asks n8n again and reports n8n's error.
		const failed = entry;
		failed.data.catch(() => entries.get(key) === failed && entries.delete(key));
	}
	return (await entry.data) as T;
}

function entriesKeptFor(keepMs: number): Map<string, { until: number; data: Promise<object> }> {
	let entries = byKeep.get(keepMs);
	if (!entries) byKeep.set(keepMs, (entries = new Map()));
	return entries;
}

function forgetExpired(entries: Map<string, { until: number }>, now: number): void {
	for (const [key, { until }] of entries) {
		if (until > now && entries.size < MAX_ENTRIES) return;
		entries.delete(key);
	}
}
