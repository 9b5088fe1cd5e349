import type { Db } from '../../storage/stores';

/** Reply times older than this are dropped: the alert looks at minutes, not months. */
const KEEP_REPLY_TIMES_DAYS = 30;

export async function recordReplyTime(
	db: Db,
	entry: { academyId: string; at: Date; ms: number; mode: string },
): Promise<void> {
	await db.query('INSERT INTO reply_times (academy_id, at, ms, mode) VALUES ($1, $2, $3, $4)', [
		entry.academyId,
		entry.at,
		entry.ms,
		entry.mode,
	]);
	await pruneReplyTimesNowAndThen(db, entry.at);
}

/** Pruning once in a hundred recorded times keeps the table small without a job of its own. */
export async function pruneReplyTimesNowAndThen(db: Db, at: Date): Promise<void> {
	if (Math.random() >= 0.01) return;
	await db.query(`DELETE FROM reply_times WHERE at < $1::timestamptz - make_interval(days => $2)`, [
		at,
		KEEP_REPLY_TIMES_DAYS,
	]);
}

export interface ReplyTimes {
	replies: number;
	slow: number;
	slowestMs: number | null;
	/** Answers the AI did not write (the ready-made fallback went out instead). */
	aiFailures: number;
}

/** One academy's answers written in [from, to); slow means more than `slowMs`. */
export async function replyTimes(
	db: Db,
	academyId: string,
	from: Date,
	to: Date,
	slowMs: number,
): Promise<ReplyTimes> {
	const { rows } = await db.query<{
		replies: number;
		slow: number;
		slowest_ms: number | null;
		ai_failures: number;
	}>(
		`SELECT count(*)::int AS replies, count(*) FILTER (WHERE ms > $4)::int AS slow, max(ms) AS slowest_ms,
			count(*) FILTER (WHERE mode = 'fallback')::int AS ai_failures
		 FROM reply_times WHERE academy_id = $1 AND at >= $2 AND at < $3`,
		[academyId, from, to, slowMs],
	);
	const [row] = rows;
	return {
		replies: row.replies,
		slow: row.slow,
		slowestMs: row.slowest_ms,
		aiFailures: row.ai_failures,
	};
}

export interface Deliveries {
	sent: number;
	failed: number;
}

/** Messages the academy sent in [from, to), and how many of them WhatsApp reported as failed. */
export async function deliveries(
	db: Db,
	academyId: string,
	from: Date,
	to: Date,
): Promise<Deliveries> {
	const { rows } = await db.query<Deliveries>(
		`SELECT count(*)::int AS sent, count(*) FILTER (WHERE status = 'failed')::int AS failed
		 FROM messages WHERE academy_id = $1 AND direction = 'out' AND at >= $2 AND at < $3`,
		[academyId, from, to],
	);
	return rows[0];
}
