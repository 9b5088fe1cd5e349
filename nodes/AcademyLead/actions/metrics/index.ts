import type { INodeProperties } from 'n8n-workflow';

import type { LeadResource } from '../operation';
import * as alerts from './alerts.operation';
import * as createLink from './createLink.operation';
import * as dashboard from './dashboard.operation';
import * as queueDepth from './queueDepth.operation';
import * as recordReply from './recordReply.operation';
import * as report from './report.operation';
import * as verifyLink from './verifyLink.operation';

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['metrics'] } },
		options: [
			{
				name: 'Check Alerts',
				value: 'alerts',
				description:
					'Slow AI answers, failed messages, a conversion drop or a long follow-up queue: one item per limit passed',
				action: 'Check the alert limits',
			},
			{
				name: 'Create Dashboard Link',
				value: 'createLink',
				description:
					"A link that opens one academy's dashboard without a password until it expires",
				action: 'Create a signed dashboard link',
			},
			{
				name: 'Dashboard Page',
				value: 'dashboard',
				description:
					"One academy's funnel, rates, response times and sources as a web page (aggregates only)",
				action: 'Get the dashboard page',
			},
			{
				name: 'Follow-Up Queue Depth',
				value: 'queueDepth',
				description: 'How many follow-ups are due and not yet sent, per academy, for alerts',
				action: 'Get the follow up queue depth',
			},
			{
				name: 'Record Reply Time',
				value: 'recordReply',
				description: 'Keep how long an answer took to write, for the slow-AI alert',
				action: 'Record a reply time',
			},
			{
				name: 'Report',
				value: 'report',
				description:
					'Weekly funnel, show-up and conversion rates, response times, engagement, leads per day, loss reasons and sources',
				action: 'Get an academy metrics report',
			},
			{
				name: 'Verify Dashboard Link',
				value: 'verifyLink',
				description:
					'Whether a dashboard link is genuine and not expired, and which academy it opens',
				action: 'Verify a signed dashboard link',
			},
		],
		default: 'report',
	},
	...alerts.description,
	...createLink.description,
	...dashboard.description,
	...queueDepth.description,
	...recordReply.description,
	...report.description,
	...verifyLink.description,
];

export const metrics: LeadResource = {
	description,
	operations: {
		alerts: alerts.execute,
		createLink: createLink.execute,
		dashboard: dashboard.execute,
		queueDepth: queueDepth.execute,
		recordReply: recordReply.execute,
		report: report.execute,
		verifyLink: verifyLink.execute,
	},
};
