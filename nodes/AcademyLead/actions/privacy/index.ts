import type { INodeProperties } from 'n8n-workflow';

import type { LeadResource } from '../operation';
import * as erase from './erase.operation';
import * as purge from './purge.operation';

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['privacy'] } },
		options: [
			{
				name: 'Erase Lead',
				value: 'erase',
				description: 'Delete everything stored about one lead, in the database and in Redis, and report what was removed',
				action: 'Erase a lead',
			},
			{
				name: 'Purge Old Conversations',
				value: 'purge',
				description: 'Delete messages older than the retention period (90 days unless changed)',
				action: 'Purge old conversations',
			},
		],
		default: 'erase',
	},
	...erase.description,
	...purge.description,
];

export const privacy: LeadResource = { description, operations: { erase: erase.execute, purge: purge.execute } };
