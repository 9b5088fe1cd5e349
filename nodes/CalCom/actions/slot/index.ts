import type { INodeProperties } from 'n8n-workflow';

import * as getFree from './getFree.operation';

export { getFree };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['slot'] } },
		options: [
			{
				name: 'Get Free Slots',
				value: 'getFree',
				description: 'Free times of an event type over the next days, ready for a WhatsApp list',
				action: 'Get free slots',
			},
		],
		default: 'getFree',
	},
	...getFree.description,
];
