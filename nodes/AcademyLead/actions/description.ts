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
			{ name: 'Lead', value: 'lead' },
			{ name: 'Message', value: 'message' },
		],
		default: 'lead',
	},
	...Object.values(RESOURCES).flatMap((resource) => resource?.description ?? []),
];
