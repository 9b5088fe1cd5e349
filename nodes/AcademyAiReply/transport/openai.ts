import type OpenAI from 'openai';
import {
	APIConnectionError,
	APIConnectionTimeoutError,
	APIError,
	APIUserAbortError,
	toFile,
} from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';

import { OPENAI_BASE_URL, type OpenAiCredentials } from '../../shared/openai-client';
import { parseRetryAfter, type RetryDecision } from '../../shared/retry';

/** The credential's base URL, or null when it is not an http(s) URL at all. */
export function baseUrlOf(credentials: OpenAiCredentials): URL | null {
	try {
		const url = new URL(credentials.baseUrl || OPENAI_BASE_URL);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
	} catch {
		return null;
	}
}

/** OpenAI itself cannot answer without a key; a local server (Ollama) or a gateway may. */
export function canAnswer(credentials: OpenAiCredentials): boolean {
	return Boolean(credentials.apiKey) || baseUrlOf(credentials)?.hostname !== 'api.openai.com';
}

export interface CallOptions {
	/** Aborts the call: the attempt's own timer, or the execution being stopped. */
	signal: AbortSignal;
	timeoutMs: number;
}

/** The SDK's own timer only backs up the caller's, which decides and knows it was a timeout. */
const sdkOptions = (options: CallOptions) => ({
	signal: options.signal,
	timeout: options.timeoutMs + 1000,
	maxRetries: 0,
});

export interface ChatRequest {
	model: string;
	messages: ChatCompletionMessageParam[];
	temperature: number;
	maxTokens: number;
}

export interface ChatAnswer {
	text: string;
	/** 'length' means the model was cut off at the token limit. */
	finishReason: string | null;
	usage: { prompt: number; completion: number } | null;
}

export async function chat(client: OpenAI, request: ChatRequest, options: CallOptions): Promise<ChatAnswer> {
	const completion = await client.chat.completions.create(
		{
			model: request.model,
			messages: request.messages,
			temperature: request.temperature,
			// max_tokens rather than max_completion_tokens: Ollama and most gateways only know this one.
			max_tokens: request.maxTokens,
		},
		sdkOptions(options),
	);
	const choice = completion.choices?.[0];
	return {
		text: choice?.message?.content ?? '',
		finishReason: choice?.finish_reason ?? null,
		usage: completion.usage
			? { prompt: completion.usage.prompt_tokens, completion: completion.usage.completion_tokens }
			: null,
	};
}

export async function transcribe(
	client: OpenAI,
	model: string,
	audio: { data: Buffer; mimeType: string; fileName: string },
	options: CallOptions,
): Promise<string> {
	const file = await toFile(audio.data, audio.fileName, { type: audio.mimeType });
	const result = await client.audio.transcriptions.create(
		{ file, model },
		sdkOptions(options),
	);
	return result.text.trim();
}

/** The seed's retry set: connection errors, timeouts, 429 (waiting as long as asked) and 5xx. */
export function retryDecision(error: unknown): RetryDecision {
	if (error instanceof APIConnectionError) return { retry: true };
	if (!(error instanceof APIError) || error.status === undefined) return { retry: false };
	const { status } = error;
	if (status === 429 && error.code === 'insufficient_quota') return { retry: false };
	if (status === 408 || status === 429 || status >= 500) {
		const headers = error.headers;
		const ms = Number(headers?.get('retry-after-ms'));
		return {
			retry: true,
			retryAfterMs: Number.isFinite(ms) && ms > 0 ? ms : parseRetryAfter(headers?.get('retry-after')),
		};
	}
	return { retry: false };
}

export interface Failure {
	code: 'cancelled' | 'timeout' | 'connection' | 'rate_limited' | 'quota' | 'auth' | 'not_found' | 'bad_request' | 'server_error' | 'unknown';
	/** For staff, in the alert: what failed and what to do. Never the lead's words. */
	reason: string;
}

/** undici hides the socket's code two causes deep ("fetch failed" → ECONNREFUSED). */
function networkCode(error: unknown): string | undefined {
	for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
		if (typeof e.code === 'string') return e.code;
		e = e.cause as typeof e;
	}
	return undefined;
}

/** Why the model could not answer, in words the academy owner can act on. */
export function describeFailure(error: unknown, model: string, baseUrl: string, timedOut = false): Failure {
	const host = new URL(baseUrl || OPENAI_BASE_URL).host;
	if (timedOut || error instanceof APIConnectionTimeoutError) {
		return { code: 'timeout', reason: `The AI service at ${host} did not answer in time` };
	}
	if (error instanceof APIUserAbortError) return { code: 'cancelled', reason: 'The execution was stopped' };
	if (error instanceof APIConnectionError) {
		const cause = networkCode(error);
		return {
			code: 'connection',
			reason: `Could not reach the AI service at ${host}${cause ? ` (${cause})` : ''}: check the base URL in the credential and that the service is running`,
		};
	}
	if (error instanceof APIError && error.status !== undefined) {
		const detail = (error.error as { message?: string } | undefined)?.message?.slice(0, 160);
		const status = `HTTP ${error.status}${detail ? `: ${detail}` : ''}`;
		if (error.status === 429 && error.code === 'insufficient_quota') {
			return { code: 'quota', reason: `The AI account has no credit left (${status}): add credit or use another API key` };
		}
		if (error.status === 429) return { code: 'rate_limited', reason: `The AI service is limiting requests (${status})` };
		if (error.status === 401 || error.status === 403) {
			return { code: 'auth', reason: `The AI service refused the API key (${status}): check the API key in the credential` };
		}
		if (error.status === 404) {
			return { code: 'not_found', reason: `The AI service does not know the model "${model}" (${status}): check the model name and the base URL` };
		}
		if (error.status >= 500 || error.status === 408) {
			return { code: 'server_error', reason: `The AI service had an error (${status})` };
		}
		return { code: 'bad_request', reason: `The AI service rejected the request (${status})` };
	}
	return { code: 'unknown', reason: `The AI call failed: ${error instanceof Error ? error.message.slice(0, 160) : String(error)}` };
}
