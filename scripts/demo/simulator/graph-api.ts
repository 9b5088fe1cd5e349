import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import type { ChatMessage, ChatStore } from './chat-store';
import { sendJson, type Request, type Router } from './http';
import { newWamid, type BusinessNumber } from './meta-webhooks';

const VERSION = 'v\\d+\\.\\d+';

/** A Graph API error in Meta's shape (fixture wa-send-error-131030). */
function graphError(
	res: ServerResponse,
	status: number,
	code: number,
	message: string,
	details: string,
): void {
	sendJson(res, status, {
		error: {
			message: `(#${code}) ${message}`,
			type: 'OAuthException',
			code,
			error_data: { messaging_product: 'whatsapp', details },
			fbtrace_id: randomBytes(9).toString('base64url'),
		},
	});
}

class InvalidParameter extends Error {}

function check(condition: unknown, details: string): void {
	if (!condition) throw new InvalidParameter(details);
}

function textOf(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

interface MediaObject {
	id?: string;
	link?: string;
	caption?: string;
	filename?: string;
}

interface Interactive {
	type?: string;
	header?: { type?: string; text?: string };
	body?: { text?: string };
	footer?: { text?: string };
	action?: {
		button?: string;
		buttons?: Array<{ reply?: { id?: string; title?: string } }>;
		sections?: Array<{
			title?: string;
			rows?: Array<{ id?: string; title?: string; description?: string }>;
		}>;
		parameters?: { url?: string };
	};
}

/** The fields of a Graph API messages request the simulator reads. */
interface Body {
	messaging_product?: string;
	to?: string;
	type?: string;
	status?: string;
	message_id?: string;
	typing_indicator?: { type?: string };
	context?: { message_id?: string };
	text?: { body?: string };
	interactive?: Interactive;
	template?: {
		name?: string;
		language?: { code?: string };
		components?: Array<{ type?: string; parameters?: Array<{ text?: string }> }>;
	};
}

/** Turns a send request into what the chat shows, refusing what Meta refuses. */
function toChatMessage(body: Body, id: string): ChatMessage {
	const base = {
		id,
		from: 'bot' as const,
		at: new Date().toISOString(),
		status: 'pending' as const,
	};
	const type = textOf(body.type) || 'text';
	if (type === 'text') {
		const text = textOf(body.text?.body);
		check(text, 'text.body is required');
		check(text.length <= 4096, `text.body has ${text.length} characters; the limit is 4096`);
		return { ...base, kind: 'text', text };
	}
	if (type === 'interactive') {
		const interactive = body.interactive ?? {};
		const text = textOf(interactive.body?.text);
		const decoration = {
			header: interactive.header?.type === 'text' ? textOf(interactive.header.text) : undefined,
			footer: textOf(interactive.footer?.text) || undefined,
		};
		if (interactive.type === 'button') {
			const buttons = (interactive.action?.buttons ?? []).map((b) => ({
				id: textOf(b.reply?.id),
				title: textOf(b.reply?.title),
			}));
			check(
				buttons.length >= 1 && buttons.length <= 3,
				`${buttons.length} buttons; WhatsApp allows 1 to 3`,
			);
			for (const b of buttons)
				check(b.title.length <= 20, `button title "${b.title}" is longer than 20 characters`);
			check(text.length <= 1024, 'interactive body text is longer than 1024 characters');
			return { ...base, kind: 'buttons', text, ...decoration, buttons };
		}
		if (interactive.type === 'list') {
			const sections = (interactive.action?.sections ?? []).map((s) => ({
				title: textOf(s.title) || undefined,
				rows: (s.rows ?? []).map((r) => ({
					id: textOf(r.id),
					title: textOf(r.title),
					description: textOf(r.description) || undefined,
				})),
			}));
			const rows = sections.flatMap((s) => s.rows);
			check(
				rows.length >= 1 && rows.length <= 10,
				`${rows.length} list rows; WhatsApp allows 1 to 10 in all`,
			);
			for (const r of rows)
				check(r.title.length <= 24, `row title "${r.title}" is longer than 24 characters`);
			const button = textOf(interactive.action?.button);
			check(button && button.length <= 20, 'action.button is required and at most 20 characters');
			return { ...base, kind: 'list', text, ...decoration, list: { button, sections } };
		}
		if (interactive.type === 'cta_url') {
			const url = textOf(interactive.action?.parameters?.url);
			check(url, 'action.parameters.url is required');
			return { ...base, kind: 'text', text: `${text}\n${url}`, ...decoration };
		}
		throw new InvalidParameter(`interactive type "${interactive.type}" is not simulated`);
	}
	if (type === 'template') {
		const template = body.template ?? {};
		check(
			template.name && template.language?.code,
			'template.name and template.language.code are required',
		);
		const params = (template.components ?? [])
			.filter((c) => c.type === 'body')
			.flatMap((c) => c.parameters ?? [])
			.map((p) => textOf(p.text))
			.filter(Boolean);
		const text = `Template "${template.name}" (${template.language?.code})${params.length ? `: ${params.join(' · ')}` : ''}`;
		return { ...base, kind: 'template', text };
	}
	if (['image', 'document', 'audio', 'video', 'sticker'].includes(type)) {
		const media = (body as Record<string, MediaObject | undefined>)[type] ?? {};
		check(media.id || media.link, `${type}.id or ${type}.link is required`);
		return {
			...base,
			kind: 'media',
			text: textOf(media.caption),
			media: { type, link: media.link, id: media.id, filename: media.filename },
		};
	}
	throw new InvalidParameter(`message type "${type}" is not simulated`);
}

interface StoredMedia {
	bytes: Buffer;
	mimeType: string;
}

/** The `file` part of a multipart upload, as Meta's media endpoint takes it. */
function fileOfMultipart(req: Request): StoredMedia | null {
	const boundary = /boundary=(?:"([^"]+)"|([^;]+))/
		.exec(String(req.headers['content-type']))
		?.slice(1)
		.find(Boolean);
	if (!boundary) return null;
	const body = req.rawBody;
	const delimiter = Buffer.from(`--${boundary}`);
	let start = body.indexOf(delimiter);
	while (start >= 0) {
		const next = body.indexOf(delimiter, start + delimiter.length);
		if (next < 0) break;
		const part = body.subarray(start + delimiter.length + 2, next - 2);
		const split = part.indexOf('\r\n\r\n');
		const head = part.subarray(0, split).toString('latin1');
		if (split >= 0 && /name="file"/.test(head)) {
			const mimeType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? 'application/octet-stream';
			return { bytes: Buffer.from(part.subarray(split + 4)), mimeType };
		}
		start = next;
	}
	return null;
}

/**
 * Meta's Graph API as n8n sees it: sends, mark-as-read with typing, and media, answering the
 * response shapes of the real API (fixtures wa-send-response, wa-send-template-response,
 * wa-mark-read-response, wa-media-url-response-syntax).
 */
export class GraphApi {
	private readonly media = new Map<string, StoredMedia>();

	constructor(
		private readonly options: {
			business: BusinessNumber;
			accessToken: string;
			store: ChatStore;
			baseUrl: () => string;
			/** Called after each accepted send, so the phone can report sent and delivered. */
			onSent: (recipient: string, id: string) => void;
		},
	) {}

	register(router: Router): void {
		router.on('POST', new RegExp(`^/(${VERSION})/([^/]+)/messages$`), (req, res) =>
			this.authorised(req, res, () => this.messages(req, res)),
		);
		router.on('POST', new RegExp(`^/(${VERSION})/([^/]+)/media$`), (req, res) =>
			this.authorised(req, res, () => this.upload(req, res)),
		);
		router.on('GET', /^\/media-download\/([^/]+)$/, (req, res) =>
			this.authorised(req, res, () => this.download(req, res)),
		);
		router.on('GET', new RegExp(`^/(${VERSION})/([^/]+)$`), (req, res) =>
			this.authorised(req, res, () => this.getObject(req, res)),
		);
		router.on('DELETE', new RegExp(`^/(${VERSION})/([^/]+)$`), (req, res) =>
			this.authorised(req, res, () =>
				sendJson(res, 200, { success: this.media.delete(req.params[1]) }),
			),
		);
	}

	private authorised(req: Request, res: ServerResponse, next: () => void): void {
		if (req.headers.authorization !== `Bearer ${this.options.accessToken}`) {
			return void sendJson(res, 401, {
				error: {
					message: 'Invalid OAuth access token - Cannot parse access token',
					type: 'OAuthException',
					code: 190,
					fbtrace_id: randomBytes(9).toString('base64url'),
				},
			});
		}
		next();
	}

	private knownNumber(res: ServerResponse, phoneNumberId: string): boolean {
		if (phoneNumberId === this.options.business.phoneNumberId) return true;
		graphError(
			res,
			400,
			100,
			'Unsupported post request',
			`Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
		);
		return false;
	}

	private messages(req: Request, res: ServerResponse): void {
		if (!this.knownNumber(res, req.params[1])) return;
		let body: Body;
		try {
			body = JSON.parse(req.rawBody.toString('utf8')) as Body;
		} catch {
			return graphError(res, 400, 100, 'Invalid parameter', 'The request body is not JSON');
		}
		if (body.messaging_product !== 'whatsapp') {
			return graphError(res, 400, 100, 'Invalid parameter', 'messaging_product must be "whatsapp"');
		}
		if (body.status === 'read') return this.markRead(body, res);
		const to = textOf(body.to);
		const waId = to.replace(/\D/g, '');
		if (!waId) return graphError(res, 400, 100, 'Invalid parameter', 'to is required');
		const id = newWamid();
		let message: ChatMessage;
		try {
			message = toChatMessage(body, id);
		} catch (error) {
			if (error instanceof InvalidParameter)
				return graphError(res, 400, 100, 'Invalid parameter', error.message);
			throw error;
		}
		if (body.context?.message_id) message.replyTo = textOf(body.context.message_id);
		this.options.store.add(waId, message);
		sendJson(res, 200, {
			messaging_product: 'whatsapp',
			contacts: [{ input: to, wa_id: waId }],
			messages: [message.kind === 'template' ? { id, message_status: 'accepted' } : { id }],
		});
		this.options.onSent(waId, id);
	}

	private markRead(body: Body, res: ServerResponse): void {
		const id = textOf(body.message_id);
		const found = this.options.store.find(id);
		if (!found)
			return graphError(
				res,
				400,
				100,
				'Invalid parameter',
				`message_id ${id} is not a message this number received`,
			);
		this.options.store.markReadUpTo(id);
		if (body.typing_indicator?.type === 'text') {
			this.options.store.setTyping(found.chat.waId, new Date(Date.now() + 25_000).toISOString());
		}
		sendJson(res, 200, { success: true });
	}

	private upload(req: Request, res: ServerResponse): void {
		if (!this.knownNumber(res, req.params[1])) return;
		const file = fileOfMultipart(req);
		if (!file)
			return graphError(
				res,
				400,
				100,
				'Invalid parameter',
				'file is required (multipart/form-data)',
			);
		const id = String(Date.now()) + String(Math.floor(Math.random() * 1e6));
		this.media.set(id, file);
		sendJson(res, 200, { id });
	}

	private getObject(req: Request, res: ServerResponse): void {
		const id = req.params[1];
		if (id === this.options.business.phoneNumberId) {
			return sendJson(res, 200, {
				verified_name: 'Demo Academy',
				display_phone_number: this.options.business.displayPhoneNumber,
				id,
				quality_rating: 'GREEN',
			});
		}
		const media = this.media.get(id);
		if (!media) return graphError(res, 404, 100, 'Invalid parameter', `media ${id} does not exist`);
		sendJson(res, 200, {
			messaging_product: 'whatsapp',
			url: `${this.options.baseUrl()}/media-download/${id}`,
			mime_type: media.mimeType,
			sha256: createHash('sha256').update(media.bytes).digest('hex'),
			file_size: String(media.bytes.length),
			id,
		});
	}

	private download(req: Request, res: ServerResponse): void {
		const media = this.media.get(req.params[0]);
		if (!media)
			return graphError(
				res,
				404,
				100,
				'Invalid parameter',
				'the media URL expired; ask for a new one',
			);
		res.writeHead(200, { 'content-type': media.mimeType, 'content-length': media.bytes.length });
		res.end(media.bytes);
	}
}
