import { DateTime, IANAZone } from 'luxon';

import { cancelLink, METADATA_KEYS, rescheduleLink } from '../CalCom/links';

/** The events this trigger subscribes to; Cal.com's "Ping test" (PING) arrives on any webhook. */
export const BOOKING_EVENTS = [
	'BOOKING_CREATED',
	'BOOKING_RESCHEDULED',
	'BOOKING_CANCELLED',
	'BOOKING_REQUESTED',
	'MEETING_ENDED',
	'BOOKING_NO_SHOW_UPDATED',
] as const;

export const PING_EVENT = 'PING';

/** What the Cal.com Trigger emits under `booking`: one shape for every event. */
export interface BookingEvent {
	event: string;
	uid: string | null;
	bookingId: number | null;
	/** On BOOKING_RESCHEDULED, the booking this one replaces (`uid` is the new booking). */
	previousUid: string | null;
	leadId: string | null;
	academyId: string | null;
	metadata: Record<string, unknown>;
	attendee: {
		name: string | null;
		email: string | null;
		phone: string | null;
		/** The phone as WhatsApp writes it (digits only), to find a lead booked without a link. */
		waId: string | null;
		timeZone: string | null;
		locale: string | null;
	};
	title: string | null;
	eventTypeId: number | null;
	eventSlug: string | null;
	start: string | null;
	end: string | null;
	startLocal: string | null;
	endLocal: string | null;
	/** Local date (YYYY-MM-DD) and time (HH:mm) of the start, in `timeZone`. */
	date: string | null;
	time: string | null;
	timeZone: string;
	/** On BOOKING_RESCHEDULED, when the booking used to start. */
	previousStart: string | null;
	status: string | null;
	cancellationReason: string | null;
	rescheduleReason: string | null;
	/** BOOKING_NO_SHOW_UPDATED (and MEETING_ENDED): whether the lead was marked as not showing up. */
	noShow: boolean | null;
	bookerUrl: string;
	rescheduleUrl: string | null;
	cancelUrl: string | null;
	createdAt: string | null;
	test: boolean;
	/** The delivery as Cal.com sent it, for anything not normalised here. */
	original: Record<string, unknown>;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
	value !== null && typeof value === 'object' && !Array.isArray(value);
const text = (value: unknown): string | null =>
	typeof value === 'string' && value.trim() ? value : null;
const num = (value: unknown): number | null =>
	typeof value === 'number' && Number.isFinite(value) ? value : null;

/** Booking webhooks wrap the booking in `payload`; MEETING_STARTED and MEETING_ENDED send it flat. */
export function bookingOf(body: Json): Json {
	return isObject(body.payload) ? body.payload : body;
}

/** A booking-question answer: `responses.<field>.value`, where a split name is an object. */
function answer(responses: unknown, field: string): string | null {
	if (!isObject(responses) || !isObject(responses[field])) return null;
	const value = responses[field].value;
	if (isObject(value))
		return text(
			[value.firstName, value.lastName].filter((p) => typeof p === 'string' && p).join(' '),
		);
	return text(value);
}

function organizerZone(booking: Json): string | null {
	for (const holder of [booking.organizer, booking.user]) {
		if (isObject(holder) && text(holder.timeZone)) return holder.timeZone as string;
	}
	return null;
}

export interface NormaliseOptions {
	/** Overrides the zone read from the payload. */
	timeZone?: string;
	/** Where the booking pages live when the payload does not say (MEETING_ENDED). */
	siteUrl: string;
}

/** The academy's zone: set on the node, else the organiser's (the academy's calendar), else the attendee's. */
function zoneOf(booking: Json, attendeeZone: string | null, override?: string): string {
	for (const zone of [override, organizerZone(booking), attendeeZone]) {
		if (zone && IANAZone.isValidZone(zone)) return zone;
	}
	return 'UTC';
}

function instant(value: unknown, zone: string) {
	const at = typeof value === 'string' ? DateTime.fromISO(value, { setZone: true }) : null;
	return at?.isValid ? { utc: at.toUTC().toISO()!, local: at.setZone(zone) } : null;
}

const INACTIVE_STATUSES = new Set(['CANCELLED', 'REJECTED']);

export function normalise(body: Json, options: NormaliseOptions): BookingEvent {
	const event = String(body.triggerEvent ?? '');
	const booking = bookingOf(body);
	const attendees = Array.isArray(booking.attendees) ? booking.attendees.filter(isObject) : [];
	// The booker comes first; guests follow.
	const lead = attendees[0] ?? {};
	const metadata = isObject(booking.metadata) ? booking.metadata : {};
	const locale = isObject(lead.language) ? text(lead.language.locale) : text(lead.locale);
	const timeZone = zoneOf(booking, text(lead.timeZone), options.timeZone);
	const start = instant(booking.startTime, timeZone);
	const end = instant(booking.endTime, timeZone);
	const uid = text(booking.uid) ?? text(booking.bookingUid);
	const phone = answer(booking.responses, 'attendeePhoneNumber') ?? text(lead.phoneNumber);
	const status = text(booking.status);
	const bookerUrl = text(booking.bookerUrl) ?? options.siteUrl;
	const active =
		uid !== null && event !== 'BOOKING_CANCELLED' && !INACTIVE_STATUSES.has(status ?? '');
	return {
		event,
		uid,
		bookingId: num(booking.bookingId) ?? num(booking.id),
		previousUid: text(booking.rescheduleUid),
		leadId: text(metadata[METADATA_KEYS.leadId]),
		academyId: text(metadata[METADATA_KEYS.academyId]),
		metadata,
		attendee: {
			name: answer(booking.responses, 'name') ?? text(lead.name),
			email: answer(booking.responses, 'email') ?? text(lead.email),
			phone,
			waId: phone?.replace(/\D/g, '') || null,
			timeZone: text(lead.timeZone),
			locale,
		},
		title: text(booking.title),
		eventTypeId: num(booking.eventTypeId),
		eventSlug: text(booking.type),
		start: start?.utc ?? null,
		end: end?.utc ?? null,
		startLocal: start?.local.toISO() ?? null,
		endLocal: end?.local.toISO() ?? null,
		date: start?.local.toISODate() ?? null,
		time: start?.local.toFormat('HH:mm') ?? null,
		timeZone,
		previousStart: instant(booking.rescheduleStartTime, timeZone)?.utc ?? null,
		status,
		cancellationReason: text(booking.cancellationReason),
		rescheduleReason: answer(booking.responses, 'rescheduleReason'),
		noShow: typeof lead.noShow === 'boolean' ? lead.noShow : null,
		bookerUrl,
		rescheduleUrl: active ? rescheduleLink(bookerUrl, uid) : null,
		cancelUrl: active ? cancelLink(bookerUrl, uid) : null,
		createdAt: text(body.createdAt),
		test: event === PING_EVENT,
		original: body,
	};
}
