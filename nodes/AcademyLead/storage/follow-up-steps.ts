import type { Db } from './stores';

export type CancelReason = 'reply' | 'booking' | 'opt-out' | 'take-over' | 'converted' | 'lost';

/**
 * Cancels the lead's steps still waiting to go out. A reply cancels only the steps scheduled
 * to be dropped on a reply (nudges), so a class reminder survives the lead writing "gracias".
 * Returns how many were cancelled.
 */
export async function cancelPendingSteps(db: Db, leadId: string, reason: CancelReason): Promise<number> {
	const { rowCount } = await db.query(
		`UPDATE follow_up_steps SET status = 'cancelled', cancel_reason = $2, updated_at = now()
		 WHERE lead_id = $1 AND status = 'pending' AND ($2 <> 'reply' OR cancel_on_reply)`,
		[leadId, reason],
	);
	return rowCount ?? 0;
}
