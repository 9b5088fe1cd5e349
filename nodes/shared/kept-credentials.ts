import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	INode,
	INodeCredentials,
} from 'n8n-workflow';

/**
 * Reading a credential is costly in n8n: every `getCredentials` is a query on n8n's own database,
 * a decryption and a resolution of the credential's fields, and outside a run (in a webhook) it
 * also builds and throws away an expression isolate. A conversation message needs five
 * credentials in several steps; under load those reads were a tenth of n8n's CPU time
 * (`npm run bench`). So each credential is read at most once every CREDENTIAL_KEEP_MS per n8n
 * process, for the steps of every run and the trigger's webhooks alike: an edited credential
 * applies within CREDENTIAL_KEEP_MS.
 *
 * Sharing a read between workflows is safe: n8n checks that a workflow may use a credential
 * before its run starts (and when a trigger is activated), and the key is the credential's id.
 */
export const CREDENTIAL_KEEP_MS = 5_000;
/** Bounds the memory of an n8n that uses very many credentials; the data holds secrets. */
const MAX_ENTRIES = 1_000;
/** Entries expire in the order they were added, so a sweep stops at the first live one. */
const kept = new Map<string, { until: number; data: Promise<object> }>();

/** What every n8n context a node runs in (a step, a webhook, a webhook's setup) offers. */
interface CredentialReader {
	getNode(): INode;
	getCredentials<T extends object = ICredentialDataDecryptedObject>(type: string): Promise<T>;
}

const credentialsByContext = new WeakMap<CredentialReader, INodeCredentials>();

/**
 * The credentials the node names. n8n's getNode() deep-copies the whole node, parameters
 * included, on every call, and a step reads its credentials several times: one copy per step.
 */
export function nodeCredentials(context: CredentialReader): INodeCredentials {
	let credentials = credentialsByContext.get(context);
	if (!credentials) {
		credentials = context.getNode().credentials ?? {};
		credentialsByContext.set(context, credentials);
	}
	return credentials;
}

export async function keptCredentials<T extends object = ICredentialDataDecryptedObject>(
	context: CredentialReader,
	type: string,
): Promise<T> {
	const credentialId = nodeCredentials(context)[type]?.id;
	// A node that names its credential without an id (an old workflow) is read every time.
	if (!credentialId) return await context.getCredentials<T>(type);
	const key = `${type}\u0000${credentialId}`;
	const now = Date.now();
	let entry = kept.get(key);
	if (!entry || entry.until <= now) {
		forgetExpired(now);
		entry = { until: now + CREDENTIAL_KEEP_MS, data: context.getCredentials<T>(type) };
		kept.delete(key);
		kept.set(key, entry);
		// A failed read is not kept: the next call asks n8n again and reports n8n's error.
		const failed = entry;
		failed.data.catch(() => kept.get(key) === failed && kept.delete(key));
	}
	return (await entry.data) as T;
}

/**
 * Kept data for n8n's `httpRequestWithAuthentication`, which otherwise reads the credential again
 * for every request it signs (a copy: n8n may add refreshed fields to what it is given).
 */
export function keptForRequest(
	context: CredentialReader,
	type: string,
	data: object,
): IAdditionalCredentialOptions {
	const credential = nodeCredentials(context)[type];
	if (!credential?.id) return {};
	const decrypted = { ...data } as ICredentialDataDecryptedObject;
	return {
		credentialsDecrypted: { id: credential.id, name: credential.name, type, data: decrypted },
	};
}

function forgetExpired(now: number): void {
	for (const [key, { until }] of kept) {
		if (until > now && kept.size < MAX_ENTRIES) return;
		kept.delete(key);
	}
}
