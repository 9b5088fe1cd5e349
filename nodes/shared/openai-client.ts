import { createHash } from 'node:crypto';
import OpenAI from 'openai';

/** The Academy Bot OpenAI-Compatible API credential, as n8n hands it over. */
export interface OpenAiCredentials {
	apiKey?: string;
	baseUrl?: string;
	organization?: string;
	model?: string;
	transcriptionModel?: string;
	headerName?: string;
	headerSecret?: string;
}

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** How the SDK itself times out and retries; callers with their own policy keep it at none. */
export interface ClientTuning {
	timeoutMs?: number;
	maxRetries?: number;
}

const clients = new Map<string, OpenAI>();

/**
 * One SDK client per credential (and tuning) for the life of the process, shared by the nodes of
 * this package, so connections are reused across items, executions and nodes. The key is a hash:
 * the API key is not kept in clear beside the client.
 */
export function openAiClient(credentials: OpenAiCredentials, tuning: ClientTuning = {}): OpenAI {
	const { apiKey = '', organization = '', headerName = '', headerSecret = '' } = credentials;
	const baseUrl = (credentials.baseUrl || OPENAI_BASE_URL).replace(/\/+$/, '');
	const { timeoutMs, maxRetries = 0 } = tuning;
	const key = createHash('sha256')
		.update(JSON.stringify([apiKey, baseUrl, organization, headerName, headerSecret, timeoutMs ?? null, maxRetries]))
		.digest('hex');
	let client = clients.get(key);
	if (!client) {
		const defaultHeaders: Record<string, string | null> = {};
		// The SDK insists on a key; a keyless local server (Ollama, LM Studio) gets no Authorization header at all.
		if (!apiKey) defaultHeaders.Authorization = null;
		if (headerName) defaultHeaders[headerName] = headerSecret;
		client = new OpenAI({
			apiKey: apiKey || 'none',
			baseURL: baseUrl,
			organization: organization || null,
			project: null,
			maxRetries,
			...(timeoutMs ? { timeout: timeoutMs } : {}),
			defaultHeaders,
		});
		clients.set(key, client);
	}
	return client;
}
