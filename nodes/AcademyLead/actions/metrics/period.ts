import type { DateTime } from 'luxon';

import { inZone } from '../followUp/time';

/** A stretch of whole local weeks in the academy's zone, from a Monday 00:00 up to `to`. */
export interface Period {
	timeZone: string;
	from: Date;
	to: Date;
	/** Monday of each week, local date YYYY-MM-DD, oldest first. */
	weekStarts: string[];
	/** Every local date in the period, oldest first. */
	days: string[];
}

/** 2026-W47: the ISO week-numbering year, so the last days of December can belong to week 1. */
export function isoWeekLabel(localDate: string, timeZone: string): string {
	return inZone(new Date(`${localDate}T12:00:00Z`), timeZone).toFormat("kkkk-'W'WW");
}

function dates(first: DateTime, last: DateTime, step: { days: number } | { weeks: number }): string[] {
	const result: string[] = [];
	for (let day = first; day <= last; day = day.plus(step)) result.push(day.toISODate() as string);
	return result;
}

/**
 * The week `to` falls in (up to `to`) and the `weeks - 1` weeks before it. A `to` of Monday
 * 00:00 ends the period with the whole week before, which is what a Monday report wants.
 */
export function lastWeeks(to: Date, weeks: number, timeZone: string): Period {
	const lastDay = inZone(to, timeZone).minus({ milliseconds: 1 }).startOf('day');
	const firstMonday = lastDay.startOf('week').minus({ weeks: weeks - 1 });
	return {
		timeZone,
		from: firstMonday.toJSDate(),
		to,
		weekStarts: dates(firstMonday, lastDay.startOf('week'), { weeks: 1 }),
		days: dates(firstMonday, lastDay, { days: 1 }),
	};
}
