import type { Db } from '../../storage/stores';
import { isoWeekLabel, lastWeeks, type Period } from './period';
import * as q from './queries';

/** Percent with two decimals, as the seed's funnel query rounds it; null when nothing to divide by. */
export function percent(part: number, whole: number): number | null {
	return whole > 0 ? Math.round((10_000 * part) / whole) / 100 : null;
}

const oneDecimal = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

export interface FunnelCounts {
	new: number;
	scheduled: number;
	showedUp: number;
	converted: number;
	/** converted / new, percent. */
	conversionRate: number | null;
	/** showed up / scheduled, percent. */
	showUpRate: number | null;
}

export interface FunnelWeek extends FunnelCounts {
	/** ISO week, e.g. 2026-W47. */
	week: string;
	/** Monday of the week, local date. */
	weekStart: string;
}

export interface SourceFunnel extends FunnelCounts {
	/** 'ad', 'post', … from the click-to-WhatsApp referral, or 'direct' without one. */
	sourceType: string;
	sourceId: string | null;
	/** What staff recognise: the ad headline, else its link, else its id, else "Direct". */
	label: string;
}

export interface AcademyMetrics {
	academyId: string;
	academyName: string;
	timeZone: string;
	from: string;
	to: string;
	weeks: number;
	/** Leads by week of first contact, oldest first, and how far they got by `to`. */
	funnel: FunnelWeek[];
	totals: FunnelCounts;
	/** Relative change of the conversion rate from the week before the last to the last, percent. */
	conversionChange: number | null;
	/** Classes attended and missed, as recorded in the period. */
	attendance: { showedUp: number; noShow: number; showUpRate: number | null };
	firstResponse: {
		conversations: number;
		answered: number;
		averageSeconds: number | null;
		p50Seconds: number | null;
		p95Seconds: number | null;
	};
	messages: { conversations: number; inbound: number; outbound: number; perConversation: number | null };
	/** Leads the bot wrote to first in the period, and how many wrote back; rate in percent. */
	engagement: { leadsMessaged: number; leadsAnswered: number; rate: number | null };
	leadsPerDay: { average: number | null; days: Array<{ date: string; count: number }> };
	lossReasons: Array<{ reason: string; count: number }>;
	sources: SourceFunnel[];
}

function funnelOf(rows: q.CohortRow[]): FunnelCounts {
	const sum = (pick: (row: q.CohortRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
	const counts = {
		new: sum((r) => r.new),
		scheduled: sum((r) => r.scheduled),
		showedUp: sum((r) => r.showed_up),
		converted: sum((r) => r.converted),
	};
	return {
		...counts,
		conversionRate: percent(counts.converted, counts.new),
		showUpRate: percent(counts.showedUp, counts.scheduled),
	};
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
	return groups;
}

function sources(rows: q.CohortRow[]): SourceFunnel[] {
	const groups = groupBy(rows, (r) => JSON.stringify([r.source_type, r.source_id, r.source_url, r.headline]));
	return [...groups.values()]
		.map((group) => {
			const [first] = group;
			const referred = Boolean(first.source_type || first.source_id || first.source_url || first.headline);
			return {
				sourceType: referred ? first.source_type || 'ad' : 'direct',
				sourceId: first.source_id,
				label: first.headline || first.source_url || first.source_id || (referred ? 'Ad' : 'Direct'),
				...funnelOf(group),
			};
		})
		.sort((a, b) => b.new - a.new || a.label.localeCompare(b.label));
}

function weeklyFunnel(rows: q.CohortRow[], period: Period): FunnelWeek[] {
	const byWeek = groupBy(rows, (r) => isoWeekLabel(r.day, period.timeZone));
	return period.weekStarts.map((weekStart) => {
		const week = isoWeekLabel(weekStart, period.timeZone);
		return { week, weekStart, ...funnelOf(byWeek.get(week) ?? []) };
	});
}

function change(previous: number | null | undefined, latest: number | null | undefined): number | null {
	if (previous === null || previous === undefined || latest === null || latest === undefined || previous === 0) return null;
	return Math.round((10_000 * (latest - previous)) / previous) / 100;
}

export async function academyMetrics(
	db: Db,
	academy: { id: string; name: string; timeZone: string },
	to: Date,
	weeks: number,
): Promise<AcademyMetrics> {
	const period = lastWeeks(to, weeks, academy.timeZone);
	const window: q.Window = { academyId: academy.id, timeZone: academy.timeZone, from: period.from, to: period.to };
	const [cohortRows, attended, losses, response, counts, engaged] = await Promise.all([
		q.cohorts(db, window),
		q.attendance(db, window),
		q.lossReasons(db, window),
		q.firstResponse(db, window),
		q.messageCounts(db, window),
		q.engagement(db, window),
	]);
	const funnel = weeklyFunnel(cohortRows, period);
	const totals = funnelOf(cohortRows);
	const perDay = new Map([...groupBy(cohortRows, (r) => r.day)].map(([day, group]) => [day, funnelOf(group).new]));
	return {
		academyId: academy.id,
		academyName: academy.name,
		timeZone: academy.timeZone,
		from: period.from.toISOString(),
		to: period.to.toISOString(),
		weeks,
		funnel,
		totals,
		conversionChange: change(funnel[funnel.length - 2]?.conversionRate, funnel[funnel.length - 1]?.conversionRate),
		attendance: {
			showedUp: attended.showed_up,
			noShow: attended.no_show,
			showUpRate: percent(attended.showed_up, attended.showed_up + attended.no_show),
		},
		firstResponse: {
			conversations: response.conversations,
			answered: response.answered,
			averageSeconds: oneDecimal(response.average),
			p50Seconds: oneDecimal(response.p50),
			p95Seconds: oneDecimal(response.p95),
		},
		messages: {
			conversations: counts.conversations,
			inbound: counts.inbound,
			outbound: counts.outbound,
			perConversation:
				counts.conversations > 0 ? Math.round((100 * (counts.inbound + counts.outbound)) / counts.conversations) / 100 : null,
		},
		engagement: { leadsMessaged: engaged.messaged, leadsAnswered: engaged.answered, rate: percent(engaged.answered, engaged.messaged) },
		leadsPerDay: {
			average: period.days.length ? Math.round((100 * totals.new) / period.days.length) / 100 : null,
			days: period.days.map((date) => ({ date, count: perDay.get(date) ?? 0 })),
		},
		lossReasons: losses,
		sources: sources(cohortRows),
	};
}
