import type { PersonalDataCipher } from '../../shared/storage/crypto';
import type { InboundMessage, LeadLanguage, LeadRecord, LeadState } from '../../shared/types';
import { isoOrNull, type Db } from './stores';

/** Stored for an indefinite take-over, so `pausedUntil` stays a comparable ISO time. */
export const PAUSED_UNTIL_RESUMED = new Date('9999-12-31T23:59:59.999Z');

export interface LeadRow {
	id: string;
	academy_id: string;
	wa_hash: string | null;
	user_hash: string | null;
	wa_id_enc: string | null;
	user_id_enc: string | null;
	name_enc: string | null;
	state: LeadState;
	state_changed_at: Date;
	language: LeadLanguage | null;
	level: string | null;
	notes_enc: string | null;
	referral: InboundMessage['referral'];
	opted_out_at: Date | null;
	opt_out_source: string | null;
	paused_until: Date | null;
	last_inbound_at: Date | null;
	last_outbound_at: Date | null;
	burst_consumed_seq: string;
	created_at: Date;
}

/** The lead as the node emits it under `lead`: LeadRecord plus what templates route on. */
export interface Lead extends LeadRecord {
	stateChangedAt: string;
	referral: InboundMessage['referral'];
	optedOutAt: string | null;
	optOutSource: string | null;
	/** Staff have taken over (until `pausedUntil`, or until resumed). */
	paused: boolean;
	/** Whether the bot may write to this lead now: false when opted out or paused. */
	botActive: boolean;
	lastOutboundAt: string | null;
}

export function toLead(row: LeadRow, cipher: PersonalDataCipher, now = new Date()): Lead {
	const paused = row.paused_until !== null && row.paused_until > now;
	const optedOut = row.opted_out_at !== null;
	return {
		id: row.id,
		academyId: row.academy_id,
		state: row.state,
		stateChangedAt: row.state_changed_at.toISOString(),
		waId: cipher.decryptNullable(row.wa_id_enc) ?? '',
		userId: cipher.decryptNullable(row.user_id_enc),
		name: cipher.decryptNullable(row.name_enc),
		language: row.language,
		level: row.level,
		notes: cipher.decryptNullable(row.notes_enc),
		referral: row.referral,
		optedOut,
		optedOutAt: isoOrNull(row.opted_out_at),
		optOutSource: row.opt_out_source,
		paused,
		pausedUntil: paused ? isoOrNull(row.paused_until) : null,
		botActive: !optedOut && !paused,
		lastInboundAt: isoOrNull(row.last_inbound_at),
		lastOutboundAt: isoOrNull(row.last_outbound_at),
		createdAt: row.created_at.toISOString(),
	};
}

/** Who wrote: the phone number (wa_id), the business-scoped user id (BSUID), or both. */
export interface LeadIdentity {
	waId: string;
	userId: string | null;
}

export interface IdentityHashes {
	waHash: string | null;
	userHash: string | null;
}

export function normalizeIdentity(identity: Partial<LeadIdentity>): LeadIdentity {
	const waId = String(identity.waId ?? '').replace(/\D/g, '');
	const userId = String(identity.userId ?? '').trim() || null;
	if (!waId && !userId) {
		throw new Error('The message has neither a phone number (wa_id) nor a WhatsApp user id, so the lead cannot be told apart');
	}
	return { waId, userId };
}

export function identityHashes(identity: LeadIdentity, cipher: PersonalDataCipher): IdentityHashes {
	return {
		waHash: identity.waId ? cipher.hash(`wa:${identity.waId}`) : null,
		userHash: identity.userId ? cipher.hash(`user:${identity.userId}`) : null,
	};
}

export async function findLeadRowById(db: Db, id: string, forUpdate = false): Promise<LeadRow | null> {
	const { rows } = await db.query<LeadRow>(`SELECT * FROM leads WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
	return rows[0] ?? null;
}

/** Either hash finds the lead, so a user who later hides the number behind a username stays one lead. */
export async function findLeadRowByIdentity(
	db: Db,
	academyId: string,
	hashes: IdentityHashes,
	forUpdate = false,
): Promise<LeadRow | null> {
	const { rows } = await db.query<LeadRow>(
		`SELECT * FROM leads WHERE academy_id = $1 AND (wa_hash = $2 OR user_hash = $3)
		 ORDER BY created_at LIMIT 1${forUpdate ? ' FOR UPDATE' : ''}`,
		[academyId, hashes.waHash, hashes.userHash],
	);
	return rows[0] ?? null;
}

export interface NewLead {
	academyId: string;
	identity: LeadIdentity;
	name: string | null;
	referral: InboundMessage['referral'];
	at: Date;
}

/**
 * Inserts the lead unless the same user already exists (also one being inserted by a racing
 * transaction: the unique index makes this wait for it). Null means it existed.
 */
export async function insertLeadIfNew(db: Db, cipher: PersonalDataCipher, lead: NewLead): Promise<LeadRow | null> {
	const hashes = identityHashes(lead.identity, cipher);
	const { rows } = await db.query<LeadRow>(
		`INSERT INTO leads (academy_id, wa_hash, user_hash, wa_id_enc, user_id_enc, name_enc, referral,
			last_inbound_at, state_changed_at, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $8)
		 ON CONFLICT DO NOTHING RETURNING *`,
		[
			lead.academyId,
			hashes.waHash,
			hashes.userHash,
			cipher.encryptNullable(lead.identity.waId),
			cipher.encryptNullable(lead.identity.userId),
			cipher.encryptNullable(lead.name),
			lead.referral ? JSON.stringify(lead.referral) : null,
			lead.at,
		],
	);
	return rows[0] ?? null;
}

/** What a new inbound message teaches a lead that it did not have yet, as stored values. */
interface Lessons {
	waHash: string | null;
	userHash: string | null;
	nameEnc: string | null;
	referral: string | null;
}

/**
 * Null when the message teaches the lead nothing, as for most messages. These fields only ever
 * go from empty to set, so a row read without a lock that has them set still has them.
 */
export function lessonsOf(row: LeadRow, lead: NewLead, cipher: PersonalDataCipher): Lessons | null {
	const hashes = identityHashes(lead.identity, cipher);
	const lessons: Lessons = {
		waHash: row.wa_hash === null ? hashes.waHash : null,
		userHash: row.user_hash === null ? hashes.userHash : null,
		nameEnc: row.name_enc === null ? cipher.encryptNullable(lead.name) : null,
		referral: row.referral === null && lead.referral ? JSON.stringify(lead.referral) : null,
	};
	return Object.values(lessons).some((value) => value !== null) ? lessons : null;
}

/**
 * Keeps on an existing lead what a new inbound message teaches that it did not have yet: the
 * other identifier, the profile name, the ad that brought them. `row` is the lead as it stands
 * (locked): when the message teaches nothing new no statement is sent.
 */
export async function noteInbound(db: Db, cipher: PersonalDataCipher, row: LeadRow, lead: NewLead): Promise<LeadRow> {
	const lessons = lessonsOf(row, lead, cipher);
	if (!lessons) return row;
	const { rows } = await db.query<LeadRow>(
		`WITH adopt AS (
			SELECT $2::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM leads WHERE academy_id = $8 AND wa_hash = $2) AS wa,
			       $4::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM leads WHERE academy_id = $8 AND user_hash = $4) AS usr
		 )
		 UPDATE leads SET
			wa_hash = CASE WHEN wa_hash IS NULL AND adopt.wa THEN $2 ELSE wa_hash END,
			wa_id_enc = CASE WHEN wa_hash IS NULL AND adopt.wa THEN $3 ELSE wa_id_enc END,
			user_hash = CASE WHEN user_hash IS NULL AND adopt.usr THEN $4 ELSE user_hash END,
			user_id_enc = CASE WHEN user_hash IS NULL AND adopt.usr THEN $5 ELSE user_id_enc END,
			name_enc = COALESCE(name_enc, $6),
			referral = COALESCE(referral, $7),
			updated_at = now()
		 FROM adopt
		 WHERE id = $1 RETURNING leads.*`,
		[
			row.id,
			lessons.waHash,
			lessons.waHash && cipher.encryptNullable(lead.identity.waId),
			lessons.userHash,
			lessons.userHash && cipher.encryptNullable(lead.identity.userId),
			lessons.nameEnc,
			lessons.referral,
			row.academy_id,
		],
	);
	return rows[0];
}

export interface LeadFieldChanges {
	name?: string | null;
	language?: LeadLanguage | null;
	level?: string | null;
	notes?: string | null;
}

/** Changes only the fields given; an empty value clears the field. */
export async function updateLeadFields(
	db: Db,
	cipher: PersonalDataCipher,
	id: string,
	changes: LeadFieldChanges,
): Promise<LeadRow | null> {
	const sets: string[] = [];
	const values: unknown[] = [id];
	const set = (column: string, value: unknown) => {
		values.push(value);
		sets.push(`${column} = $${values.length}`);
	};
	if (changes.name !== undefined) set('name_enc', cipher.encryptNullable(changes.name));
	if (changes.language !== undefined) set('language', changes.language || null);
	if (changes.level !== undefined) set('level', changes.level || null);
	if (changes.notes !== undefined) set('notes_enc', cipher.encryptNullable(changes.notes));
	const { rows } = await db.query<LeadRow>(
		`UPDATE leads SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING *`,
		values,
	);
	return rows[0] ?? null;
}

/** Staff take-over: `until` null resumes the bot. */
export async function setPausedUntil(db: Db, id: string, until: Date | null): Promise<LeadRow | null> {
	const { rows } = await db.query<LeadRow>(
		'UPDATE leads SET paused_until = $2, updated_at = now() WHERE id = $1 RETURNING *',
		[id, until],
	);
	return rows[0] ?? null;
}

/** The first opt-out's time and source are kept: repeating it changes nothing. */
export async function setOptedOut(db: Db, id: string, at: Date, source: string): Promise<LeadRow | null> {
	const { rows } = await db.query<LeadRow>(
		`UPDATE leads SET opted_out_at = COALESCE(opted_out_at, $2), opt_out_source = COALESCE(opt_out_source, $3),
		 updated_at = now() WHERE id = $1 RETURNING *`,
		[id, at, source],
	);
	return rows[0] ?? null;
}

export async function setLeadState(db: Db, id: string, state: LeadState, at: Date): Promise<LeadRow> {
	const { rows } = await db.query<LeadRow>(
		'UPDATE leads SET state = $2, state_changed_at = $3, updated_at = now() WHERE id = $1 RETURNING *',
		[id, state, at],
	);
	return rows[0];
}

/** An inbound message of a burst, oldest first. */
export interface BurstLine {
	seq: string;
	/** Null for messages logged before ids were hashed (migration 26). */
	messageId: string | null;
	text: string;
	loggedAt: Date;
}

/**
 * Finds the inbound message `messageHash` in the lead's log and moves the lead's mark to it
 * when it is still the lead's latest inbound message and the mark is before it (or, for a
 * retried run, at it), then returns the inbound messages after the mark it moved from up to it:
 * in one statement, so the mark is compared and set under the row's lock and of several
 * executions only one moves it. A retried run finds the mark at its own message and gets that
 * message alone. `undefined` when the message is not in the lead's log; null when this
 * execution does not go on.
 */
export async function claimBurst(
	db: Db,
	cipher: PersonalDataCipher,
	leadId: string,
	messageId: string,
	retried: boolean,
): Promise<BurstLine[] | null | undefined> {
	const { rows } = await db.query<{
		target: string | null;
		previous: string | null;
		id: string | null;
		message_id_enc: string | null;
		text_enc: string | null;
		created_at: Date;
	}>(
		`WITH target AS (SELECT id FROM messages WHERE lead_id = $1 AND message_hash = $2 AND direction = 'in'),
		 mark AS (SELECT burst_consumed_seq AS previous FROM leads WHERE id = $1),
		 claimed AS (
			UPDATE leads SET burst_consumed_seq = target.id FROM mark, target
			WHERE leads.id = $1 AND leads.burst_consumed_seq = mark.previous
			  AND (mark.previous < target.id OR ($3 AND mark.previous = target.id))
			  AND NOT EXISTS (SELECT 1 FROM messages WHERE lead_id = $1 AND direction = 'in' AND id > target.id)
			RETURNING mark.previous, target.id AS seq
		 )
		 SELECT (SELECT id FROM target) AS target, claimed.previous, m.id, m.message_id_enc, m.text_enc, m.created_at
		 FROM (SELECT 1) AS one
		 LEFT JOIN claimed ON true
		 LEFT JOIN messages m ON m.lead_id = $1 AND m.direction = 'in' AND m.id <= claimed.seq
		   AND m.id > CASE WHEN claimed.previous = claimed.seq THEN claimed.seq - 1 ELSE claimed.previous END
		 ORDER BY m.id`,
		[leadId, cipher.hash(messageId), retried],
	);
	if (rows[0].target === null) return undefined;
	if (rows[0].previous === null) return null;
	return rows.flatMap((row) =>
		row.id === null
			? []
			: [
					{
						seq: row.id,
						messageId: cipher.decryptNullable(row.message_id_enc),
						text: cipher.decryptNullable(row.text_enc) ?? '',
						loggedAt: row.created_at,
					},
				],
	);
}
