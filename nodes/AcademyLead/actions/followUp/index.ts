import type { INodeProperties } from 'n8n-workflow';

import type { LeadResource } from '../operation';
import * as cancel from './cancel.operation';
import * as claim from './claim.operation';
import * as mark from './mark.operation';
import * as schedule from './schedule.operation';
import * as scheduleSequence from './scheduleSequence.operation';

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['followUp'] } },
		options: [
			{
				name: 'Cancel for Lead',
				value: 'cancel',
				description: "Stop a lead's pending follow-ups: on a reply, a booking, an opt-out or a take-over",
				action: 'Cancel the pending follow ups of a lead',
			},
			{
				name: 'Claim Due Steps',
				value: 'claim',
				description: 'Take the steps due now, one item each with the lead and academy, for a scheduled workflow to send',
				action: 'Claim due follow up steps',
			},
			{
				name: 'Mark',
				value: 'mark',
				description: 'Record that a claimed step was sent, failed or cancelled',
				action: 'Mark a follow up step',
			},
			{
				name: 'Schedule Standard Plan',
				value: 'scheduleSequence',
				description:
					'Around a booked trial class: reminder before it, how was it, offer, last message, and lost after 30 days without answer',
				action: 'Schedule the standard follow up plan',
			},
			{
				name: 'Schedule Step',
				value: 'schedule',
				description: 'Put one follow-up in the queue for a given time',
				action: 'Schedule a follow up step',
			},
		],
		default: 'claim',
	},
	...cancel.description,
	...claim.description,
	...mark.description,
	...scheduleSequence.description,
	...schedule.description,
];

export const followUp: LeadResource = {
	description,
	operations: {
		cancel: cancel.execute,
		claim: claim.execute,
		mark: mark.execute,
		scheduleSequence: scheduleSequence.execute,
		schedule: schedule.execute,
	},
};
