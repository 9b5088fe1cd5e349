import { DateTime, IANAZone } from 'luxon';

import type { AlternativeDay, CalSlotsByDate, FreeSlot, ListRow } from './types';

/** List row ids for slots; the Booking Link operation takes them back as the chosen slot. */
export const SLOT_ROW_PREFIX = 'slot:';

/** WhatsApp list limits (Meta): 10 rows in all, titles of 24 and descriptions of 72 characters. */
export const LIST_MAX_ROWS = 10;
const TITLE_MAX = 24;
const DESCRIPTION_MAX = 72;

export class SlotInputError extends Error {}

/**
 * The slot a lead chose: a row id of the free-slots list or an ISO time. Any other reply (a
 * button such as "Prices") is no slot.
 */
export function chosenSlot(value: unknown): string | undefined {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text.startsWith(SLOT_ROW_PREFIX)) return text.slice(SLOT_ROW_PREFIX.length);
	return /^\d{4}-\d\d-\d\dT/.test(text) ? text : undefined;
}

export function assertTimeZone(timeZone: string): string {
	const zone = timeZone.trim();
	if (!zone) {
		throw new SlotInputError(
			'The time zone is empty: set the academy time zone, for example America/Sao_Paulo',
		);
	}
	if (!IANAZone.isValidZone(zone)) {
		throw new SlotInputError(
			`"${zone}" is not a time zone name; use one like America/Sao_Paulo or Europe/Madrid`,
		);
	}
	return zone;
}

export interface SearchWindow {
	start: DateTime;
	/** Exclusive: local midnight after the last day. */
	end: DateTime;
}

/** `days` whole local calendar days starting with the day of `from` (from `from` itself on). */
export function searchWindow(from: DateTime, timeZone: string, days: number): SearchWindow {
	const start = from.setZone(timeZone);
	return { start, end: start.startOf('day').plus({ days }) };
}

/** The window that follows `window`, `days` local days long, for the nearest alternative days. */
export function windowAfter(window: SearchWindow, days: number): SearchWindow {
	return { start: window.end, end: window.end.plus({ days }) };
}

function clip(text: string, max: number): string {
	return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function timeLabel(local: DateTime): string {
	return local.toLocaleString(DateTime.TIME_SIMPLE);
}

function dayLabel(local: DateTime): string {
	return local.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' });
}

/** A list section title: the long day name when it fits in 24 characters. */
function sectionTitle(local: DateTime): string {
	const long = dayLabel(local);
	return long.length <= TITLE_MAX
		? long
		: clip(local.toLocaleString({ weekday: 'short', day: 'numeric', month: 'short' }), TITLE_MAX);
}

/**
 * Cal.com's date-keyed answer as one list of slots inside the window, in time order, each with
 * its local date and time in the academy's zone and the wording of a WhatsApp list row.
 */
export function toFreeSlots(
	data: CalSlotsByDate,
	window: SearchWindow,
	locale: string,
): FreeSlot[] {
	const zone = window.start.zoneName ?? 'UTC';
	const seen = new Set<string>();
	const slots: Array<{ at: DateTime; slot: FreeSlot }> = [];
	for (const entries of Object.values(data)) {
		if (!Array.isArray(entries)) continue;
		for (const entry of entries) {
			const at = DateTime.fromISO(entry.start, { setZone: true }).setZone(zone).setLocale(locale);
			if (!at.isValid || at < window.start || at >= window.end) continue;
			const start = at.toUTC().toISO()!;
			if (seen.has(start)) continue;
			seen.add(start);
			const end = entry.end
				? DateTime.fromISO(entry.end, { setZone: true }).setZone(zone).setLocale(locale)
				: null;
			const time = timeLabel(at);
			const span = end?.isValid ? `${time}–${timeLabel(end)}` : time;
			slots.push({
				at,
				slot: {
					// The local time with its offset, so the chosen row also names the lead's calendar day.
					id: `${SLOT_ROW_PREFIX}${at.toISO()}`,
					start,
					end: end?.isValid ? end.toUTC().toISO() : null,
					local: at.toISO()!,
					date: at.toISODate()!,
					time: at.toFormat('HH:mm'),
					title: clip(`${at.toFormat('ccc d LLL')}, ${time}`, TITLE_MAX),
					description: clip(`${dayLabel(at)} · ${span}`, DESCRIPTION_MAX),
				},
			});
		}
	}
	return slots.sort((a, b) => a.at.toMillis() - b.at.toMillis()).map(({ slot }) => slot);
}

/**
 * At most `max` slots, taken in turn from each day so a lead sees several days rather than one
 * morning, then back in time order.
 */
export function pickForList(slots: FreeSlot[], max = LIST_MAX_ROWS): FreeSlot[] {
	const byDay = groupByDate(slots);
	const picked: FreeSlot[] = [];
	for (let round = 0; picked.length < max; round++) {
		const before = picked.length;
		for (const daySlots of byDay.values()) {
			if (round < daySlots.length && picked.length < max) picked.push(daySlots[round]);
		}
		if (picked.length === before) break;
	}
	return picked.sort((a, b) => a.start.localeCompare(b.start));
}

/** Meta's `action.sections` of a list message: one section per day, rows in time order. */
export function toListSections(picked: FreeSlot[], locale: string, timeZone: string) {
	return [...groupByDate(picked).entries()].map(([date, daySlots]) => ({
		title: sectionTitle(DateTime.fromISO(date, { zone: timeZone }).setLocale(locale)),
		rows: daySlots.map(({ id, title, description }): ListRow => ({ id, title, description })),
	}));
}

/** The nearest `count` days that have free slots, for a "these days are full, how about…" reply. */
export function alternativeDays(
	slots: FreeSlot[],
	count: number,
	locale: string,
	timeZone: string,
): AlternativeDay[] {
	return [...groupByDate(slots).entries()].slice(0, count).map(([date, daySlots]) => ({
		date,
		label: dayLabel(DateTime.fromISO(date, { zone: timeZone }).setLocale(locale)),
		count: daySlots.length,
		first: daySlots[0].start,
	}));
}

function groupByDate(slots: FreeSlot[]): Map<string, FreeSlot[]> {
	const byDay = new Map<string, FreeSlot[]>();
	for (const slot of slots) {
		const day = byDay.get(slot.date) ?? [];
		day.push(slot);
		byDay.set(slot.date, day);
	}
	return byDay;
}
