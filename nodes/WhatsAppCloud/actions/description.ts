import type { INodeProperties } from 'n8n-workflow';

import * as media from './media';
import * as message from './message';

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Message', value: 'message' },
			{ name: 'Media', value: 'media' },
		],
		default: 'message',
	},
	...message.description,
	...media.description,
];
