import type { INodeProperties } from 'n8n-workflow';

import * as getLink from './getLink.operation';
import * as getManageLinks from './getManageLinks.operation';

export { getLink, getManageLinks };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['booking'] } },
		options: [
			{
				name: 'Get Booking Link',
				value: 'getLink',
				description: "The booking page, filled in with the lead's details and carrying the lead ID",
				action: 'Get a personal booking link',
			},
			{
				name: 'Get Cancel and Reschedule Links',
				value: 'getManageLinks',
				description: 'Links that let the lead cancel or move an existing booking',
				action: 'Get cancel and reschedule links',
			},
		],
		default: 'getLink',
	},
	...getLink.description,
	...getManageLinks.description,
];
