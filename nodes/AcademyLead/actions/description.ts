import type { INodeProperties } from 'n8n-workflow';

import { RESOURCES } from './resources';

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Academy', value: 'academy' },
			{ name: 'Follow-Up', value: 'followUp' },
			{ name: 'Lead', value: 'lead' },
			{ name: 'Message', value: 'message' },
			{ name: 'Metric', value: 'metrics' },
			{ name: 'Privacy', value: 'privacy' },
		],
		default: 'lead',
	},
	...Object.values(RESOURCES).flatMap((resource) => resource?.description ?? []),
];
