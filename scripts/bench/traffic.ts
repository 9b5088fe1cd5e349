import type { GraphApiFake } from '../../test/fakes/graph-api';
import type { RecordedRequest } from '../../test/fakes/loopback-server';
import { inboundTextBody, signedHeaders } from '../../test/harness/academy-n8n';
import { statusUpdate } from '../demo/simulator/meta-webhooks';
import { SAMPLE_ACADEMY } from '../../test/data/academy-profile';
import type { Sample, Send } from './load';
import { seededRandom } from '../../test/harness/seeded';

/** What leads ask, in the three languages, none of which ends the conversation (opt-out, a person). */
const QUESTIONS = [
	'hola, cuánto sale la mensualidad?',
	'what time are the beginner classes?',
	'oi, qual o horário das aulas para iniciantes?',
	'hola! dónde queda la academia?',
	'Hi, how much is the monthly membership?',
	'quanto custa a mensalidade?',
	'tienen clases para chicos?',
	'quiero probar una clase',
	'que tengo que llevar a la primera clase?',
	'hello, do you have classes on saturday?',
];

/**
 * Many simulated leads, each with a phone number of its own: message `index` comes from lead
 * `index % leads`, so with enough leads each stays under the trigger's per-minute allowance.
 */
export class Leads {
	private readonly random: () => number;

	readonly numbers: string[];

	constructor(count: number, seed: number) {
		this.random = seededRandom(seed);
		const base = 15550000000 + Math.floor(this.random() * 4_000_000) * 100;
		this.numbers = Array.from({ length: count }, (_, i) => String(base + i));
	}

	leadOf(index: number): string {
		return this.numbers[index % this.numbers.length];
	}

	question(): string {
		return QUESTIONS[Math.floor(this.random() * QUESTIONS.length)];
	}
}

/** Waits for the Graph API fake to be asked to send a message to a lead. */
export class ReplyWatcher {
	/** Sends nobody waited for (a second reply, or one after the wait gave up). */
	unexpected = 0;

	private readonly waiting = new Map<string, (receivedAt: number) => void>();

	constructor(graph: GraphApiFake) {
		graph.server.onRequest = (request: RecordedRequest) => {
			const body = request.body as { to?: string; status?: string } | undefined;
			if (request.method !== 'POST' || !body?.to || body.status !== undefined) return;
			const resolve = this.waiting.get(body.to);
			if (!resolve) {
				this.unexpected += 1;
				return;
			}
			this.waiting.delete(body.to);
			resolve(request.receivedAt);
		};
	}

	/** Resolves with the time the next send to `to` arrived, or undefined after `timeoutMs`. */
	expect(to: string, timeoutMs: number): { reply: Promise<number | undefined>; cancel(): void } {
		let timer: NodeJS.Timeout | undefined;
		const reply = new Promise<number | undefined>((resolve) => {
			this.waiting.set(to, resolve);
			timer = setTimeout(() => {
				this.waiting.delete(to);
				resolve(undefined);
			}, timeoutMs);
		});
		void reply.then(() => clearTimeout(timer));
		return {
			reply,
			cancel: () => {
				this.waiting.delete(to);
				clearTimeout(timer);
			},
		};
	}
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; ackMs: number; started: number }> {
	const started = Date.now();
	try {
		const response = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(60_000) });
		await response.arrayBuffer();
		return { status: response.status, ackMs: Date.now() - started, started };
	} catch {
		return { status: 0, ackMs: Date.now() - started, started };
	}
}

/**
 * Meta's status webhook for a message the academy sent to a lead, done when n8n answers. The ids
 * are new to the message log, which costs the status step a lookup more than a known one.
 */
export function statusSender(url: string, leads: Leads, appSecret: string, status: 'sent' | 'delivered' | 'read', runId: string): Send {
	const business = { businessAccountId: '0', phoneNumberId: SAMPLE_ACADEMY.phoneNumberId, displayPhoneNumber: '15550000000' };
	return async (index) => {
		const body = JSON.stringify(statusUpdate(business, leads.leadOf(index), `wamid.bench-${runId}-${index}`, status, new Date()));
		const { status: httpStatus, ackMs } = await post(url, body, signedHeaders(body, appSecret));
		return { status: httpStatus, ackMs };
	};
}

/** The floor: a body of the same size to n8n's own Webhook node, done when n8n answers. */
export function floorSender(url: string, leads: Leads, appSecret: string): Send {
	return async (index) => {
		const body = inboundTextBody({ from: leads.leadOf(index), messageId: `wamid.floor.${index}`, text: leads.question() });
		const { status, ackMs } = await post(url, body, signedHeaders(body, appSecret));
		return { status, ackMs };
	};
}

/**
 * A lead's signed WhatsApp message to the conversation workflow; with `awaitReply`, done when the
 * reply reaches the Graph API fake (or after `replyTimeoutMs`, counted lost).
 */
export function conversationSender(
	url: string,
	leads: Leads,
	appSecret: string,
	watcher: ReplyWatcher,
	runId: string,
	replyTimeoutMs = 60_000,
): Send {
	return async (index): Promise<Sample> => {
		const from = leads.leadOf(index);
		const body = inboundTextBody({ from, messageId: `wamid.bench.${runId}.${index}`, text: leads.question(), name: 'Bench Lead' });
		const waiter = watcher.expect(from, replyTimeoutMs);
		const { status, ackMs, started } = await post(url, body, signedHeaders(body, appSecret));
		if (status !== 200) {
			waiter.cancel();
			return { status, ackMs, lost: true };
		}
		const repliedAt = await waiter.reply;
		return repliedAt === undefined ? { status, ackMs, lost: true } : { status, ackMs, replyMs: repliedAt - started };
	};
}
