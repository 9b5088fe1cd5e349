import type { INodeProperties } from 'n8n-workflow';

import type { LeadResource } from '../operation';
import * as get from './get.operation';
import * as upsert from './upsert.operation';

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['academy'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update an academy',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Find the academy a message was sent to, or one by its ID',
				action: 'Get an academy',
			},
		],
		default: 'get',
	},
	...upsert.description,
	...get.description,
];

export const academy: LeadResource = { description, operations: { upsert: upsert.execute, get: get.execute } };
