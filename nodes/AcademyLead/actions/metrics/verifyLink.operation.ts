import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { referenceTime, referenceTimeOption } from '../followUp/fields';
import type { LeadOperation } from '../operation';
import { textParameter } from '../parameters';
import { linkSecret } from './link-fields';
import { checkDashboardLink } from './link-signature';

const properties: INodeProperties[] = [
	{
		displayName: 'Academy ID',
		name: 'academyId',
		type: 'string',
		default: '={{ $json.query?.academy }}',
		description: 'The academy the link names, from its query string',
	},
	{
		displayName: 'Expires',
		name: 'expires',
		type: 'string',
		default: '={{ $json.query?.expires }}',
		description: 'The expiry the link names, unix seconds, from its query string',
	},
	{
		displayName: 'Signature',
		name: 'signature',
		type: 'string',
		default: '={{ $json.query?.signature }}',
		description: 'The signature of the link, from its query string',
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
	{ show: { resource: ['metrics'], operation: ['verifyLink'] } },
	properties,
);

/**
 * Says whether a dashboard link is genuine and current. Refused links are not an error: the
 * item carries `granted: false` and a reason, so the workflow can answer 403; only a granted
 * link carries the academy ID the next step reads.
 */
export const execute: LeadOperation = async function (itemIndex) {
	const check = checkDashboardLink(
		await linkSecret.call(this),
		{
			academyId: textParameter.call(this, 'academyId', itemIndex),
			expires: textParameter.call(this, 'expires', itemIndex),
			signature: textParameter.call(this, 'signature', itemIndex),
		},
		referenceTime.call(this, itemIndex),
	);
	return { dashboardAccess: check };
};
