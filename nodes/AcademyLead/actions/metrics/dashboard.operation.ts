import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { renderDashboard } from '../../dashboard/render';
import { referenceTimeOption } from '../followUp/fields';
import type { LeadOperation } from '../operation';
import { idParameter } from '../parameters';
import type { AcademyMetrics } from './report';
import * as report from './report.operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Academy ID',
		name: 'academyId',
		type: 'string',
		required: true,
		default: '={{ $json.dashboardAccess?.academyId ?? $json.academy?.id }}',
		description:
			'The one academy the page shows; by default the one a verified dashboard link names',
	},
	{
		displayName: 'Weeks',
		name: 'weeks',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 104 },
		default: 8,
		description:
			"How many weeks the page covers, in the academy's time zone, the current one included",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [referenceTimeOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['metrics'], operation: ['dashboard'] } },
	properties,
);

/**
 * The owner's dashboard page for one academy (aggregates only), as HTML a Respond to Webhook
 * step serves. An empty Academy ID is refused rather than read as "every academy".
 */
export const execute: LeadOperation = async function (itemIndex, stores) {
	const academyId = idParameter.call(this, 'academyId', itemIndex, 'Academy ID');
	// Same parameter names as the report, which reads them for this node.
	const [{ metrics }] = (await report.execute.call(this, itemIndex, stores)) as Array<{
		metrics: AcademyMetrics;
	}>;
	return {
		dashboard: { academyId, academyName: metrics.academyName, html: renderDashboard(metrics) },
	};
};
