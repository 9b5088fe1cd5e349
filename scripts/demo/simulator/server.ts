import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import type { AcademyProfile } from '../../../nodes/shared/types';
import { CalSimulator } from './cal';
import { ChatStore, type ChatEvent, type ChatMessage } from './chat-store';
import { GraphApi } from './graph-api';
import { jsonBody, Router, sendHtml, sendJson, type Request } from './http';
import { noLeadStorage, type LeadPanelReader } from './lead-panel';
import {
	inboundMessage,
	META_SIGNATURE,
	newWamid,
	postSigned,
	statusUpdate,
	type BusinessNumber,
	type PersonInput,
} from './meta-webhooks';

export type SimulatedAcademy = Pick<
	AcademyProfile,
	'name' | 'timeZone' | 'address' | 'schedule' | 'ownerNumber' | 'staffNumbers'
>;

export interface SimulatorOptions {
	/** 0 picks a free port. */
	port: number;
	/** Where the conversations are kept between runs; null keeps them in memory only. */
	stateFile: string | null;
	business: BusinessNumber;
	whatsapp: { appSecret: string; accessToken: string };
	cal: { webhookSecret: string; apiKey: string; eventTypeId: number };
	academy: () => SimulatedAcademy;
	/** Where n8n listens for each webhook; null while no template provides it. */
	targets: () => { whatsapp: string | null; cal: string | null };
	links: () => { dashboard: string | null; editor: string | null };
	leadPanel?: LeadPanelReader;
	/** How long the phone takes to report a bot message sent, then delivered. */
	statusDelayMs?: number;
}

const PAGES = join(__dirname, 'pages');
const SAMPLE_LEADS = [
	'Lucía Fernández',
	'Mateo Gómez',
	'Camila Souza',
	'Jake Miller',
	'Valentina Ruiz',
	'João Pereira',
];

/**
 * The WhatsApp simulator: Meta's Graph API and Cal.com for n8n, and for the person at the
 * keyboard a chat page, a booking page and a side panel with the lead's state. Loopback only.
 */
export class WhatsAppSimulator {
	readonly store: ChatStore;

	readonly cal: CalSimulator;

	private readonly router = new Router();

	private readonly streams = new Set<ServerResponse>();

	private server?: Server;

	private port = 0;

	constructor(private readonly options: SimulatorOptions) {
		this.store = new ChatStore(options.stateFile);
		this.store.on('event', (event: ChatEvent) => this.broadcast(event));
		new GraphApi({
			business: options.business,
			accessToken: options.whatsapp.accessToken,
			store: this.store,
			baseUrl: () => this.url,
			onSent: (recipient, id) => this.phoneReports(recipient, id),
		}).register(this.router);
		this.cal = new CalSimulator({
			academy: options.academy,
			...options.cal,
			webhookUrl: () => options.targets().cal,
			baseUrl: () => this.url,
		});
		this.cal.register(this.router);
		this.registerPages();
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** The booking page the Cal.com credential points at; the Cal.com node adds the lead's parameters. */
	get bookingPageUrl(): string {
		return `${this.url}/book/academia-demo/clase-de-prueba`;
	}

	async start(): Promise<this> {
		this.openStaffChats();
		this.server = createServer((req, res) => void this.router.handle(req, res));
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(this.options.port, '127.0.0.1', () => resolve());
		});
		this.port = (this.server.address() as AddressInfo).port;
		return this;
	}

	async stop(): Promise<void> {
		for (const stream of this.streams) stream.end();
		this.streams.clear();
		this.store.flush();
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	/** Starts a conversation as a new lead, with a new phone number. */
	newLead(name?: string): { waId: string; name: string } {
		const taken = this.store.list().filter((c) => c.role === 'lead').length;
		const leadName = name?.trim() || SAMPLE_LEADS[taken % SAMPLE_LEADS.length];
		const waId = `54911${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
		this.store.open(waId, leadName, 'lead');
		return { waId, name: leadName };
	}

	/** Sends what a person typed or tapped to n8n as Meta would: a signed webhook. */
	async personSends(waId: string, input: PersonInput): Promise<ChatMessage> {
		const chat = this.store.get(waId);
		if (!chat) throw new Error(`no chat with ${waId}`);
		const at = new Date();
		const message: ChatMessage = {
			id: newWamid(),
			from: 'person',
			at: at.toISOString(),
			kind: input.kind === 'text' ? 'text' : 'reply',
			text: input.kind === 'text' ? input.text : input.title,
			replyTo: input.kind === 'text' ? undefined : input.replyTo,
			status: 'pending',
		};
		this.store.add(waId, message);
		const body = inboundMessage(
			this.options.business,
			{ waId, name: chat.name },
			input,
			message.id,
			at,
		);
		const delivery = await postSigned(this.options.targets().whatsapp, body, {
			...META_SIGNATURE,
			secret: this.options.whatsapp.appSecret,
		});
		if (delivery.ok) this.store.setStatus(message.id, 'delivered');
		else this.store.setStatus(message.id, 'failed', delivery.problem);
		return message;
	}

	/** The person's phone saw bot messages: blue ticks, and a read status webhook to n8n. */
	async personReads(ids: string[]): Promise<void> {
		for (const id of ids) {
			const found = this.store.find(id);
			if (!found || found.message.from !== 'bot' || !this.store.setStatus(id, 'read')) continue;
			await this.postStatus(found.chat.waId, id, 'read');
		}
	}

	private phoneReports(recipient: string, id: string): void {
		const delay = this.options.statusDelayMs ?? 250;
		const report = (status: 'sent' | 'delivered', after: number) =>
			setTimeout(() => {
				if (this.store.setStatus(id, status)) void this.postStatus(recipient, id, status);
			}, after).unref();
		report('sent', delay);
		report('delivered', delay * 2);
	}

	private async postStatus(
		recipient: string,
		id: string,
		status: 'sent' | 'delivered' | 'read',
	): Promise<void> {
		await postSigned(
			this.options.targets().whatsapp,
			statusUpdate(this.options.business, recipient, id, status, new Date()),
			{
				...META_SIGNATURE,
				secret: this.options.whatsapp.appSecret,
			},
		);
	}

	/** Staff get the bot's alerts and attendance questions on WhatsApp too: each has a chat. */
	private openStaffChats(): void {
		const academy = this.options.academy();
		const staff = [
			{ number: academy.ownerNumber, name: `${academy.name} (owner)` },
			...academy.staffNumbers.map((number, i) => ({ number, name: `Coach ${i + 1}` })),
		];
		for (const { number, name } of staff) {
			const waId = number.replace(/\D/g, '');
			if (waId && !this.store.get(waId)) this.store.open(waId, name, 'staff');
		}
	}

	private session() {
		return {
			business: {
				name: this.options.academy().name,
				displayPhoneNumber: this.options.business.displayPhoneNumber,
			},
			current: this.store.currentLead()?.waId ?? null,
			chats: this.store.list(),
			links: this.options.links(),
			listening: this.options.targets(),
		};
	}

	private registerPages(): void {
		const page = (name: string) => (_req: Request, res: ServerResponse) =>
			sendHtml(res, readFileSync(join(PAGES, name), 'utf8'));
		this.router
			.on('GET', /^\/$/, page('chat.html'))
			.on('GET', /^\/book\/[^/]+\/[^/]+$/, page('booking.html'))
			.on('GET', /^\/favicon\.ico$/, (_req, res) => void res.writeHead(204).end())
			.on('GET', /^\/api\/session$/, (_req, res) => sendJson(res, 200, this.session()))
			.on('GET', /^\/api\/events$/, (_req, res) => this.stream(res))
			.on('POST', /^\/api\/leads$/, (req, res) => {
				const { name } = req.rawBody.length ? jsonBody<{ name?: string }>(req) : {};
				sendJson(res, 200, this.newLead(name));
			})
			.on('POST', /^\/api\/chats\/(\d+)\/messages$/, async (req, res) => {
				const message = await this.personSends(req.params[0], jsonBody<PersonInput>(req));
				sendJson(res, 200, this.store.find(message.id)?.message ?? message);
			})
			.on('POST', /^\/api\/chats\/(\d+)\/seen$/, async (req, res) => {
				await this.personReads(jsonBody<{ ids: string[] }>(req).ids ?? []);
				sendJson(res, 200, { ok: true });
			})
			.on('GET', /^\/api\/chats\/(\d+)\/lead$/, async (req, res) => {
				const reader = this.options.leadPanel ?? noLeadStorage;
				sendJson(res, 200, await reader(req.params[0]));
			});
	}

	private stream(res: ServerResponse): void {
		res.writeHead(200, {
			'content-type': 'text/event-stream',
			'cache-control': 'no-store',
			connection: 'keep-alive',
		});
		res.write(': connected\n\n');
		this.streams.add(res);
		const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
		res.on('close', () => {
			clearInterval(heartbeat);
			this.streams.delete(res);
		});
	}

	private broadcast(event: ChatEvent): void {
		const line = `data: ${JSON.stringify(event)}\n\n`;
		for (const stream of this.streams) stream.write(line);
	}
}
