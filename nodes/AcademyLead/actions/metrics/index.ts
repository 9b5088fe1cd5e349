import type { INodeProperties } from 'n8n-workflow';

import type { LeadResource } from '../operation';
import * as queueDepth from './queueDepth.operation';
import * as report from './report.operation';

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['metrics'] } },
		options: [
			{
				name: 'Follow-Up Queue Depth',
				value: 'queueDepth',
				description: 'How many follow-ups are due and not yet sent, per academy, for alerts',
				action: 'Get the follow up queue depth',
			},
			{
				name: 'Report',
				value: 'report',
				description:
					'Weekly funnel, show-up and conversion rates, response times, engagement, leads per day, loss reasons and sources',
				action: 'Get an academy metrics report',
			},
		],
		default: 'report',
	},
	...queueDepth.description,
	...report.description,
];

export const metrics: LeadResource = { description, operations: { queueDepth: queueDepth.execute, report: report.execute } };
