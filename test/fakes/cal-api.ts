import { randomUUID } from 'node:crypto';
import { DateTime, IANAZone } from 'luxon';

import { hmacSha256Hex } from '../../nodes/shared/signature';
import { LoopbackServer, type FakeResponse, type RecordedRequest } from './loopback-server';

export const CAL_API_KEY = 'cal_test_example_academy_bot';

/** The `cal-api-version` each endpoint group answers in its current shape (PLATFORM.md section 7). */
export const CAL_API_VERSIONS = { slots: '2024-09-04', eventTypes: '2024-06-14' } as const;

export const CAL_ME = {
	id: 1,
	username: 'gracie-barra-centro',
	email: 'owner@academy.example',
	timeZone: 'Europe/Madrid',
	weekStart: 'Monday',
	timeFormat: 24,
	defaultScheduleId: 1,
	organizationId: null,
};

export interface FakeEventType {
	id: number;
	slug: string;
	title: string;
	lengthInMinutes: number;
	ownerUsername: string;
}

/** Opening hours of the academy the fake plays, read in its own time zone. */
export interface Availability {
	timeZone: string;
	/** Local start times, HH:mm, on open days. */
	times: string[];
	/** ISO weekdays (1 = Monday) with classes. */
	weekdays: number[];
	/** Local dates (YYYY-MM-DD) with every slot taken. */
	fullDates: string[];
}

export interface StoredWebhook {
	id: string;
	userId: number;
	eventTypeId: number | null;
	subscriberUrl: string;
	triggers: string[];
	active: boolean;
	payloadTemplate: string | null;
	secret: string | null;
}

/** The trigger events Cal.com accepts on a webhook (PLATFORM.md section 5, a subset). */
const KNOWN_TRIGGERS = new Set([
	'BOOKING_CREATED',
	'BOOKING_RESCHEDULED',
	'BOOKING_CANCELLED',
	'BOOKING_REQUESTED',
	'BOOKING_REJECTED',
	'BOOKING_PAID',
	'BOOKING_NO_SHOW_UPDATED',
	'MEETING_STARTED',
	'MEETING_ENDED',
	'RECORDING_READY',
]);

function calError(status: number, code: string, message: string): FakeResponse {
	return {
		status,
		body: {
			status: 'error',
			timestamp: new Date().toISOString(),
			path: '',
			error: { code, message },
		},
	};
}

/**
 * Cal.com API v2 on loopback: `/v2/me`, `/v2/event-types`, `/v2/slots` computed from opening
 * hours in any time zone, and webhook management, with Cal.com's response shapes. It checks the
 * Bearer key and each group's `cal-api-version` (an unknown version gets the older response shape,
 * as Cal.com does), records every request and injects faults through the LoopbackServer.
 */
export class CalApiFake {
	readonly server = new LoopbackServer();

	apiKey = CAL_API_KEY;

	eventTypes: FakeEventType[] = [
		{
			id: 1001,
			slug: 'trial-class',
			title: 'Free trial class',
			lengthInMinutes: 60,
			ownerUsername: CAL_ME.username,
		},
		{
			id: 1002,
			slug: 'private-lesson',
			title: 'Private lesson',
			lengthInMinutes: 60,
			ownerUsername: CAL_ME.username,
		},
	];

	availability: Availability = {
		timeZone: 'Europe/Madrid',
		times: ['10:00', '19:00', '20:30'],
		weekdays: [1, 2, 3, 4, 5, 6],
		fullDates: [],
	};

	readonly webhooks = new Map<string, StoredWebhook>();

	constructor() {
		this.server
			.route('GET', /^\/v2\/me$/, (r) =>
				this.authorized(r, () => ({ body: { status: 'success', data: CAL_ME } })),
			)
			.route('GET', /^\/v2\/event-types$/, (r) => this.authorized(r, () => this.listEventTypes(r)))
			.route('GET', /^\/v2\/slots$/, (r) => this.slots(r))
			.route('GET', /^\/v2\/(event-types\/\d+\/)?webhooks$/, (r) =>
				this.authorized(r, () => this.listWebhooks(r)),
			)
			.route('POST', /^\/v2\/(event-types\/\d+\/)?webhooks$/, (r) =>
				this.authorized(r, () => this.createWebhook(r)),
			)
			.route('DELETE', /^\/v2\/(event-types\/\d+\/)?webhooks\/[^/]+$/, (r) =>
				this.authorized(r, () => this.deleteWebhook(r)),
			);
	}

	get url(): string {
		return this.server.url;
	}

	get requests(): RecordedRequest[] {
		return this.server.requests;
	}

	async start(): Promise<this> {
		await this.server.start();
		return this;
	}

	async stop(): Promise<void> {
		await this.server.stop();
	}

	/** What Cal.com posts to a subscriber: the exact body and its headers, signed with `secret`. */
	delivery(
		body: unknown,
		secret: string | null,
	): { body: string; headers: Record<string, string> } {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		return {
			body: text,
			headers: {
				'content-type': 'application/json',
				'x-cal-signature-256': secret ? hmacSha256Hex(secret, text) : 'no-secret-provided',
				'x-cal-webhook-version': '2021-10-20',
			},
		};
	}

	/** A delivery through one registered webhook, signed with the secret it was created with. */
	deliveryThrough(webhookId: string, body: unknown) {
		const webhook = this.webhooks.get(webhookId);
		if (!webhook) throw new Error(`The fake has no webhook ${webhookId}`);
		return this.delivery(body, webhook.secret);
	}

	private authorized(request: RecordedRequest, answer: () => FakeResponse): FakeResponse {
		if (request.headers.authorization !== `Bearer ${this.apiKey}`) {
			return calError(401, 'UnauthorizedException', 'Invalid Access Token.');
		}
		return answer();
	}

	private listEventTypes(request: RecordedRequest): FakeResponse {
		const data = this.eventTypes.map(({ id, slug, title, lengthInMinutes }) => ({
			id,
			slug,
			title,
			lengthInMinutes,
		}));
		if (request.headers['cal-api-version'] !== CAL_API_VERSIONS.eventTypes) {
			return { body: { status: 'success', data: { eventTypeGroups: [{ eventTypes: data }] } } };
		}
		return { body: { status: 'success', data } };
	}

	private slots(request: RecordedRequest): FakeResponse {
		// Slots of public event types need no key, but a wrong key is still refused.
		const auth = request.headers.authorization;
		if (auth && auth !== `Bearer ${this.apiKey}`)
			return calError(401, 'UnauthorizedException', 'Invalid Access Token.');
		const q = request.query;
		const eventType = q.has('eventTypeId')
			? this.eventTypes.find((e) => e.id === Number(q.get('eventTypeId')))
			: this.eventTypes.find(
					(e) => e.slug === q.get('eventTypeSlug') && e.ownerUsername === q.get('username'),
				);
		if (!eventType) return calError(404, 'NotFoundException', 'Event type not found');
		const timeZone = q.get('timeZone') ?? 'UTC';
		if (!IANAZone.isValidZone(timeZone))
			return calError(400, 'BadRequestException', `Invalid time zone ${timeZone}`);
		const start = this.bound(q.get('start'), 'start');
		const end = this.bound(q.get('end'), 'end');
		if (!start || !end)
			return calError(400, 'BadRequestException', 'start and end must be ISO 8601 dates');
		const free = this.freeSlots(start, end);
		if (request.headers['cal-api-version'] !== CAL_API_VERSIONS.slots) {
			// The slots endpoint before 2024-09-04: `{ slots: { date: [{ time }] } }`.
			const slots: Record<string, Array<{ time: string }>> = {};
			for (const at of free)
				(slots[at.setZone(timeZone).toISODate()!] ??= []).push({ time: at.toUTC().toISO()! });
			return { body: { status: 'success', data: { slots } } };
		}
		const data: Record<string, Array<{ start: string }>> = {};
		for (const at of free) {
			const local = at.setZone(timeZone);
			(data[local.toISODate()!] ??= []).push({ start: local.toISO()! });
		}
		return { body: { status: 'success', data } };
	}

	/** Cal.com reads a bare date as the start or the end of that day in UTC. */
	private bound(value: string | null, which: 'start' | 'end'): DateTime | null {
		if (!value) return null;
		if (/^\d{4}-\d\d-\d\d$/.test(value)) {
			const day = DateTime.fromISO(value, { zone: 'UTC' });
			return which === 'start' ? day.startOf('day') : day.endOf('day');
		}
		const at = DateTime.fromISO(value, { setZone: true });
		return at.isValid ? at : null;
	}

	private freeSlots(start: DateTime, end: DateTime): DateTime[] {
		const { timeZone, times, weekdays, fullDates } = this.availability;
		const free: DateTime[] = [];
		for (
			let day = start.setZone(timeZone).startOf('day');
			day <= end;
			day = day.plus({ days: 1 })
		) {
			if (!weekdays.includes(day.weekday) || fullDates.includes(day.toISODate()!)) continue;
			for (const time of times) {
				const at = DateTime.fromISO(`${day.toISODate()}T${time}`, { zone: timeZone });
				if (at >= start && at <= end) free.push(at);
			}
		}
		return free;
	}

	private scopeOf(request: RecordedRequest): number | null {
		const match = /^\/v2\/event-types\/(\d+)\//.exec(request.path);
		return match ? Number(match[1]) : null;
	}

	private listWebhooks(request: RecordedRequest): FakeResponse {
		const take = Number(request.query.get('take') ?? 250);
		const skip = Number(request.query.get('skip') ?? 0);
		const scope = this.scopeOf(request);
		const data = [...this.webhooks.values()]
			.filter((w) => w.eventTypeId === scope)
			.slice(skip, skip + take);
		return { body: { status: 'success', data } };
	}

	private createWebhook(request: RecordedRequest): FakeResponse {
		const body = (request.body ?? {}) as Partial<StoredWebhook>;
		if (typeof body.subscriberUrl !== 'string' || !URL.canParse(body.subscriberUrl)) {
			return calError(400, 'BadRequestException', 'subscriberUrl must be a URL');
		}
		if (
			!Array.isArray(body.triggers) ||
			!body.triggers.length ||
			body.triggers.some((t) => !KNOWN_TRIGGERS.has(t))
		) {
			return calError(
				400,
				'BadRequestException',
				'each value in triggers must be a valid trigger event',
			);
		}
		const webhook: StoredWebhook = {
			id: randomUUID(),
			userId: CAL_ME.id,
			eventTypeId: this.scopeOf(request),
			subscriberUrl: body.subscriberUrl,
			triggers: body.triggers,
			active: body.active ?? true,
			payloadTemplate: body.payloadTemplate ?? null,
			secret: body.secret ?? null,
		};
		this.webhooks.set(webhook.id, webhook);
		return { status: 201, body: { status: 'success', data: webhook } };
	}

	private deleteWebhook(request: RecordedRequest): FakeResponse {
		const id = decodeURIComponent(request.path.split('/').pop()!);
		const webhook = this.webhooks.get(id);
		if (!webhook || webhook.eventTypeId !== this.scopeOf(request)) {
			return calError(404, 'NotFoundException', `Webhook (${id}) not found`);
		}
		this.webhooks.delete(id);
		return { body: { status: 'success', data: webhook } };
	}
}
