import { DateTime } from 'luxon';

export interface QuietHours {
	/** Local time HH:mm when the academy stops wanting messages sent. */
	start: string;
	/** Local time HH:mm when messages may go out again; before `start` when the hours span midnight. */
	end: string;
}

const HH_MM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

function minutesOf(hhmm: string): number | null {
	const match = HH_MM.exec(hhmm.trim());
	return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** Throws on a zone luxon does not know, so a typo in an academy profile is reported, not ignored. */
export function inZone(at: Date, timeZone: string): DateTime {
	const local = DateTime.fromJSDate(at, { zone: timeZone });
	if (!local.isValid) {
		throw new Error(
			`The academy's time zone "${timeZone}" is not a known time zone: use a name like America/Sao_Paulo`,
		);
	}
	return local;
}

/**
 * The moment a message due at `at` may go out: `at` itself, or the end of the academy's quiet
 * hours when `at` falls inside them (also when they span midnight, and across a DST change).
 * Missing or equal start and end mean the academy has no quiet hours.
 */
export function outsideQuietHours(at: Date, timeZone: string, quiet: Partial<QuietHours> | null | undefined): Date {
	const start = minutesOf(quiet?.start ?? '');
	const end = minutesOf(quiet?.end ?? '');
	const local = inZone(at, timeZone);
	if (start === null || end === null || start === end) return at;
	const now = local.hour * 60 + local.minute;
	const quietNow = start < end ? now >= start && now < end : now >= start || now < end;
	if (!quietNow) return at;
	const endToday = local.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
	return (now < end ? endToday : endToday.plus({ days: 1 })).toJSDate();
}

/** WhatsApp lets a business answer freely for 24 hours after the user's last message. */
export const SERVICE_WINDOW_HOURS = 24;

export function serviceWindowClosesAt(lastInboundAt: Date | null): Date | null {
	return lastInboundAt ? new Date(lastInboundAt.getTime() + SERVICE_WINDOW_HOURS * 3_600_000) : null;
}
