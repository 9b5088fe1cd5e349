import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { withTransaction } from '../../../shared/storage/postgres';
import { LEAD_STATES, type LeadState } from '../../../shared/types';
import { CANCELS_FOLLOW_UPS, isLeadState, planTransition } from '../../helpers/state-machine';
import { cancelPendingSteps } from '../../storage/follow-up-steps';
import { insertLeadEvent, type LeadEvent } from '../../storage/lead-events';
import { setLeadState, toLead } from '../../storage/leads';
import { leadIdField, requireLeadRow } from '../common';
import type { LeadOperation } from '../operation';
import { collectionParameter, dateParameter, idParameter, textParameter } from '../parameters';

const STATE_NAMES: Record<LeadState, string> = {
	NEW: 'New',
	ENGAGED: 'Engaged',
	INTERESTED: 'Interested',
	SCHEDULED: 'Scheduled',
	SHOWED_UP: 'Showed Up',
	NO_SHOW: 'No Show',
	CONVERTED: 'Converted',
	FOLLOW_UP: 'Follow Up',
	RE_ENGAGED: 'Re-Engaged',
	LOST: 'Lost',
};

const properties: INodeProperties[] = [
	leadIdField,
	{
		displayName: 'New State',
		name: 'toState',
		type: 'options',
		required: true,
		options: LEAD_STATES.map((state) => ({ name: STATE_NAMES[state], value: state })).sort((a, b) =>
			a.name.localeCompare(b.name),
		),
		default: 'ENGAGED',
		description: 'Where the lead moves. Only the moves of the lead diagram are allowed; moving to the state the lead is in changes nothing.',
	},
	{
		displayName: 'Cause',
		name: 'cause',
		type: 'string',
		default: '',
		placeholder: 'booking created',
		description: "Why the lead moved, kept with the event (and the loss reason for Lost). Empty uses the diagram's label.",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'At',
				name: 'at',
				type: 'dateTime',
				default: '',
				description: 'When it happened; empty means now',
			},
			{
				displayName: 'Booking UID',
				name: 'bookingUid',
				type: 'string',
				default: '',
				description: 'The Cal.com booking that caused the move',
			},
			{
				displayName: 'Message ID',
				name: 'messageId',
				type: 'string',
				default: '',
				description: 'The WhatsApp message that caused the move',
			},
			{
				displayName: 'Through Intermediate States',
				name: 'walk',
				type: 'boolean',
				default: false,
				description:
					'Whether a state further along the diagram is reached through the states in between, each recorded (e.g. a new lead who books at once goes New → Engaged → Interested → Scheduled)',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['lead'], operation: ['transition'] } }, properties);

export const execute: LeadOperation = async function (itemIndex, { pool, cipher }) {
	const id = idParameter.call(this, 'leadId', itemIndex, 'Lead ID');
	const to = textParameter.call(this, 'toState', itemIndex);
	if (!isLeadState(to)) {
		throw new NodeOperationError(this.getNode(), `"${to}" is not a lead state`, {
			itemIndex,
			description: `Use one of ${LEAD_STATES.join(', ')}.`,
		});
	}
	const cause = textParameter.call(this, 'cause', itemIndex);
	const options = collectionParameter.call(this, 'options', itemIndex);
	const at = dateParameter.call(this, 'options.at', itemIndex, 'At', new Date()) as Date;

	// A conversation asks again and again to move a lead where it already is: that answer needs
	// neither a lock nor a transaction (three round trips to Postgres instead of one).
	const seen = await requireLeadRow.call(this, pool, id, itemIndex);
	if (seen.state === to) {
		return { lead: toLead(seen, cipher), transition: { from: to, to, changed: false, events: [], cancelledFollowUps: 0 } };
	}

	return await withTransaction(pool, async (db) => {
		// Locked, so two executions moving one lead at once take turns and both see the real state.
		const row = await requireLeadRow.call(this, db, id, itemIndex, true);
		const plan = planTransition(row.state, to, options.walk === true);
		if (plan.kind === 'refuse') {
			throw new NodeOperationError(this.getNode(), plan.message, {
				itemIndex,
				description: 'Check the New State, or route this lead on its current state before moving it.',
			});
		}
		const events: LeadEvent[] = [];
		let current = row;
		if (plan.kind === 'move') {
			for (const step of plan.steps) {
				current = await setLeadState(db, id, step.to, at);
				events.push(
					await insertLeadEvent(db, cipher, {
						academyId: row.academy_id,
						leadId: id,
						from: step.from,
						to: step.to,
						cause: cause || step.label,
						messageId: options.messageId as string | undefined,
						bookingUid: options.bookingUid as string | undefined,
						at,
					}),
				);
			}
		}
		const ends = CANCELS_FOLLOW_UPS[to];
		const cancelledFollowUps = plan.kind === 'move' && ends ? await cancelPendingSteps(db, id, ends) : 0;
		return {
			lead: toLead(current, cipher),
			transition: { from: row.state, to, changed: plan.kind === 'move', events, cancelledFollowUps },
		};
	});
};
