import type { PersonalDataCipher } from '../../shared/storage/crypto';
import type { HistoryEntry, LeadLanguage } from '../../shared/types';
import { cancelPendingStepsSql, type CancelReason } from './follow-up-steps';
import type { LeadRow } from './leads';
import type { Db } from './stores';

export type MessageDirection = HistoryEntry['direction'];

/** In the order a message moves; message_status_rank() in migration 10 holds the same order. */
export const MESSAGE_STATUSES = ['received', 'accepted', 'sent', 'delivered', 'read', 'played', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export interface NewMessage {
	leadId: string;
	direction: MessageDirection;
	messageId: string;
	type: string;
	text: string;
	status: MessageStatus;
	at: Date;
	/** An answer's language, kept as the language to speak with the lead. */
	language?: LeadLanguage | null;
	/** How long an answer took to write, kept for the slow-AI alert and the weekly report. */
	replyTime?: { ms: number; mode: string };
}

/** A history line with its place in the log (messages.id), which orders it among the others. */
export interface SequencedEntry {
	seq: string;
	entry: HistoryEntry;
}

export interface LoggedMessage extends SequencedEntry {
	/** The message id was logged before (a redelivery): nothing changed. */
	duplicate: boolean;
	/** The lead's row with this message's time noted; absent for a duplicate. */
	lead?: LeadRow;
	/** Nudges an inbound message cancelled (steps dropped on a reply); 0 for a duplicate. */
	cancelledFollowUps: number;
}

function historyEntry(direction: MessageDirection, type: string, text: string, at: Date): HistoryEntry {
	// A photo or voice note without words still tells the model that something was sent.
	return { direction, text: text || `[${type}]`, at: at.toISOString() };
}

/**
 * Logs a message once per academy (the lead's) and WhatsApp message id, moves the lead's last
 * inbound or outbound time (the 24-hour window is counted from the last inbound one), keeps an
 * answer's language and reply time and, for an inbound message, cancels the nudges a reply ends:
 * in one statement, because each round trip to Postgres costs n8n's thread more than the work it
 * carries. The id is stored as its lookup hash and encrypted, never readable: it carries the
 * sender's number. Null when no lead has the id.
 */
export async function insertMessage(db: Db, cipher: PersonalDataCipher, message: NewMessage): Promise<LoggedMessage | null> {
	const messageHash = cipher.hash(message.messageId);
	const column = message.direction === 'in' ? 'last_inbound_at' : 'last_outbound_at';
	const inserted = await db.query<LeadRow & { message_seq: string; cancelled_follow_ups: number }>(
		`WITH lead AS (SELECT id, academy_id FROM leads WHERE id = $1),
		 logged AS (
			INSERT INTO messages (academy_id, lead_id, direction, message_hash, message_id_enc, type, text_enc, status, status_at, at)
			SELECT lead.academy_id, lead.id, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::timestamptz, $8::timestamptz
			FROM lead
			ON CONFLICT (academy_id, message_hash) DO NOTHING RETURNING id
		 ), noted AS (
			UPDATE leads SET ${column} = GREATEST(${column}, $8::timestamptz), language = COALESCE($10::text, language), updated_at = now()
			WHERE id = $1 AND EXISTS (SELECT 1 FROM logged) RETURNING *
		 ), cancelled AS (
			${cancelPendingStepsSql('$1', '$9::text')} AND $2::text = 'in' AND EXISTS (SELECT 1 FROM logged) RETURNING 1
		 ), timed AS (
			INSERT INTO reply_times (academy_id, at, ms, mode)
			SELECT academy_id, $8::timestamptz, $11::int, $12::text FROM noted WHERE $11::int IS NOT NULL
		 )
		 SELECT noted.*, logged.id AS message_seq, (SELECT count(*)::int FROM cancelled) AS cancelled_follow_ups
		 FROM logged CROSS JOIN noted`,
		[
			message.leadId,
			message.direction,
			messageHash,
			cipher.encrypt(message.messageId),
			message.type,
			cipher.encryptNullable(message.text),
			message.status,
			message.at,
			'reply' satisfies CancelReason,
			message.language || null,
			message.replyTime?.ms ?? null,
			message.replyTime?.mode ?? '',
		],
	);
	const entry = historyEntry(message.direction, message.type, message.text, message.at);
	const row = inserted.rows[0];
	if (row) {
		const { message_seq: seq, cancelled_follow_ups: cancelledFollowUps, ...lead } = row;
		return { seq, entry, duplicate: false, lead, cancelledFollowUps };
	}
	const { rows } = await db.query<{ id: string; lead_id: string }>(
		`SELECT m.id, m.lead_id FROM messages m JOIN leads l ON l.academy_id = m.academy_id
		 WHERE l.id = $1 AND m.message_hash = $2`,
		[message.leadId, messageHash],
	);
	if (!rows[0]) return null;
	if (rows[0].lead_id !== message.leadId) {
		throw new Error('This message is already logged for another lead: check the Lead ID and Message ID');
	}
	return { seq: rows[0].id, entry, duplicate: true, cancelledFollowUps: 0 };
}

export interface StatusChange {
	phoneNumberId: string;
	messageId: string;
	status: MessageStatus;
	at: Date;
	errorCode?: string | null;
}

export interface StatusResult {
	/** The message is in the log. */
	found: boolean;
	/** The status moved forward; false for a repeat or a late, lower status. */
	changed: boolean;
	/** The status the log holds now. */
	status: MessageStatus | null;
}

/** Statuses only move forward, so a 'delivered' that arrives after 'read' leaves 'read'. */
export async function updateMessageStatus(db: Db, cipher: PersonalDataCipher, change: StatusChange): Promise<StatusResult> {
	const messageHash = cipher.hash(change.messageId);
	const updated = await db.query<{ status: MessageStatus }>(
		`UPDATE messages m SET status = $3, status_at = $4, error_code = COALESCE($5, m.error_code)
		 FROM academies a
		 WHERE a.id = m.academy_id AND a.phone_number_id = $1 AND m.message_hash = $2
		   AND message_status_rank(m.status) < message_status_rank($3)
		 RETURNING m.status`,
		[change.phoneNumberId, messageHash, change.status, change.at, change.errorCode || null],
	);
	if (updated.rows[0]) return { found: true, changed: true, status: updated.rows[0].status };
	const { rows } = await db.query<{ status: MessageStatus }>(
		`SELECT m.status FROM messages m JOIN academies a ON a.id = m.academy_id
		 WHERE a.phone_number_id = $1 AND m.message_hash = $2`,
		[change.phoneNumberId, messageHash],
	);
	return { found: rows.length > 0, changed: false, status: rows[0]?.status ?? null };
}

/** The lead's last `limit` messages, oldest first. */
export async function selectRecentMessages(
	db: Db,
	cipher: PersonalDataCipher,
	leadId: string,
	limit: number,
): Promise<SequencedEntry[]> {
	const { rows } = await db.query<{ id: string; direction: MessageDirection; type: string; text_enc: string | null; at: Date }>(
		`SELECT id, direction, type, text_enc, at FROM messages WHERE lead_id = $1 ORDER BY id DESC LIMIT $2`,
		[leadId, limit],
	);
	return rows
		.reverse()
		.map((row) => ({ seq: row.id, entry: historyEntry(row.direction, row.type, cipher.decryptNullable(row.text_enc) ?? '', row.at) }));
}
