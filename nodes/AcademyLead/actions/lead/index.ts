import type { INodeProperties } from 'n8n-workflow';

import type { LeadResource } from '../operation';
import * as burst from './burst.operation';
import * as get from './get.operation';
import * as optOut from './optOut.operation';
import * as pause from './pause.operation';
import * as resume from './resume.operation';
import * as transition from './transition.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lead'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update a lead from a message',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'A lead with its academy and recent history',
				action: 'Get a lead',
			},
			{
				name: 'Join Burst',
				value: 'burst',
				description: 'Wait a few seconds; several quick messages continue once, joined, from the last of them',
				action: 'Join a burst of messages',
			},
			{
				name: 'Move State',
				value: 'transition',
				description: 'Move the lead along the diagram (New, Engaged, Interested, Scheduled …), recorded as an event',
				action: 'Move a lead to another state',
			},
			{
				name: 'Opt Out',
				value: 'optOut',
				description: 'The lead asked for no more messages: the bot and follow-ups stop',
				action: 'Opt out a lead',
			},
			{
				name: 'Pause Bot',
				value: 'pause',
				description: 'Staff take over the conversation: the bot stops answering this lead',
				action: 'Pause the bot for a lead',
			},
			{
				name: 'Resume Bot',
				value: 'resume',
				description: 'The bot answers this lead again',
				action: 'Resume the bot for a lead',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Change the lead's name, language, level or notes",
				action: 'Update a lead',
			},
		],
		default: 'upsert',
	},
	...upsert.description,
	...get.description,
	...burst.description,
	...transition.description,
	...optOut.description,
	...pause.description,
	...resume.description,
	...update.description,
];

export const lead: LeadResource = {
	description,
	operations: {
		upsert: upsert.execute,
		get: get.execute,
		burst: burst.execute,
		transition: transition.execute,
		optOut: optOut.execute,
		pause: pause.execute,
		resume: resume.execute,
		update: update.execute,
	},
};
