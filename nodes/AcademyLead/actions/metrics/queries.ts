import type { Db } from '../../storage/stores';

/** One academy over a period; `to` is excluded. */
export interface Window {
	academyId: string;
	timeZone: string;
	from: Date;
	to: Date;
}

/** $1 academy, $2 from, $3 to. */
const range = (w: Window) => [w.academyId, w.from, w.to];

export interface CohortRow {
	day: string;
	source_type: string | null;
	source_id: string | null;
	source_url: string | null;
	headline: string | null;
	new: number;
	scheduled: number;
	showed_up: number;
	converted: number;
}

/**
 * Leads by local day of first contact and ad referral, with how far each got. Stages count
 * leads that ever reached them (from lead_events), so a lead that was SCHEDULED and then
 * CONVERTED counts in both.
 */
export async function cohorts(db: Db, window: Window): Promise<CohortRow[]> {
	const { rows } = await db.query<CohortRow>(
		`WITH cohort AS (
			SELECT e.lead_id, e.at FROM lead_events e
			WHERE e.academy_id = $1 AND e.from_state IS NULL AND e.at >= $3 AND e.at < $4
		), reached AS (
			SELECT c.lead_id, c.at,
				bool_or(r.to_state = 'SCHEDULED') AS scheduled,
				bool_or(r.to_state = 'SHOWED_UP') AS showed_up,
				bool_or(r.to_state = 'CONVERTED') AS converted
			FROM cohort c JOIN lead_events r ON r.lead_id = c.lead_id AND r.at < $4
			GROUP BY c.lead_id, c.at
		)
		SELECT to_char(r.at AT TIME ZONE $2, 'YYYY-MM-DD') AS day,
			l.referral->>'sourceType' AS source_type, l.referral->>'sourceId' AS source_id,
			l.referral->>'sourceUrl' AS source_url, l.referral->>'headline' AS headline,
			count(*)::int AS new,
			count(*) FILTER (WHERE r.scheduled)::int AS scheduled,
			count(*) FILTER (WHERE r.showed_up)::int AS showed_up,
			count(*) FILTER (WHERE r.converted)::int AS converted
		FROM reached r JOIN leads l ON l.id = r.lead_id
		GROUP BY 1, 2, 3, 4, 5`,
		[window.academyId, window.timeZone, window.from, window.to],
	);
	return rows;
}

export interface AttendanceRow {
	showed_up: number;
	no_show: number;
}

/** Attendance recorded in the period: each class a lead came to or missed counts once. */
export async function attendance(db: Db, window: Window): Promise<AttendanceRow> {
	const { rows } = await db.query<AttendanceRow>(
		`SELECT count(*) FILTER (WHERE to_state = 'SHOWED_UP')::int AS showed_up,
			count(*) FILTER (WHERE to_state = 'NO_SHOW')::int AS no_show
		 FROM lead_events
		 WHERE academy_id = $1 AND to_state IN ('SHOWED_UP', 'NO_SHOW') AND at >= $2 AND at < $3`,
		range(window),
	);
	return rows[0];
}

export async function lossReasons(db: Db, window: Window): Promise<Array<{ reason: string; count: number }>> {
	const { rows } = await db.query<{ reason: string; count: number }>(
		`SELECT cause AS reason, count(*)::int AS count FROM lead_events
		 WHERE academy_id = $1 AND to_state = 'LOST' AND at >= $2 AND at < $3
		 GROUP BY cause ORDER BY count DESC, cause`,
		range(window),
	);
	return rows;
}

export interface ResponseRow {
	conversations: number;
	answered: number;
	average: number | null;
	p50: number | null;
	p95: number | null;
}

/**
 * For each lead whose first message arrived in the period: seconds from that message to the
 * first answer after it. Percentiles interpolate between the two nearest values.
 */
export async function firstResponse(db: Db, window: Window): Promise<ResponseRow> {
	const { rows } = await db.query<ResponseRow>(
		`WITH first_in AS (
			SELECT lead_id, min(at) AS at FROM messages
			WHERE academy_id = $1 AND direction = 'in'
			GROUP BY lead_id HAVING min(at) >= $2 AND min(at) < $3
		), waits AS (
			SELECT extract(epoch FROM (
				SELECT min(o.at) FROM messages o WHERE o.lead_id = f.lead_id AND o.direction = 'out' AND o.at >= f.at AND o.at < $3
			) - f.at)::float8 AS seconds
			FROM first_in f
		)
		SELECT count(*)::int AS conversations, count(seconds)::int AS answered, avg(seconds) AS average,
			percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS p50,
			percentile_cont(0.95) WITHIN GROUP (ORDER BY seconds) AS p95
		FROM waits`,
		range(window),
	);
	return rows[0];
}

export interface MessageCountRow {
	conversations: number;
	inbound: number;
	outbound: number;
}

/** A conversation is one lead's messages within the period. */
export async function messageCounts(db: Db, window: Window): Promise<MessageCountRow> {
	const { rows } = await db.query<MessageCountRow>(
		`SELECT count(DISTINCT lead_id)::int AS conversations,
			count(*) FILTER (WHERE direction = 'in')::int AS inbound,
			count(*) FILTER (WHERE direction = 'out')::int AS outbound
		 FROM messages WHERE academy_id = $1 AND at >= $2 AND at < $3`,
		range(window),
	);
	return rows[0];
}

export interface EngagementRow {
	messaged: number;
	answered: number;
}

/** Leads the bot first wrote to in the period, and how many of them wrote back afterwards. */
export async function engagement(db: Db, window: Window): Promise<EngagementRow> {
	const { rows } = await db.query<EngagementRow>(
		`WITH first_out AS (
			SELECT lead_id, min(at) AS at FROM messages
			WHERE academy_id = $1 AND direction = 'out'
			GROUP BY lead_id HAVING min(at) >= $2 AND min(at) < $3
		)
		SELECT count(*)::int AS messaged,
			count(*) FILTER (WHERE EXISTS (
				SELECT 1 FROM messages i WHERE i.lead_id = f.lead_id AND i.direction = 'in' AND i.at > f.at AND i.at < $3
			))::int AS answered
		FROM first_out f`,
		range(window),
	);
	return rows[0];
}

export interface QueueDepthRow {
	academy_id: string;
	due: number;
	scheduled: number;
	in_flight: number;
}

/** Follow-up steps per academy: due now (the alert's queue depth), later, and being sent. */
export async function queueDepth(db: Db, now: Date): Promise<QueueDepthRow[]> {
	const { rows } = await db.query<QueueDepthRow>(
		`SELECT a.id AS academy_id,
			count(s.id) FILTER (WHERE s.status = 'pending' AND s.due_at <= $1)::int AS due,
			count(s.id) FILTER (WHERE s.status = 'pending' AND s.due_at > $1)::int AS scheduled,
			count(s.id) FILTER (WHERE s.status = 'claimed')::int AS in_flight
		 FROM academies a
		 LEFT JOIN follow_up_steps s ON s.academy_id = a.id AND s.status IN ('pending', 'claimed')
		 GROUP BY a.id ORDER BY a.id`,
		[now],
	);
	return rows;
}
