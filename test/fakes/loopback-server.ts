import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	/** Path without the query string. */
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	rawBody: Buffer;
	/** Parsed JSON body, or undefined when the body is not JSON. */
	body: unknown;
	/** When the whole request had arrived (ms since the epoch), for latency figures. */
	receivedAt: number;
}

export interface FakeResponse {
	status?: number;
	headers?: Record<string, string>;
	body?: unknown;
	/** Wait this long before answering, to play a slow server. */
	delayMs?: number;
}

/** What the next matching request gets instead of the normal answer. */
export type Fault = FakeResponse | 'reset' | 'hang';

export type Handler = (request: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

interface Route {
	method: string;
	pattern: RegExp;
	handler: Handler;
}

/**
 * A small HTTP server on 127.0.0.1 that plays an outside API in tests: routes answer with real
 * response shapes, every request is recorded, and faults can be queued per route.
 */
export class LoopbackServer {
	readonly requests: RecordedRequest[] = [];

	/** Told of every request as soon as it is recorded, before it is answered (load generators wait on it). */
	onRequest?: (request: RecordedRequest) => void;

	private readonly routes: Route[] = [];

	private readonly faults: Array<{ pattern: RegExp; fault: Fault; when?: (request: RecordedRequest) => boolean }> = [];

	private readonly hanging = new Set<ServerResponse>();

	private server?: Server;

	private port = 0;

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	route(method: string, pattern: RegExp, handler: Handler): this {
		this.routes.push({ method, pattern, handler });
		return this;
	}

	/**
	 * Queues `fault` for the next `times` requests whose path matches `pattern` (and, with `when`,
	 * that `when` picks: a send but not a read receipt on the same path).
	 */
	inject(pattern: RegExp, fault: Fault, times = 1, when?: (request: RecordedRequest) => boolean): this {
		for (let i = 0; i < times; i++) this.faults.push({ pattern, fault, when });
		return this;
	}

	clearFaults(): void {
		this.faults.length = 0;
	}

	received(pattern: RegExp, method?: string): RecordedRequest[] {
		return this.requests.filter((r) => pattern.test(r.path) && (!method || r.method === method));
	}

	async start(port = 0): Promise<this> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(port, '127.0.0.1', () => resolve());
		});
		this.port = (this.server.address() as AddressInfo).port;
		return this;
	}

	async stop(): Promise<void> {
		for (const res of this.hanging) res.destroy();
		this.hanging.clear();
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const request: RecordedRequest = {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: url.searchParams,
			headers: req.headers,
			rawBody,
			body: parseJson(rawBody),
			receivedAt: Date.now(),
		};
		this.requests.push(request);
		this.onRequest?.(request);

		const faultIndex = this.faults.findIndex((f) => f.pattern.test(request.path) && (!f.when || f.when(request)));
		if (faultIndex >= 0) {
			const [{ fault }] = this.faults.splice(faultIndex, 1);
			if (fault === 'reset') return void req.socket.destroy();
			if (fault === 'hang') return void this.hanging.add(res);
			return this.respond(res, fault);
		}
		const route = this.routes.find((r) => r.method === request.method && r.pattern.test(request.path));
		if (!route) {
			return this.respond(res, { status: 404, body: { error: `no fake route for ${request.method} ${request.path}` } });
		}
		try {
			await this.respond(res, await route.handler(request));
		} catch (error) {
			await this.respond(res, { status: 500, body: { error: (error as Error).message } });
		}
	}

	private async respond(res: ServerResponse, answer: FakeResponse): Promise<void> {
		if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
		if (res.destroyed) return;
		const isText = typeof answer.body === 'string';
		const headers = {
			'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
			...answer.headers,
		};
		res.writeHead(answer.status ?? 200, headers);
		res.end(answer.body === undefined ? '' : isText ? (answer.body as string) : JSON.stringify(answer.body));
	}
}

function parseJson(raw: Buffer): unknown {
	if (!raw.length) return undefined;
	try {
		return JSON.parse(raw.toString('utf8'));
	} catch {
		return undefined;
	}
}
