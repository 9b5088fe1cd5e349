import { randomBytes } from 'node:crypto';

import { LoopbackServer, type Fault, type FakeResponse, type RecordedRequest } from './loopback-server';

/** The part of a chat completions request body tests look at. */
export interface ChatRequestBody {
	model: string;
	messages: Array<{
		role: string;
		content: string | Array<{ type: string; text?: string; image_url?: { url: string; detail?: string } }>;
	}>;
	temperature?: number;
	max_tokens?: number;
	max_completion_tokens?: number;
}

/** One scripted chat answer: its words, and optionally how it ends and how long it takes. */
export interface ChatScript {
	content: string;
	finishReason?: 'stop' | 'length' | 'content_filter';
	delayMs?: number;
}

export interface TranscriptionUpload {
	model: string;
	fileName: string;
	mimeType: string;
	bytes: Buffer;
}

const CHAT_PATH = /\/chat\/completions$/;
const TRANSCRIPTION_PATH = /\/audio\/transcriptions$/;

const tokensOf = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function textOf(content: ChatRequestBody['messages'][number]['content']): string {
	return typeof content === 'string' ? content : content.map((part) => part.text ?? '').join(' ');
}

/** OpenAI's error envelope, as its API answers (https://platform.openai.com/docs/guides/error-codes). */
function apiError(message: string, type: string, code: string | null): { error: Record<string, unknown> } {
	return { error: { message, type, param: null, code } };
}

export const OPENAI_ERRORS = {
	rateLimit: apiError(
		'Rate limit reached for gpt-4o-mini in organization org-test on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.',
		'requests',
		'rate_limit_exceeded',
	),
	quota: apiError(
		'You exceeded your current quota, please check your plan and billing details.',
		'insufficient_quota',
		'insufficient_quota',
	),
	server: apiError('The server had an error while processing your request. Sorry about that!', 'server_error', null),
	invalidKey: apiError('Incorrect API key provided: sk-wrong. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key'),
	unknownModel: apiError('The model `gpt-9` does not exist or you do not have access to it.', 'invalid_request_error', 'model_not_found'),
};

/**
 * An OpenAI-compatible API on loopback: /models, /chat/completions and /audio/transcriptions in
 * the real response shapes (usage included), for the official SDK to talk to. It records every
 * request, answers from a script or a responder, and plays slow, failing, rate-limited (429 with
 * Retry-After) and silent servers on demand.
 */
export class FakeOpenAi {
	readonly server = new LoopbackServer();

	/** The key the fake accepts; null accepts any request, with or without Authorization (Ollama). */
	apiKey: string | null = 'sk-test-academy';

	models = ['gpt-4o-mini', 'whisper-1'];

	transcript = 'Hola, ¿cuánto sale la mensualidad?';

	/** Answers chat requests once the script is used up. */
	responder: (request: ChatRequestBody) => ChatScript | string = () =>
		'Hi! Happy to help. What would you like to know about our classes?';

	private readonly script: ChatScript[] = [];

	get baseUrl(): string {
		return `${this.server.url}/v1`;
	}

	async start(): Promise<this> {
		this.server
			.route('GET', /\/v1\/models$/, (request) => this.authorized(request) ?? this.listModels())
			.route('POST', CHAT_PATH, (request) => this.authorized(request) ?? this.complete(request))
			.route('POST', TRANSCRIPTION_PATH, (request) => this.authorized(request) ?? this.transcribe());
		await this.server.start();
		return this;
	}

	async stop(): Promise<void> {
		await this.server.stop();
	}

	/** Forget recorded requests, scripted answers and queued faults between tests. */
	reset(): void {
		this.server.requests.length = 0;
		this.server.clearFaults();
		this.script.length = 0;
	}

	/** The next chat requests get these answers, in order. */
	replyWith(...answers: Array<ChatScript | string>): this {
		for (const answer of answers) this.script.push(typeof answer === 'string' ? { content: answer } : answer);
		return this;
	}

	/** The next `times` chat requests get `fault` instead (a status, a reset connection, a hang). */
	failChat(fault: Fault, times = 1): this {
		this.server.inject(CHAT_PATH, fault, times);
		return this;
	}

	rateLimitChat(times: number, retryAfter: string | null): this {
		const headers: Record<string, string> = {
			'x-ratelimit-limit-requests': '3',
			'x-ratelimit-remaining-requests': '0',
			'x-ratelimit-reset-requests': '20s',
		};
		if (retryAfter !== null) headers['retry-after'] = retryAfter;
		return this.failChat({ status: 429, headers, body: OPENAI_ERRORS.rateLimit }, times);
	}

	failTranscription(fault: Fault, times = 1): this {
		this.server.inject(TRANSCRIPTION_PATH, fault, times);
		return this;
	}

	chatRequests(): ChatRequestBody[] {
		return this.server.received(CHAT_PATH, 'POST').map((r) => r.body as ChatRequestBody);
	}

	/** Every chat request's system prompt, in order. */
	systemPrompts(): string[] {
		return this.chatRequests().map((body) => textOf(body.messages[0].content));
	}

	async transcriptionUploads(): Promise<TranscriptionUpload[]> {
		return await Promise.all(
			this.server.received(TRANSCRIPTION_PATH, 'POST').map(async (request) => {
				const form = await new Response(request.rawBody, {
					headers: { 'content-type': String(request.headers['content-type']) },
				}).formData();
				const file = form.get('file') as File;
				return {
					model: String(form.get('model')),
					fileName: file.name,
					mimeType: file.type,
					bytes: Buffer.from(await file.arrayBuffer()),
				};
			}),
		);
	}

	private authorized(request: RecordedRequest): FakeResponse | undefined {
		if (this.apiKey === null || request.headers.authorization === `Bearer ${this.apiKey}`) return undefined;
		return { status: 401, body: OPENAI_ERRORS.invalidKey };
	}

	private listModels(): FakeResponse {
		return {
			body: {
				object: 'list',
				data: this.models.map((id) => ({ id, object: 'model', created: 1721172741, owned_by: 'system' })),
			},
		};
	}

	private complete(request: RecordedRequest): FakeResponse {
		const body = request.body as ChatRequestBody;
		if (!this.models.includes(body.model)) return { status: 404, body: OPENAI_ERRORS.unknownModel };
		const next = this.script.shift() ?? this.responder(body);
		const answer = typeof next === 'string' ? { content: next } : next;
		const promptTokens = tokensOf(body.messages.map((m) => textOf(m.content)).join('\n'));
		const completionTokens = tokensOf(answer.content);
		return {
			delayMs: answer.delayMs,
			headers: {
				'x-request-id': `req_${randomBytes(16).toString('hex')}`,
				'openai-processing-ms': String(answer.delayMs ?? 320),
				'openai-organization': String(request.headers['openai-organization'] ?? 'user-test'),
			},
			body: {
				id: `chatcmpl-${randomBytes(15).toString('base64url')}`,
				object: 'chat.completion',
				created: Math.floor(Date.now() / 1000),
				model: body.model === 'gpt-4o-mini' ? 'gpt-4o-mini-2024-07-18' : body.model,
				choices: [
					{
						index: 0,
						message: { role: 'assistant', content: answer.content, refusal: null, annotations: [] },
						logprobs: null,
						finish_reason: answer.finishReason ?? 'stop',
					},
				],
				usage: {
					prompt_tokens: promptTokens,
					completion_tokens: completionTokens,
					total_tokens: promptTokens + completionTokens,
					prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
					completion_tokens_details: {
						reasoning_tokens: 0,
						audio_tokens: 0,
						accepted_prediction_tokens: 0,
						rejected_prediction_tokens: 0,
					},
				},
				service_tier: 'default',
				system_fingerprint: 'fp_academy_fake',
			},
		};
	}

	private transcribe(): FakeResponse {
		return { body: { text: this.transcript, usage: { type: 'duration', seconds: 4 } } };
	}
}
