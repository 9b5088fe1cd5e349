import type { LeadState } from '../../../shared/types';
import { LEAD_STATES } from '../../../shared/types';
import { inZone } from './time';

export interface SequenceTiming {
	reminderHoursBefore: number;
	afterClassDays: number;
	offerDays: number;
	lastMessageDays: number;
	lostDays: number;
}

export const SEED_TIMING: SequenceTiming = {
	reminderHoursBefore: 24,
	afterClassDays: 1,
	offerDays: 3,
	lastMessageDays: 7,
	lostDays: 30,
};

export interface PlannedStep {
	kind: string;
	dueAt: Date;
	/** The step goes out only while the lead is in one of these states; empty means any state. */
	whileStates: LeadState[];
	/** A reply from the lead cancels nudges, never the reminder of a class already booked. */
	cancelOnReply: boolean;
}

const NOT_ENROLLED: LeadState[] = LEAD_STATES.filter((state) => state !== 'CONVERTED' && state !== 'LOST');

/**
 * The seed's plan around one trial class: a reminder before it, "how was it?" the day after,
 * an offer and a last message if the lead has not enrolled, and LOST when nothing came back.
 * Days are calendar days in the academy's zone, so "3 days after" keeps the local hour across
 * a DST change. A reminder whose moment has passed goes out now, and none for a class that began.
 */
export function standardSequence(
	classStart: Date,
	now: Date,
	timeZone: string,
	timing: SequenceTiming = SEED_TIMING,
): PlannedStep[] {
	const local = inZone(classStart, timeZone);
	const after = (days: number) => local.plus({ days }).toJSDate();
	const steps: PlannedStep[] = [];
	if (classStart > now) {
		const reminder = local.minus({ hours: timing.reminderHoursBefore }).toJSDate();
		steps.push({
			kind: 'class_reminder',
			dueAt: reminder > now ? reminder : now,
			whileStates: ['SCHEDULED'],
			cancelOnReply: false,
		});
	}
	steps.push(
		{ kind: 'after_class', dueAt: after(timing.afterClassDays), whileStates: NOT_ENROLLED, cancelOnReply: true },
		{ kind: 'offer', dueAt: after(timing.offerDays), whileStates: NOT_ENROLLED, cancelOnReply: true },
		{ kind: 'last_message', dueAt: after(timing.lastMessageDays), whileStates: NOT_ENROLLED, cancelOnReply: true },
		{ kind: 'mark_lost', dueAt: after(timing.lostDays), whileStates: NOT_ENROLLED, cancelOnReply: true },
	);
	return steps;
}
