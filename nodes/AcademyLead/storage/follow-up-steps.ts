import type { Db } from './stores';

export type CancelReason = 'reply' | 'booking' | 'opt-out' | 'take-over' | 'converted' | 'lost';

/**
 * Cancels the lead (`leadParam`)'s steps still waiting to go out, as a statement to run alone or
 * inside another. A reply cancels only the steps scheduled to be dropped on a reply (nudges), so
 * a class reminder survives the lead writing "gracias".
 */
export function cancelPendingStepsSql(leadParam: string, reasonParam: string): string {
	return `UPDATE follow_up_steps SET status = 'cancelled', cancel_reason = ${reasonParam}, updated_at = now()
		 WHERE lead_id = ${leadParam} AND status = 'pending' AND (${reasonParam} <> 'reply' OR cancel_on_reply)`;
}

/** Returns how many steps were cancelled. */
export async function cancelPendingSteps(db: Db, leadId: string, reason: CancelReason): Promise<number> {
	const { rowCount } = await db.query(cancelPendingStepsSql('$1', '$2'), [leadId, reason]);
	return rowCount ?? 0;
}
