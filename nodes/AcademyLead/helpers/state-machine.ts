import { LEAD_STATES, type LeadState } from '../../shared/types';

/** The seed's diagram (process-flow.md §2), edge by edge, with the seed's label for each. */
export const TRANSITIONS: Readonly<Record<LeadState, Readonly<Partial<Record<LeadState, string>>>>> = {
	NEW: { ENGAGED: 'replies or asks' },
	ENGAGED: { INTERESTED: 'shows interest in a class' },
	INTERESTED: { SCHEDULED: 'books a trial class' },
	SCHEDULED: { SHOWED_UP: 'attends the class', NO_SHOW: 'does not attend' },
	SHOWED_UP: { CONVERTED: 'enrols', FOLLOW_UP: 'does not enrol' },
	NO_SHOW: { RE_ENGAGED: 'second attempt' },
	FOLLOW_UP: { CONVERTED: 'enrols later', LOST: 'no answer (30 days)' },
	RE_ENGAGED: { SCHEDULED: 'books again', LOST: 'not interested' },
	CONVERTED: {},
	LOST: {},
};

/** The event every lead starts with ([*] → NEW). */
export const FIRST_CONTACT_CAUSE = 'first contact';

export function isLeadState(value: unknown): value is LeadState {
	return LEAD_STATES.includes(value as LeadState);
}

export function allowedFrom(state: LeadState): LeadState[] {
	return Object.keys(TRANSITIONS[state]) as LeadState[];
}

export type TransitionPlan =
	/** Apply these steps in order (one event each). */
	| { kind: 'move'; steps: Array<{ from: LeadState; to: LeadState; label: string }> }
	/** The lead is already there: repeating the transition that got it there changes nothing. */
	| { kind: 'stay' }
	| { kind: 'refuse'; message: string };

/** The shortest walk along the diagram's edges, or null when `to` cannot be reached. */
function shortestPath(from: LeadState, to: LeadState): LeadState[] | null {
	const previous = new Map<LeadState, LeadState>();
	const queue: LeadState[] = [from];
	while (queue.length) {
		const state = queue.shift() as LeadState;
		if (state === to) {
			const path = [to];
			while (path[0] !== from) path.unshift(previous.get(path[0]) as LeadState);
			return path;
		}
		for (const next of allowedFrom(state)) {
			if (next !== from && !previous.has(next)) {
				previous.set(next, state);
				queue.push(next);
			}
		}
	}
	return null;
}

function refusal(from: LeadState, to: LeadState): string {
	const allowed = allowedFrom(from);
	const options = allowed.length ? `From ${from} it can only move to ${allowed.join(' or ')}` : `${from} is final: it does not move any more`;
	return `A lead in ${from} cannot move to ${to}. ${options}.`;
}

/**
 * Decides what moving a lead from `from` to `to` means. With `walk`, a target further along the
 * diagram is reached through the states in between (a lead who books straight from an ad goes
 * NEW → ENGAGED → INTERESTED → SCHEDULED, each step recorded); without it only a direct edge counts.
 */
export function planTransition(from: LeadState, to: LeadState, walk = false): TransitionPlan {
	if (from === to) return { kind: 'stay' };
	const path = walk ? shortestPath(from, to) : TRANSITIONS[from][to] !== undefined ? [from, to] : null;
	if (!path) return { kind: 'refuse', message: refusal(from, to) };
	return {
		kind: 'move',
		steps: path.slice(1).map((state, index) => ({
			from: path[index],
			to: state,
			label: TRANSITIONS[path[index]][state] as string,
		})),
	};
}

/** Reaching these states ends the lead's pending follow-ups: they were nudges towards it, or moot. */
export const CANCELS_FOLLOW_UPS: Partial<Record<LeadState, 'booking' | 'converted' | 'lost'>> = {
	SCHEDULED: 'booking',
	CONVERTED: 'converted',
	LOST: 'lost',
};
