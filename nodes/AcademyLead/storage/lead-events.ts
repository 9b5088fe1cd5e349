import type { PersonalDataCipher } from '../../shared/storage/crypto';
import type { LeadState } from '../../shared/types';
import type { Db } from './stores';

/** An event as stored: the message that caused it is kept only as its lookup hash. */
export interface StoredLeadEvent {
	id: string;
	leadId: string;
	from: LeadState | null;
	to: LeadState;
	cause: string;
	bookingUid: string | null;
	at: string;
}

/** An event just written, with the message id it was given. */
export interface LeadEvent extends StoredLeadEvent {
	messageId: string | null;
}

export interface NewLeadEvent {
	academyId: string;
	leadId: string;
	/** Null for the first contact ([*] → NEW). */
	from: LeadState | null;
	to: LeadState;
	cause: string;
	messageId?: string | null;
	bookingUid?: string | null;
	at: Date;
}

interface LeadEventRow {
	id: string;
	lead_id: string;
	from_state: LeadState | null;
	to_state: LeadState;
	cause: string;
	booking_uid: string | null;
	at: Date;
}

const COLUMNS = 'id, lead_id, from_state, to_state, cause, booking_uid, at';

function toEvent(row: LeadEventRow): StoredLeadEvent {
	return {
		id: row.id,
		leadId: row.lead_id,
		from: row.from_state,
		to: row.to_state,
		cause: row.cause,
		bookingUid: row.booking_uid,
		at: row.at.toISOString(),
	};
}

/** Call it in the transaction that changes leads.state, so the state always matches its latest event. */
export async function insertLeadEvent(db: Db, cipher: PersonalDataCipher, event: NewLeadEvent): Promise<LeadEvent> {
	const messageId = event.messageId || null;
	const { rows } = await db.query<LeadEventRow>(
		`INSERT INTO lead_events (academy_id, lead_id, from_state, to_state, cause, message_hash, booking_uid, at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
		[
			event.academyId,
			event.leadId,
			event.from,
			event.to,
			event.cause,
			messageId && cipher.hash(messageId),
			event.bookingUid || null,
			event.at,
		],
	);
	return { ...toEvent(rows[0]), messageId };
}

/** Oldest first. */
export async function listLeadEvents(db: Db, leadId: string): Promise<StoredLeadEvent[]> {
	const { rows } = await db.query<LeadEventRow>(`SELECT ${COLUMNS} FROM lead_events WHERE lead_id = $1 ORDER BY id`, [leadId]);
	return rows.map(toEvent);
}
