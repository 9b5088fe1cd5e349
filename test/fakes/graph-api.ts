import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { WhatsAppCloudCredentials } from '../../nodes/WhatsAppCloud/transport/credentials';
import { fixture } from '../helpers/fixtures';
import { LoopbackServer, type FakeResponse, type RecordedRequest } from './loopback-server';

/** The error Meta's Graph API answers with: `{ error: { message, type, code, error_subcode, error_data, fbtrace_id } }`. */
export interface MetaError {
	error: {
		message: string;
		type: string;
		code: number;
		error_subcode?: number;
		error_data?: { messaging_product: 'whatsapp'; details: string };
		error_user_title?: string;
		error_user_msg?: string;
		fbtrace_id: string;
	};
}

/**
 * Meta's error codes the tests need, with the HTTP status, title and details Meta uses for them
 * (titles from Meta's error-code page; 131030 is a real capture, fixtures/whatsapp/wa-send-error-131030).
 */
const META_ERRORS: Record<number, { status: number; title: string; details: string; type?: string; subcode?: number }> = {
	131047: {
		status: 400,
		title: 'Re-engagement message',
		details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
	},
	130429: {
		status: 400,
		title: 'Rate limit hit',
		details: 'Cloud API message throughput has been reached.',
	},
	131056: {
		status: 400,
		title: '(Business Account, Consumer Account) pair rate limit hit',
		details: 'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
	},
	190: {
		status: 401,
		title: 'Error validating access token: Session has expired.',
		details: 'The access token has expired.',
		subcode: 463,
	},
	131026: {
		status: 400,
		title: 'Message Undeliverable',
		details: 'Unable to deliver message.',
	},
	131000: {
		status: 500,
		title: 'Something went wrong',
		details: 'Message failed to send due to an unknown error.',
	},
	100: {
		status: 400,
		title: 'Invalid parameter',
		details: 'Parameter value is not valid.',
	},
};

export function metaError(code: number, details?: string): { status: number; body: MetaError } {
	if (code === 131030) {
		return { status: 400, body: fixture<MetaError>('whatsapp', 'wa-send-error-131030.thirdparty') };
	}
	const known = META_ERRORS[code];
	if (!known) throw new Error(`The Graph API fake has no error ${code}; add it to META_ERRORS`);
	return {
		status: known.status,
		body: {
			error: {
				message: `(#${code}) ${known.title}`,
				type: 'OAuthException',
				code,
				...(known.subcode ? { error_subcode: known.subcode } : {}),
				error_data: { messaging_product: 'whatsapp', details: details ?? known.details },
				fbtrace_id: `AFake${code}Trace`,
			},
		},
	};
}

export interface StoredMedia {
	bytes: Buffer;
	mimeType: string;
}

export interface AppSubscription {
	object: string;
	callback_url: string;
	active: boolean;
	fields: Array<{ name: string; version: string }>;
	verify_token?: string;
}

const VERSIONED = '/v\\d+\\.\\d+';
const MESSAGES = new RegExp(`^${VERSIONED}/(\\d+)/messages$`);
const SUBSCRIPTIONS = new RegExp(`^${VERSIONED}/(\\d+)/subscriptions$`);
const MEDIA_DOWNLOAD = /^\/media-download\/([^/?]+)/;
const NODE = new RegExp(`^${VERSIONED}/([^/]+)$`);

/**
 * Meta's Graph API on loopback, for the WhatsApp nodes: sends, mark-as-read and typing, media
 * URL and download, app webhook subscriptions and the credential test. Answers with the real
 * response shapes of fixtures/whatsapp, checks the Bearer token, records every request and
 * injects faults on demand.
 */
export class GraphApiFake {
	readonly server = new LoopbackServer();

	readonly accessToken = 'EAAG-test-access-token';

	readonly appId = '1234567890123';

	readonly appSecret = 'test-app-secret';

	readonly phoneNumberId = '106540352242922';

	readonly media = new Map<string, StoredMedia>();

	/** App id → its webhook subscriptions, as `GET /{app-id}/subscriptions` lists them. */
	readonly subscriptions = new Map<string, AppSubscription[]>();

	/** Downloads of media files, which Meta serves from another host (lookaside.fbsbx.com). */
	readonly downloads: Array<{ path: string; authorization: string | undefined }> = [];

	private sequence = 0;

	private mediaHost?: Server;

	private mediaHostUrl = '';

	get url(): string {
		return this.server.url;
	}

	/** Every request the fake received, in order. */
	get requests(): RecordedRequest[] {
		return this.server.requests;
	}

	async start(): Promise<this> {
		this.server
			.route('POST', MESSAGES, (request) => this.authorised(request, () => this.message(request)))
			.route('GET', SUBSCRIPTIONS, (request) => this.appAuthorised(request, () => this.listSubscriptions(request)))
			.route('POST', SUBSCRIPTIONS, (request) => this.appAuthorised(request, () => this.subscribe(request)))
			.route('DELETE', SUBSCRIPTIONS, (request) => this.appAuthorised(request, () => this.unsubscribe(request)))
			.route('GET', NODE, (request) => this.authorised(request, () => this.node(request)));
		await this.server.start();
		// Binary bodies need a plain server: LoopbackServer answers with text or JSON.
		this.mediaHost = createServer((req, res) => {
			this.downloads.push({ path: req.url ?? '', authorization: req.headers.authorization });
			const id = decodeURIComponent(MEDIA_DOWNLOAD.exec(req.url ?? '')?.[1] ?? '');
			const stored = this.media.get(id);
			if (req.headers.authorization !== `Bearer ${this.accessToken}`) {
				res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify(metaError(190).body));
			} else if (!stored) {
				res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
			} else {
				res.writeHead(200, { 'content-type': stored.mimeType, 'content-length': stored.bytes.length }).end(stored.bytes);
			}
		});
		await new Promise<void>((resolve) => this.mediaHost!.listen(0, '127.0.0.1', resolve));
		this.mediaHostUrl = `http://127.0.0.1:${(this.mediaHost.address() as AddressInfo).port}`;
		return this;
	}

	async stop(): Promise<void> {
		await this.server.stop();
		if (this.mediaHost) {
			this.mediaHost.closeAllConnections();
			await new Promise<void>((resolve) => this.mediaHost!.close(() => resolve()));
		}
	}

	/** Forgets requests, faults, media and subscriptions between tests. */
	reset(): void {
		this.server.requests.length = 0;
		this.server.clearFaults();
		this.media.clear();
		this.subscriptions.clear();
		this.downloads.length = 0;
		this.sequence = 0;
	}

	/** WhatsApp Cloud API credential data pointing at this fake. */
	credentials(overrides: Partial<WhatsAppCloudCredentials> = {}): WhatsAppCloudCredentials & Record<string, string> {
		return {
			accessToken: this.accessToken,
			phoneNumberId: this.phoneNumberId,
			businessAccountId: '102290129340398',
			appId: '',
			appSecret: this.appSecret,
			previousAppSecret: '',
			verifyToken: 'academy-verify-token',
			graphApiVersion: 'v24.0',
			baseUrl: this.url,
			...overrides,
		} as WhatsAppCloudCredentials & Record<string, string>;
	}

	/** The JSON bodies of message sends (not mark-as-read), in order. */
	sends(): Array<Record<string, unknown>> {
		return this.server
			.received(MESSAGES, 'POST')
			.map((r) => r.body as Record<string, unknown>)
			.filter((body) => body.status === undefined);
	}

	/** The mark-as-read (and typing indicator) request bodies, in order. */
	readReceipts(): Array<Record<string, unknown>> {
		return this.server
			.received(MESSAGES, 'POST')
			.map((r) => r.body as Record<string, unknown>)
			.filter((body) => body.status === 'read');
	}

	addMedia(id: string, bytes: Buffer, mimeType: string): void {
		this.media.set(id, { bytes, mimeType });
	}

	// Faults, for the next `times` requests to a message send (or another path).

	failWithStatus(status: number, times = 1, path: RegExp = MESSAGES): this {
		this.server.inject(path, { status, body: { error: { message: 'Service temporarily unavailable', code: 2 } } }, times);
		return this;
	}

	rateLimit(retryAfterSeconds: number, times = 1, path: RegExp = MESSAGES): this {
		this.server.inject(
			path,
			{ status: 429, headers: { 'retry-after': String(retryAfterSeconds) }, body: metaError(130429).body },
			times,
		);
		return this;
	}

	resetConnection(times = 1, path: RegExp = MESSAGES): this {
		this.server.inject(path, 'reset', times);
		return this;
	}

	/** Answers normally, but only after `delayMs`. */
	slow(delayMs: number, times = 1, path: RegExp = MESSAGES): this {
		for (let i = 0; i < times; i++) {
			this.server.inject(path, { ...this.sendAnswer(), delayMs });
		}
		return this;
	}

	failWithMetaError(code: number, times = 1, options: { retryAfterSeconds?: number; path?: RegExp } = {}): this {
		const { status, body } = metaError(code);
		const headers = options.retryAfterSeconds ? { 'retry-after': String(options.retryAfterSeconds) } : undefined;
		this.server.inject(options.path ?? MESSAGES, { status, body, headers }, times);
		return this;
	}

	private authorised(request: RecordedRequest, answer: () => FakeResponse): FakeResponse {
		if (request.headers.authorization !== `Bearer ${this.accessToken}`) return metaError(190);
		return answer();
	}

	/** App subscriptions need the app's own token, `{app-id}|{app-secret}`, not a user token. */
	private appAuthorised(request: RecordedRequest, answer: () => FakeResponse): FakeResponse {
		const token = request.query.get('access_token') ?? request.headers.authorization?.replace(/^Bearer /, '');
		if (token !== `${this.appId}|${this.appSecret}`) return metaError(190);
		return answer();
	}

	private message(request: RecordedRequest): FakeResponse {
		const body = request.body as Record<string, unknown> | undefined;
		if (body?.messaging_product !== 'whatsapp') return metaError(100, 'messaging_product must be "whatsapp"');
		if (body.status === 'read') {
			if (typeof body.message_id !== 'string' || !body.message_id) return metaError(100, 'message_id is required');
			return { body: fixture('whatsapp', 'wa-mark-read-response') };
		}
		if (typeof body.to !== 'string' || !body.to) return metaError(100, 'to is required');
		if (typeof body.type !== 'string' || body[body.type] === undefined) {
			return metaError(100, `the ${String(body.type)} object is required`);
		}
		return this.sendAnswer(body.to, body.type === 'template');
	}

	/** wa-send-response.json (or the template one) with this send's recipient and a fresh wamid. */
	private sendAnswer(to = '16505551234', template = false): FakeResponse {
		const answer = fixture<{
			contacts: Array<{ input: string; wa_id: string }>;
			messages: Array<{ id: string; message_status?: string }>;
		}>('whatsapp', template ? 'wa-send-template-response' : 'wa-send-response');
		answer.contacts[0] = { input: to, wa_id: to.startsWith('user.') ? '' : to.replace(/\D/g, '') };
		answer.messages[0].id = `wamid.FAKE${String(++this.sequence).padStart(6, '0')}`;
		return { body: answer };
	}

	private node(request: RecordedRequest): FakeResponse {
		const id = NODE.exec(request.path)![1];
		const stored = this.media.get(id);
		if (stored) {
			// wa-media-url-response-syntax.json with real values; the URL points at the fake media host.
			return {
				body: {
					messaging_product: 'whatsapp',
					url: `${this.mediaHostUrl}/media-download/${encodeURIComponent(id)}?ext=1`,
					mime_type: stored.mimeType,
					sha256: createHash('sha256').update(stored.bytes).digest('hex'),
					file_size: stored.bytes.length,
					id,
				},
			};
		}
		if (id === this.phoneNumberId) {
			return {
				body: {
					verified_name: 'Academia Test',
					code_verification_status: 'VERIFIED',
					display_phone_number: '15550783881',
					quality_rating: 'GREEN',
					id,
				},
			};
		}
		return metaError(100, `Unsupported get request. Object with ID '${id}' does not exist`);
	}

	private listSubscriptions(request: RecordedRequest): FakeResponse {
		const appId = SUBSCRIPTIONS.exec(request.path)![1];
		return { body: { data: this.subscriptions.get(appId) ?? [] } };
	}

	private subscribe(request: RecordedRequest): FakeResponse {
		const appId = SUBSCRIPTIONS.exec(request.path)![1];
		const form = formOf(request);
		if (form.object !== 'whatsapp_business_account' || !form.callback_url) {
			return metaError(100, 'object and callback_url are required');
		}
		const fields = (form.fields ?? 'messages').split(',').map((name) => ({ name: name.trim(), version: 'v24.0' }));
		const others = (this.subscriptions.get(appId) ?? []).filter((s) => s.object !== form.object);
		this.subscriptions.set(appId, [
			...others,
			{ object: form.object, callback_url: form.callback_url, active: true, fields, verify_token: form.verify_token },
		]);
		return { body: { success: true } };
	}

	private unsubscribe(request: RecordedRequest): FakeResponse {
		const appId = SUBSCRIPTIONS.exec(request.path)![1];
		const object = formOf(request).object;
		this.subscriptions.set(
			appId,
			(this.subscriptions.get(appId) ?? []).filter((s) => object && s.object !== object),
		);
		return { body: { success: true } };
	}
}

/** Graph API takes form fields in the body or the query string. */
function formOf(request: RecordedRequest): Record<string, string> {
	const fromBody =
		request.body && typeof request.body === 'object'
			? (request.body as Record<string, string>)
			: Object.fromEntries(new URLSearchParams(request.rawBody.toString('utf8')));
	return { ...Object.fromEntries(request.query), ...fromBody };
}
