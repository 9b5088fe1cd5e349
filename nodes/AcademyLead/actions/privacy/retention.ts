import type Redis from 'ioredis';
import type { Pool } from 'pg';

import { historyCacheKey } from '../../storage/history';

/** The seed's retention (section 7.2): conversations are kept for 90 days. */
export const DEFAULT_RETENTION_DAYS = 90;

/** Rows per delete, so a first purge of a large log never holds long locks. */
const BATCH = 5_000;

export interface Purge {
	retentionDays: number;
	/** Messages sent or received before this moment were deleted. */
	before: string;
	messages: number;
	leads: number;
	academies: Array<{ academyId: string; messages: number; leads: number }>;
	/** Old events keep their place in the funnel but lose their link to the deleted message. */
	eventsUnlinked: number;
	expiredSeenKeys: number;
	/** Leads whose cached history may hold purged messages (see forgetCachedHistories). */
	leadIds: string[];
}

/**
 * Deletes messages older than the retention period (one academy's, or every academy's). Leads
 * and their state events stay: the funnel needs them, and erasure removes a lead entirely.
 */
export async function purgeOldConversations(
	pool: Pool,
	options: { now: Date; retentionDays: number; academyId: string | null },
): Promise<Purge> {
	const before = new Date(options.now.getTime() - options.retentionDays * 86_400_000);
	const perAcademy = new Map<string, { messages: number; leads: Set<string> }>();
	for (;;) {
		const { rows } = await pool.query<{ academy_id: string; lead_id: string }>(
			`DELETE FROM messages WHERE id IN (
				SELECT id FROM messages WHERE at < $1 AND ($2::uuid IS NULL OR academy_id = $2) LIMIT $3
			) RETURNING academy_id, lead_id`,
			[before, options.academyId, BATCH],
		);
		for (const row of rows) {
			const entry = perAcademy.get(row.academy_id) ?? { messages: 0, leads: new Set<string>() };
			entry.messages += 1;
			entry.leads.add(row.lead_id);
			perAcademy.set(row.academy_id, entry);
		}
		if (rows.length < BATCH) break;
	}
	const events = await pool.query(
		`UPDATE lead_events SET message_hash = NULL
		 WHERE message_hash IS NOT NULL AND at < $1 AND ($2::uuid IS NULL OR academy_id = $2)`,
		[before, options.academyId],
	);
	const seen = await pool.query('DELETE FROM seen_keys WHERE expires_at < $1', [options.now]);
	const leadIds = [...perAcademy.values()].flatMap((entry) => [...entry.leads]);
	const academies = [...perAcademy.entries()]
		.map(([academyId, entry]) => ({ academyId, messages: entry.messages, leads: entry.leads.size }))
		.sort((a, b) => b.messages - a.messages || a.academyId.localeCompare(b.academyId));
	return {
		retentionDays: options.retentionDays,
		before: before.toISOString(),
		messages: academies.reduce((total, academy) => total + academy.messages, 0),
		leads: leadIds.length,
		academies,
		eventsUnlinked: events.rowCount ?? 0,
		expiredSeenKeys: seen.rowCount ?? 0,
		leadIds,
	};
}

/** Drops cached histories so the next read rebuilds them from what is left in Postgres. */
export async function forgetCachedHistories(redis: Redis, leadIds: string[]): Promise<number> {
	let cleared = 0;
	for (let i = 0; i < leadIds.length; i += 500) {
		cleared += await redis.del(...leadIds.slice(i, i + 500).map(historyCacheKey));
	}
	return cleared;
}
