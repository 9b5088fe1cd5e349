import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import { DateTime } from 'luxon';

import type { AcademyProfile, ClassSlot } from '../../../nodes/shared/types';
import { jsonBody, sendJson, type Request, type Router } from './http';
import { postSigned, type Delivery } from './meta-webhooks';

export interface BookingRequest {
	start: string;
	name: string;
	email: string;
	phone: string;
	notes: string;
	/** The `metadata[key]` parameters of the booking link, handed back in the webhook. */
	metadata: Record<string, string>;
}

export interface TrialSlot {
	start: string;
	end: string;
	program: string;
	level: string;
}

/** The classes of the next `days` days, in the academy's time zone, that a trial can be booked into. */
export function trialSlots(
	academy: Pick<AcademyProfile, 'schedule' | 'timeZone'>,
	now: Date,
	days = 7,
): TrialSlot[] {
	const today = DateTime.fromJSDate(now).setZone(academy.timeZone).startOf('day');
	const slots: TrialSlot[] = [];
	for (let d = 0; d < days; d++) {
		const day = today.plus({ days: d });
		for (const slot of academy.schedule.filter((s: ClassSlot) => s.weekday === day.weekday)) {
			const [sh, sm] = slot.start.split(':').map(Number);
			const [eh, em] = slot.end.split(':').map(Number);
			const start = day.set({ hour: sh, minute: sm });
			if (start.toJSDate() <= now) continue;
			slots.push({
				start: start.toUTC().toISO()!,
				end: day.set({ hour: eh, minute: em }).toUTC().toISO()!,
				program: slot.program,
				level: slot.level,
			});
		}
	}
	return slots.sort((a, b) => a.start.localeCompare(b.start));
}

/**
 * A BOOKING_CREATED webhook in Cal.com's shape (fixture cal-booking-created, version 2021-10-20),
 * carrying the booking link's metadata back as `payload.metadata`.
 */
export function bookingCreated(
	academy: Pick<AcademyProfile, 'name' | 'timeZone' | 'address'>,
	request: BookingRequest,
	slot: TrialSlot,
	ids: { uid: string; bookingId: number; eventTypeId: number; bookerUrl: string },
) {
	const minutes = Math.round((Date.parse(slot.end) - Date.parse(slot.start)) / 60_000);
	const [firstName, ...rest] = request.name.trim().split(/\s+/);
	const attendee = {
		email: request.email,
		name: request.name,
		firstName: firstName ?? '',
		lastName: rest.join(' '),
		timeZone: academy.timeZone,
		phoneNumber: request.phone || undefined,
		language: { locale: 'es' },
		utcOffset: DateTime.fromISO(slot.start).setZone(academy.timeZone).offset,
	};
	return {
		triggerEvent: 'BOOKING_CREATED',
		createdAt: new Date().toISOString(),
		payload: {
			bookerUrl: ids.bookerUrl,
			title: `Clase de prueba (${slot.program}) entre ${academy.name} y ${request.name}`,
			startTime: slot.start,
			endTime: slot.end,
			additionalNotes: request.notes,
			type: 'clase-de-prueba',
			description: request.notes,
			eventTypeId: ids.eventTypeId,
			hideCalendarNotes: false,
			hideCalendarEventDetails: false,
			hideOrganizerEmail: false,
			schedulingType: null,
			seatsPerTimeSlot: null,
			seatsShowAttendees: true,
			seatsShowAvailabilityCount: true,
			customReplyToEmail: null,
			disableRescheduling: false,
			disableCancelling: false,
			organizer: {
				id: 1,
				name: academy.name,
				email: 'academy@demo.invalid',
				username: 'academia-demo',
				usernameInOrg: 'academia-demo',
				timeZone: academy.timeZone,
				language: { locale: 'es' },
				timeFormat: 'HH:mm',
				utcOffset: attendee.utcOffset,
			},
			attendees: [attendee],
			customInputs: {},
			responses: {
				name: { label: 'your_name', value: request.name, isHidden: false },
				email: { label: 'email_address', value: request.email, isHidden: false },
				attendeePhoneNumber: {
					label: 'phone_number',
					value: request.phone || undefined,
					isHidden: false,
				},
				location: {
					label: 'location',
					value: { optionValue: '', value: 'inPerson' },
					isHidden: false,
				},
				title: { label: 'what_is_this_meeting_about', isHidden: true },
				notes: { label: 'additional_notes', value: request.notes || undefined, isHidden: false },
				guests: { label: 'additional_guests', value: [], isHidden: false },
				rescheduleReason: { label: 'reason_for_reschedule', isHidden: false },
			},
			userFieldsResponses: {},
			location: academy.address,
			destinationCalendar: null,
			iCalUID: `${ids.uid}@demo.invalid`,
			iCalSequence: 0,
			requiresConfirmation: false,
			oneTimePassword: null,
			organizationId: null,
			hashedLink: null,
			uid: ids.uid,
			conferenceData: null,
			videoCallData: null,
			appsStatus: [],
			eventTitle: 'Clase de prueba',
			eventDescription: '',
			price: 0,
			currency: 'usd',
			length: minutes,
			bookingId: ids.bookingId,
			metadata: { ...request.metadata },
			status: 'ACCEPTED',
		},
	};
}

export const CAL_SIGNATURE = { header: 'x-cal-signature-256', prefix: '' };

interface Subscription {
	id: number;
	subscriberUrl: string;
	secret: string;
	triggers: string[];
	active: boolean;
}

/**
 * Cal.com for the demo: the public booking page's "Book" (fires the signed webhook) and the few
 * API v2 endpoints the Cal.com node and trigger call (me, slots, webhooks).
 */
export class CalSimulator {
	private readonly subscriptions = new Map<number, Subscription>();

	private nextId = 1;

	readonly bookings: Array<{
		uid: string;
		start: string;
		metadata: Record<string, string>;
		delivery: Delivery;
	}> = [];

	constructor(
		private readonly options: {
			academy: () => Pick<AcademyProfile, 'name' | 'timeZone' | 'address' | 'schedule'>;
			webhookSecret: string;
			apiKey: string;
			eventTypeId: number;
			/** Where n8n's Cal.com trigger listens, when known from the templates. */
			webhookUrl: () => string | null;
			baseUrl: () => string;
		},
	) {}

	register(router: Router): void {
		router.on('GET', /^\/api\/booking-slots$/, (_req, res) =>
			sendJson(res, 200, {
				academy: this.options.academy().name,
				timeZone: this.options.academy().timeZone,
				slots: trialSlots(this.options.academy(), new Date()),
			}),
		);
		router.on('POST', /^\/api\/bookings$/, (req, res) => this.book(req, res));
		router.on('GET', /^\/v2\/me$/, (req, res) =>
			this.authorised(req, res, () =>
				sendJson(res, 200, {
					status: 'success',
					data: {
						id: 1,
						username: 'academia-demo',
						email: 'academy@demo.invalid',
						timeZone: this.options.academy().timeZone,
					},
				}),
			),
		);
		router.on('GET', /^\/v2\/slots$/, (req, res) => this.slots(req, res));
		router.on('GET', /^\/v2\/(?:event-types\/\d+\/)?webhooks$/, (req, res) =>
			this.authorised(req, res, () =>
				sendJson(res, 200, { status: 'success', data: [...this.subscriptions.values()] }),
			),
		);
		router.on('POST', /^\/v2\/(?:event-types\/\d+\/)?webhooks$/, (req, res) =>
			this.authorised(req, res, () => {
				const body = jsonBody<Partial<Subscription>>(req);
				const subscription: Subscription = {
					id: this.nextId++,
					subscriberUrl: String(body.subscriberUrl ?? ''),
					secret: String(body.secret ?? ''),
					triggers: body.triggers ?? [],
					active: body.active ?? true,
				};
				this.subscriptions.set(subscription.id, subscription);
				sendJson(res, 201, { status: 'success', data: { ...subscription, secret: undefined } });
			}),
		);
		router.on('DELETE', /^\/v2\/(?:event-types\/\d+\/)?webhooks\/(\d+)$/, (req, res) =>
			this.authorised(req, res, () => {
				this.subscriptions.delete(Number(req.params[0]));
				sendJson(res, 200, { status: 'success' });
			}),
		);
	}

	private authorised(req: Request, res: ServerResponse, next: () => void): void {
		if (req.headers.authorization !== `Bearer ${this.options.apiKey}`) {
			return void sendJson(res, 401, {
				status: 'error',
				error: { code: 'UNAUTHORIZED', message: 'Invalid API key' },
			});
		}
		next();
	}

	private slots(req: Request, res: ServerResponse): void {
		const data: Record<string, Array<{ start: string }>> = {};
		const zone = req.query.get('timeZone') || this.options.academy().timeZone;
		for (const slot of trialSlots(this.options.academy(), new Date(), 14)) {
			const local = DateTime.fromISO(slot.start).setZone(zone);
			(data[local.toISODate()!] ??= []).push({ start: local.toISO()! });
		}
		sendJson(res, 200, { status: 'success', data });
	}

	/** Subscribers registered through the API, else the trigger URL found in the templates. */
	private targets(): Array<{ url: string | null; secret: string }> {
		const registered = [...this.subscriptions.values()].filter(
			(s) => s.active && s.triggers.includes('BOOKING_CREATED'),
		);
		if (registered.length)
			return registered.map((s) => ({
				url: s.subscriberUrl,
				secret: s.secret || this.options.webhookSecret,
			}));
		return [{ url: this.options.webhookUrl(), secret: this.options.webhookSecret }];
	}

	private async book(req: Request, res: ServerResponse): Promise<void> {
		const request = jsonBody<BookingRequest>(req);
		const slot = trialSlots(this.options.academy(), new Date(), 14).find(
			(s) => s.start === request.start,
		);
		if (!slot)
			return sendJson(res, 400, {
				error: 'That class is no longer available; choose another one.',
			});
		if (!request.name?.trim() || !/^[^@\s]+@[^@\s]+$/.test(request.email ?? '')) {
			return sendJson(res, 400, { error: 'Name and a valid e-mail are needed to book.' });
		}
		const uid = randomUUID().replace(/-/g, '').slice(0, 22);
		const body = bookingCreated(this.options.academy(), request, slot, {
			uid,
			bookingId: this.bookings.length + 1000,
			eventTypeId: this.options.eventTypeId,
			bookerUrl: this.options.baseUrl(),
		});
		let delivery: Delivery = { ok: false, status: 0, problem: 'nobody subscribed' };
		for (const target of this.targets()) {
			delivery = await postSigned(
				target.url,
				body,
				{ ...CAL_SIGNATURE, secret: target.secret },
				{
					'x-cal-webhook-version': '2021-10-20',
				},
			);
		}
		this.bookings.push({ uid, start: slot.start, metadata: request.metadata, delivery });
		sendJson(res, delivery.ok ? 200 : 502, {
			uid,
			slot,
			delivered: delivery.ok,
			problem: delivery.problem,
		});
	}
}
