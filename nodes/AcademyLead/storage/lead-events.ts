import type { LeadState } from '../../shared/types';
import type { Db } from './stores';

export interface LeadEvent {
	id: string;
	leadId: string;
	from: LeadState | null;
	to: LeadState;
	cause: string;
	messageId: string | null;
	bookingUid: string | null;
	at: string;
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
	message_id: string | null;
	booking_uid: string | null;
	at: Date;
}

function toEvent(row: LeadEventRow): LeadEvent {
	return {
		id: row.id,
		leadId: row.lead_id,
		from: row.from_state,
		to: row.to_state,
		cause: row.cause,
		messageId: row.message_id,
		bookingUid: row.booking_uid,
		at: row.at.toISOString(),
	};
}

/** Call it in the transaction that changes leads.state, so the state always matches its latest event. */
export async function insertLeadEvent(db: Db, event: NewLeadEvent): Promise<LeadEvent> {
	const { rows } = await db.query<LeadEventRow>(
		`INSERT INTO lead_events (academy_id, lead_id, from_state, to_state, cause, message_id, booking_uid, at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
		[
			event.academyId,
			event.leadId,
			event.from,
			event.to,
			event.cause,
			event.messageId || null,
			event.bookingUid || null,
			event.at,
		],
	);
	return toEvent(rows[0]);
}

/** Oldest first. */
export async function listLeadEvents(db: Db, leadId: string): Promise<LeadEvent[]> {
	const { rows } = await db.query<LeadEventRow>('SELECT * FROM lead_events WHERE lead_id = $1 ORDER BY id', [leadId]);
	return rows.map(toEvent);
}
