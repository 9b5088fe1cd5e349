import type { Pool } from 'pg';

import { withTransaction } from '../../../shared/storage/postgres';
import type { LeadState } from '../../../shared/types';
import type { Db } from '../../storage/stores';
import type { PlannedStep } from './sequence';
import type { QuietHours } from './time';
import { outsideQuietHours, serviceWindowClosesAt } from './time';

export type StepStatus = 'pending' | 'claimed' | 'sent' | 'failed' | 'cancelled';

export interface FollowUpStep {
	id: number;
	leadId: string;
	academyId: string;
	kind: string;
	key: string;
	dueAt: string;
	status: StepStatus;
	attempts: number;
	payload: Record<string, unknown>;
	whileStates: LeadState[];
	cancelOnReply: boolean;
	lastError: string | null;
	cancelReason: string | null;
}

interface StepRow {
	id: string;
	lead_id: string;
	academy_id: string;
	kind: string;
	idempotency_key: string;
	due_at: Date;
	status: StepStatus;
	attempts: number;
	payload: Record<string, unknown>;
	while_states: LeadState[];
	cancel_on_reply: boolean;
	last_error: string | null;
	cancel_reason: string | null;
}

const STEP_COLUMNS = `id, lead_id, academy_id, kind, idempotency_key, due_at, status, attempts, payload,
	while_states, cancel_on_reply, last_error, cancel_reason`;

/** The lead's steps of the given kinds and keys (parallel arrays). */
function stepsByKey(columns: string, lead: string, kinds: string, keys: string): string {
	return `SELECT ${columns} FROM follow_up_steps
		 WHERE lead_id = ${lead} AND (kind, idempotency_key) IN (SELECT * FROM unnest(${kinds}::text[], ${keys}::text[]))`;
}

function toStep(row: StepRow): FollowUpStep {
	return {
		id: Number(row.id),
		leadId: row.lead_id,
		academyId: row.academy_id,
		kind: row.kind,
		key: row.idempotency_key,
		dueAt: row.due_at.toISOString(),
		status: row.status,
		attempts: row.attempts,
		payload: row.payload,
		whileStates: row.while_states,
		cancelOnReply: row.cancel_on_reply,
		lastError: row.last_error,
		cancelReason: row.cancel_reason,
	};
}

export class FollowUpError extends Error {}

export interface StepToSchedule extends PlannedStep {
	key: string;
	payload: Record<string, unknown>;
}

export interface ScheduledStep extends FollowUpStep {
	/** False when the lead already had this step (same kind and key): nothing was changed. */
	created: boolean;
}

/**
 * Puts steps in the queue, once per lead, kind and key: scheduling again returns the step that
 * is there, whatever its status. Due times inside the academy's quiet hours move to their end.
 * `plan` may be a function of the academy's time zone, for steps timed in local days.
 */
export async function scheduleSteps(
	db: Db,
	leadId: string,
	plan: StepToSchedule[] | ((timeZone: string) => StepToSchedule[]),
): Promise<ScheduledStep[]> {
	const { rows: leads } = await db.query<{ academy_id: string; time_zone: string; quiet_hours: QuietHours | null }>(
		`SELECT l.academy_id, a.time_zone, a.profile->'quietHours' AS quiet_hours
		 FROM leads l JOIN academies a ON a.id = l.academy_id WHERE l.id = $1`,
		[leadId],
	);
	if (!leads.length) throw new FollowUpError(`No lead with id ${leadId}: check the Lead ID (it may have been erased)`);
	const [{ academy_id: academyId, time_zone: timeZone, quiet_hours: quiet }] = leads;
	const steps = typeof plan === 'function' ? plan(timeZone) : plan;
	if (!steps.length) return [];
	const dueAts = steps.map((step) => outsideQuietHours(step.dueAt, timeZone, quiet));
	const kinds = steps.map((step) => step.kind);
	const keys = steps.map((step) => step.key);
	// The steps the lead had already come back from the same statement: the query after the
	// insert is its snapshot, taken before the insert, so each step is listed once.
	const { rows } = await db.query<StepRow & { created: boolean }>(
		`WITH inserted AS (
			INSERT INTO follow_up_steps
				(academy_id, lead_id, kind, idempotency_key, due_at, payload, while_states, cancel_on_reply)
			SELECT $1, $2, s.kind, s.key, s.due_at, s.payload, ARRAY(SELECT jsonb_array_elements_text(s.while_states)), s.cancel_on_reply
			FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::jsonb[], $7::jsonb[], $8::boolean[])
				AS s(kind, key, due_at, payload, while_states, cancel_on_reply)
			ON CONFLICT (lead_id, kind, idempotency_key) DO NOTHING
			RETURNING ${STEP_COLUMNS}
		 )
		 SELECT ${STEP_COLUMNS}, true AS created FROM inserted
		 UNION ALL
		 ${stepsByKey(`${STEP_COLUMNS}, false AS created`, '$2', '$3', '$4')}`,
		[
			academyId,
			leadId,
			kinds,
			keys,
			dueAts,
			steps.map((step) => JSON.stringify(step.payload)),
			steps.map((step) => JSON.stringify(step.whileStates)),
			steps.map((step) => step.cancelOnReply),
		],
	);
	const byKindKey = new Map(rows.map((row) => [`${row.kind}\u0000${row.idempotency_key}`, row]));
	// A step another run inserted while this statement ran is neither inserted here nor in its snapshot.
	if (byKindKey.size < steps.length) {
		const { rows: all } = await db.query<StepRow>(stepsByKey(STEP_COLUMNS, '$1', '$2', '$3'), [leadId, kinds, keys]);
		for (const row of all) {
			const id = `${row.kind}\u0000${row.idempotency_key}`;
			if (!byKindKey.has(id)) byKindKey.set(id, { ...row, created: false });
		}
	}
	return steps.map((step) => {
		const { created, ...row } = byKindKey.get(`${step.kind}\u0000${step.key}`) as StepRow & { created: boolean };
		return { ...toStep(row), created };
	});
}

export interface ClaimOptions {
	now: Date;
	limit: number;
	/** A claimed step nobody marks within this many seconds is handed out again. */
	leaseSeconds: number;
	academyId?: string;
}

export interface ClaimedStep extends FollowUpStep {
	lastInboundAt: string | null;
	/** Inside WhatsApp's 24-hour window free text may go out; outside it only an approved template. */
	windowOpen: boolean;
	windowClosesAt: string | null;
}

export interface ClaimResult {
	claimed: ClaimedStep[];
	/** Due inside quiet hours: moved to the end of them, still pending. */
	postponed: number;
	/** The lead opted out, was taken over by staff, or moved to a state the step is not for. */
	cancelled: number;
}

interface CandidateRow extends StepRow {
	claimed_at: Date | null;
	state: LeadState;
	opted_out_at: Date | null;
	paused_until: Date | null;
	last_inbound_at: Date | null;
	time_zone: string;
	quiet_hours: QuietHours | null;
}

type Verdict = { claim: true } | { claim: false; cancel: string } | { claim: false; postponeTo: Date };

function judge(row: CandidateRow, now: Date): Verdict {
	if (row.opted_out_at) return { claim: false, cancel: 'opt-out' };
	if (row.paused_until && row.paused_until > now) return { claim: false, cancel: 'take-over' };
	// A nudge whose lease ran out after the lead wrote: the reply's cancel skipped it as in flight.
	if (row.status === 'claimed' && row.cancel_on_reply && row.last_inbound_at && row.claimed_at && row.last_inbound_at > row.claimed_at) {
		return { claim: false, cancel: 'reply' };
	}
	if (row.while_states.length && !row.while_states.includes(row.state)) {
		return { claim: false, cancel: `lead-state:${row.state}` };
	}
	const allowedAt = outsideQuietHours(now, row.time_zone, row.quiet_hours);
	return allowedAt > now ? { claim: false, postponeTo: allowedAt } : { claim: true };
}

/**
 * Hands out up to `limit` due steps. Rows another worker holds are skipped (SKIP LOCKED) and
 * a claimed row is only due again once its lease has run out, so two workers never get the
 * same step. Steps that must not go out now are cancelled or postponed on the way, and the
 * batch is topped up from the rows behind them.
 */
export async function claimDueSteps(pool: Pool, options: ClaimOptions): Promise<ClaimResult> {
	return withTransaction(pool, async (client) => {
		const result: ClaimResult = { claimed: [], postponed: 0, cancelled: 0 };
		const leaseEnd = new Date(options.now.getTime() - options.leaseSeconds * 1000);
		for (;;) {
			const wanted = options.limit - result.claimed.length;
			if (wanted <= 0) break;
			const { rows } = await client.query<CandidateRow>(
				`SELECT s.id, s.lead_id, s.academy_id, s.kind, s.idempotency_key, s.due_at, s.status, s.claimed_at, s.attempts,
					s.payload, s.while_states, s.cancel_on_reply, s.last_error, s.cancel_reason,
					l.state, l.opted_out_at, l.paused_until, l.last_inbound_at,
					a.time_zone, a.profile->'quietHours' AS quiet_hours
				 FROM follow_up_steps s
				 JOIN leads l ON l.id = s.lead_id
				 JOIN academies a ON a.id = s.academy_id
				 WHERE ((s.status = 'pending' AND s.due_at <= $1) OR (s.status = 'claimed' AND s.claimed_at <= $2))
				   AND ($4::uuid IS NULL OR s.academy_id = $4)
				 ORDER BY s.due_at, s.id
				 LIMIT $3
				 FOR UPDATE OF s SKIP LOCKED`,
				[options.now, leaseEnd, wanted, options.academyId ?? null],
			);
			const claim: CandidateRow[] = [];
			const cancel: Array<[string, string]> = [];
			const postpone: Array<[string, Date]> = [];
			for (const row of rows) {
				const verdict = judge(row, options.now);
				if (verdict.claim) claim.push(row);
				else if ('cancel' in verdict) cancel.push([row.id, verdict.cancel]);
				else postpone.push([row.id, verdict.postponeTo]);
			}
			if (cancel.length) {
				await client.query(
					`UPDATE follow_up_steps s SET status = 'cancelled', cancel_reason = c.reason, claimed_at = NULL, updated_at = now()
					 FROM unnest($1::bigint[], $2::text[]) AS c(id, reason) WHERE s.id = c.id`,
					[cancel.map(([id]) => id), cancel.map(([, reason]) => reason)],
				);
			}
			if (postpone.length) {
				await client.query(
					`UPDATE follow_up_steps s SET status = 'pending', due_at = p.due_at, claimed_at = NULL, updated_at = now()
					 FROM unnest($1::bigint[], $2::timestamptz[]) AS p(id, due_at) WHERE s.id = p.id`,
					[postpone.map(([id]) => id), postpone.map(([, at]) => at)],
				);
			}
			if (claim.length) {
				const { rows: updated } = await client.query<StepRow>(
					`UPDATE follow_up_steps SET status = 'claimed', claimed_at = $2, attempts = attempts + 1, updated_at = now()
					 WHERE id = ANY($1::bigint[]) RETURNING ${STEP_COLUMNS}`,
					[claim.map((row) => row.id), options.now],
				);
				const byId = new Map(updated.map((row) => [row.id, row]));
				for (const row of claim) {
					const closesAt = serviceWindowClosesAt(row.last_inbound_at);
					result.claimed.push({
						...toStep(byId.get(row.id) as StepRow),
						lastInboundAt: row.last_inbound_at?.toISOString() ?? null,
						windowOpen: closesAt !== null && closesAt > options.now,
						windowClosesAt: closesAt?.toISOString() ?? null,
					});
				}
			}
			result.cancelled += cancel.length;
			result.postponed += postpone.length;
			if (rows.length < wanted) break;
		}
		return result;
	});
}

/**
 * Moves one step out of pending or claimed. Repeating a change that already happened returns the
 * step as it is (an n8n retry must not fail); moving a step that ended otherwise is refused.
 */
async function finishStep(db: Db, id: number, to: StepStatus, sql: string, params: unknown[]): Promise<FollowUpStep> {
	const { rows } = await db.query<StepRow>(
		`${sql} WHERE id = $1 AND status IN ('pending', 'claimed') RETURNING ${STEP_COLUMNS}`,
		[id, ...params],
	);
	if (rows.length) return toStep(rows[0]);
	const { rows: current } = await db.query<StepRow>(`SELECT ${STEP_COLUMNS} FROM follow_up_steps WHERE id = $1`, [id]);
	if (!current.length) {
		throw new FollowUpError(`No follow-up step with id ${id}: check the Step ID (its lead may have been erased)`);
	}
	const step = toStep(current[0]);
	if (step.status === to) return step;
	throw new FollowUpError(`Follow-up step ${id} is already ${step.status}, so it cannot become ${to}`);
}

/** Records that the message went out. */
export async function markSent(db: Db, id: number): Promise<FollowUpStep> {
	return finishStep(
		db,
		id,
		'sent',
		`UPDATE follow_up_steps SET status = 'sent', claimed_at = NULL, last_error = NULL, updated_at = now()`,
		[],
	);
}

export interface FailureOptions {
	error: string;
	/** When to try again; null gives up at once. */
	retryAt: Date | null;
	/** After this many attempts (claims) the step fails for good. */
	maxAttempts: number;
}

/** A failed send goes back in the queue for `retryAt` until it has used its attempts. */
export async function markFailed(db: Db, id: number, options: FailureOptions): Promise<FollowUpStep> {
	return finishStep(
		db,
		id,
		'failed',
		`UPDATE follow_up_steps SET
			status = CASE WHEN $2::timestamptz IS NOT NULL AND attempts < $3 THEN 'pending' ELSE 'failed' END,
			due_at = CASE WHEN $2::timestamptz IS NOT NULL AND attempts < $3 THEN $2::timestamptz ELSE due_at END,
			claimed_at = NULL, last_error = $4, updated_at = now()`,
		[options.retryAt, options.maxAttempts, options.error.slice(0, 1000)],
	);
}

export async function cancelStep(db: Db, id: number, reason: string): Promise<FollowUpStep> {
	return finishStep(
		db,
		id,
		'cancelled',
		`UPDATE follow_up_steps SET status = 'cancelled', cancel_reason = $2, claimed_at = NULL, updated_at = now()`,
		[reason],
	);
}
