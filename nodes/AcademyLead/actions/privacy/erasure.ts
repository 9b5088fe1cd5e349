import type Redis from 'ioredis';
import type { Pool } from 'pg';

import { withTransaction } from '../../../shared/storage/postgres';
import type { Db } from '../../storage/stores';

export interface Erasure {
	leadId: string;
	found: boolean;
	/** Rows deleted per table; tables with none are left out. */
	rows: Record<string, number>;
	/** What the lead's Redis keys may be named after (see eraseRedisKeys). */
	traces: string[];
}

/** Every table of the schema with a lead_id column, found at run time so later tables are covered too. */
async function tablesWithLeadId(db: Db): Promise<string[]> {
	const { rows } = await db.query<{ table_name: string }>(
		`SELECT c.table_name FROM information_schema.columns c
		 JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		 WHERE c.table_schema = current_schema() AND c.column_name = 'lead_id' AND t.table_type = 'BASE TABLE'
		 ORDER BY c.table_name`,
	);
	return rows.map((row) => row.table_name);
}

const quoted = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * Names the lead is known by anywhere: its id, its identity hashes and the hashes of its WhatsApp
 * message ids (the triggers' duplicate-suppression keys hold them, see sightingKey).
 */
interface Traces {
	needles: string[];
	messageHashes: string[];
}

async function tracesOf(db: Db, leadId: string): Promise<Traces | null> {
	const { rows } = await db.query<{ wa_hash: string | null; user_hash: string | null; message_hashes: string[] }>(
		`SELECT l.wa_hash, l.user_hash,
			ARRAY(SELECT m.message_hash FROM messages m WHERE m.lead_id = l.id AND m.message_hash IS NOT NULL
			      UNION SELECT e.message_hash FROM lead_events e WHERE e.lead_id = l.id AND e.message_hash IS NOT NULL) AS message_hashes
		 FROM leads l WHERE l.id = $1 FOR UPDATE`,
		[leadId],
	);
	if (!rows.length) return null;
	const [{ wa_hash: waHash, user_hash: userHash, message_hashes: messageHashes }] = rows;
	return {
		needles: [leadId, waHash, userHash, ...messageHashes].filter((value): value is string => Boolean(value)),
		messageHashes,
	};
}

/** Deletes the keys under the credential's prefix whose names contain any needle; SCAN, so Redis is never blocked. */
export async function eraseRedisKeys(redis: Redis, needles: string[]): Promise<number> {
	const prefix = redis.options.keyPrefix ?? '';
	let erased = 0;
	let cursor = '0';
	do {
		// SCAN ignores ioredis' keyPrefix: match it by hand, and strip it before DEL adds it again.
		const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
		cursor = next;
		const mine = keys.filter((key) => needles.some((needle) => key.includes(needle))).map((key) => key.slice(prefix.length));
		if (mine.length) erased += await redis.del(...mine);
	} while (cursor !== '0');
	return erased;
}

/**
 * Deletes every row about one lead, in one transaction: its rows in every table that has a
 * lead_id, the duplicate-suppression keys of its messages, and the lead row. Erasing a lead
 * that is not there reports it not found; its Redis keys are erased after this commits.
 */
export async function eraseLeadRows(pool: Pool, leadId: string): Promise<Erasure> {
	return withTransaction(pool, async (db) => {
		const traces = await tracesOf(db, leadId);
		// Run again after a Redis failure, the lead is gone here but keys named after its id still go.
		if (!traces) return { leadId, found: false, rows: {}, traces: [leadId] };
		const rows: Record<string, number> = {};
		const count = (table: string, deleted: number | null) => {
			if (deleted) rows[table] = (rows[table] ?? 0) + deleted;
		};
		for (const table of await tablesWithLeadId(db)) {
			count(table, (await db.query(`DELETE FROM ${quoted(table)} WHERE lead_id = $1`, [leadId])).rowCount);
		}
		if (traces.messageHashes.length) {
			const seen = await db.query(
				`DELETE FROM seen_keys WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS m(hash) WHERE strpos(seen_keys.key, m.hash) > 0)`,
				[traces.messageHashes],
			);
			count('seen_keys', seen.rowCount);
		}
		count('leads', (await db.query('DELETE FROM leads WHERE id = $1', [leadId])).rowCount);
		return { leadId, found: true, rows, traces: traces.needles };
	});
}
