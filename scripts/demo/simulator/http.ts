import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Request {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	rawBody: Buffer;
	/** Groups of the route's pattern. */
	params: string[];
}

export type RouteHandler = (request: Request, response: ServerResponse) => void | Promise<void>;

interface Route {
	method: string;
	pattern: RegExp;
	handler: RouteHandler;
}

/** Routes requests by method and path pattern; the first match wins. */
export class Router {
	private readonly routes: Route[] = [];

	on(method: string, pattern: RegExp, handler: RouteHandler): this {
		this.routes.push({ method, pattern, handler });
		return this;
	}

	async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		for (const route of this.routes) {
			if (route.method !== req.method) continue;
			const match = route.pattern.exec(url.pathname);
			if (!match) continue;
			const request: Request = {
				method: req.method,
				path: url.pathname,
				query: url.searchParams,
				headers: req.headers,
				rawBody: Buffer.concat(chunks),
				params: match.slice(1).map((part) => decodeURIComponent(part ?? '')),
			};
			try {
				await route.handler(request, res);
			} catch (error) {
				if (!res.headersSent) sendJson(res, 500, { error: (error as Error).message });
			}
			return;
		}
		sendJson(res, 404, { error: `nothing here: ${req.method} ${url.pathname}` });
	}
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
	res.end(JSON.stringify(body));
}

export function sendHtml(res: ServerResponse, html: string): void {
	res.writeHead(200, {
		'content-type': 'text/html; charset=utf-8',
		'cache-control': 'no-store',
		// The pages are self-contained: nothing may load from elsewhere.
		'content-security-policy':
			"default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'",
	});
	res.end(html);
}

export function jsonBody<T>(request: Request): T {
	try {
		return JSON.parse(request.rawBody.toString('utf8')) as T;
	} catch {
		throw new Error('the request body is not JSON');
	}
}
