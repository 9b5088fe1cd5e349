import { DateTime } from 'luxon';

/**
 * Links into Cal.com's public booking pages. The booking page turns every `metadata[key]` query
 * parameter into booking metadata, and Cal.com sends it back in each booking webhook as
 * `payload.metadata.key`: that is how a booking finds its lead again.
 */

/** The metadata keys the Cal.com node writes and the Cal.com trigger reads back. */
export const METADATA_KEYS = { leadId: 'leadId', academyId: 'academyId' } as const;

export const UTM_FIELDS = [
	'utm_source',
	'utm_medium',
	'utm_campaign',
	'utm_content',
	'utm_term',
] as const;
export type UtmTags = Partial<Record<(typeof UTM_FIELDS)[number], string>>;

export interface BookingLinkInput {
	pageUrl: string;
	name?: string;
	email?: string;
	phone?: string;
	notes?: string;
	leadId?: string;
	academyId?: string;
	utm?: UtmTags;
	/** A slot the lead already picked, as an ISO time with the academy's offset: the page opens on it. */
	slot?: string;
}

/** Cal.com limits booking metadata values to 500 characters. */
const METADATA_VALUE_MAX = 500;

export class BookingLinkError extends Error {}

/** Parses a page URL staff typed, forgiving a missing https://. */
export function parsePageUrl(raw: string, what = 'booking page URL'): URL {
	const text = raw.trim();
	if (!text) throw new BookingLinkError(`The ${what} is empty`);
	const withScheme = /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text) ? text : `https://${text}`;
	if (!URL.canParse(withScheme))
		throw new BookingLinkError(`The ${what} "${text}" is not a web address`);
	const url = new URL(withScheme);
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new BookingLinkError(`The ${what} "${text}" must start with https://`);
	}
	return url;
}

/** Cal.com's phone field wants E.164; WhatsApp ids are the same digits without the plus. */
export function toE164(phone: string): string {
	const digits = phone.replace(/[^\d]/g, '');
	return digits ? `+${digits}` : '';
}

export function buildBookingLink(input: BookingLinkInput): string {
	const url = parsePageUrl(input.pageUrl);
	const set = (key: string, value: string | undefined) => {
		const text = value?.trim();
		if (text) url.searchParams.set(key, text);
	};
	set('name', input.name);
	set('email', input.email);
	set('attendeePhoneNumber', input.phone ? toE164(input.phone) : undefined);
	set('notes', input.notes);
	for (const [key, value] of [
		[METADATA_KEYS.leadId, input.leadId],
		[METADATA_KEYS.academyId, input.academyId],
	] as const) {
		if (value && value.length > METADATA_VALUE_MAX) {
			throw new BookingLinkError(
				`The ${key} is longer than the ${METADATA_VALUE_MAX} characters Cal.com keeps`,
			);
		}
		set(`metadata[${key}]`, value);
	}
	for (const field of UTM_FIELDS) set(field, input.utm?.[field]);
	if (input.slot) {
		const slot = DateTime.fromISO(input.slot, { setZone: true });
		if (!slot.isValid)
			throw new BookingLinkError(`The chosen slot "${input.slot}" is not a date and time`);
		// Cal.com's booker selects the slot by its UTC time and opens the day named in `date`.
		set('date', slot.toISODate()!);
		set('slot', slot.toUTC().toISO()!);
	}
	return url.toString();
}

/** Where Cal.com serves booking pages: the page's origin, or Cal.com's `bookerUrl` from a webhook. */
export function bookerOrigin(pageOrBookerUrl: string): string {
	return parsePageUrl(pageOrBookerUrl).origin;
}

/** Cal.com's own manage links, as its e-mails build them. */
export function cancelLink(bookerUrl: string, uid: string): string {
	return `${bookerOrigin(bookerUrl)}/booking/${encodeURIComponent(uid)}?cancel=true`;
}

export function rescheduleLink(bookerUrl: string, uid: string): string {
	return `${bookerOrigin(bookerUrl)}/reschedule/${encodeURIComponent(uid)}`;
}

/** How `GET /v2/slots` names an event type when no id is known. */
export interface EventTypeRef {
	eventTypeSlug: string;
	username?: string;
	teamSlug?: string;
}

/**
 * `https://cal.com/<user>/<slug>` and `https://cal.com/team/<team>/<slug>` name a public event
 * type, so an academy with only a booking page still gets free slots.
 */
export function eventTypeFromPageUrl(pageUrl: string): EventTypeRef | null {
	const parts = parsePageUrl(pageUrl).pathname.split('/').filter(Boolean).map(decodeURIComponent);
	if (parts.length === 3 && parts[0] === 'team')
		return { teamSlug: parts[1], eventTypeSlug: parts[2] };
	if (parts.length === 2) return { username: parts[0], eventTypeSlug: parts[1] };
	return null;
}
