import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { cancelPendingSteps, type CancelReason } from '../../storage/follow-up-steps';
import { leadIdField } from '../common';
import type { LeadOperation } from '../operation';
import { idParameter } from '../parameters';
import { parameter } from '../../../shared/parameter';

/** What stops a lead's follow-ups; the lead operations apply the same causes on their own. */
const CAUSES: Array<{ name: string; value: CancelReason; description: string }> = [
	{ name: 'Booking', value: 'booking', description: 'The lead booked, rescheduled or cancelled a class: the old plan stops' },
	{ name: 'Converted', value: 'converted', description: 'The lead enrolled' },
	{ name: 'Lost', value: 'lost', description: 'The lead was given up' },
	{ name: 'Opt-Out', value: 'opt-out', description: 'The lead asked for no more messages' },
	{ name: 'Reply', value: 'reply', description: 'The lead wrote: nudges stop, reminders of a booked class stay' },
	{ name: 'Take-Over', value: 'take-over', description: 'Staff took the conversation over' },
];

const properties: INodeProperties[] = [
	leadIdField,
	{
		displayName: 'Cause',
		name: 'cause',
		type: 'options',
		options: CAUSES,
		default: 'reply',
		description: 'Why the follow-ups stop, kept with each cancelled step',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['followUp'], operation: ['cancel'] } }, properties);

export const execute: LeadOperation = async function (itemIndex, { pool }) {
	const leadId = idParameter.call(this, 'leadId', itemIndex, 'Lead ID');
	const cause = parameter(this, 'cause', itemIndex) as CancelReason;
	return { cancelledFollowUps: await cancelPendingSteps(pool, leadId, cause) };
};
