import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { findAcademyById } from '../../storage/academies';
import { referenceTime, referenceTimeOption } from '../followUp/fields';
import type { LeadOperation } from '../operation';
import { idParameter, textParameter } from '../parameters';
import { linkSecret } from './link-fields';
import { signDashboardLink } from './link-signature';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	{
		displayName: 'Academy ID',
		name: 'academyId',
		type: 'string',
		required: true,
		default: '={{ $json.academy?.id ?? $json.metrics?.academyId }}',
		description: 'The academy whose dashboard the link opens; the link opens no other',
	},
	{
		displayName: 'Dashboard Address',
		name: 'dashboardUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://n8n.example.com/webhook/academy-dashboard-link',
		description: 'The Production URL of the signed-link Webhook of the Metrics workflow',
	},
	{
		displayName: 'Valid For (Days)',
		name: 'validDays',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 90 },
		default: 8,
		description:
			'After this the link answers 403; a weekly report with 8 days overlaps the next one by a day',
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
	{ show: { resource: ['metrics'], operation: ['createLink'] } },
	properties,
);

/** A link that opens one academy's dashboard without a password until it expires. */
export const execute: LeadOperation = async function (itemIndex, { pool, cipher }) {
	const academyId = idParameter.call(this, 'academyId', itemIndex, 'Academy ID');
	const address = textParameter.call(this, 'dashboardUrl', itemIndex);
	const url = URL.canParse(address) ? new URL(address) : null;
	if (!url || !/^https?:$/.test(url.protocol)) {
		throw new NodeOperationError(
			this.getNode(),
			address
				? `Dashboard Address "${address}" is not a web address`
				: 'Dashboard Address is empty',
			{
				itemIndex,
				description:
					"Copy the Production URL of the Metrics workflow's signed-link Webhook, e.g. https://n8n.example.com/webhook/academy-dashboard-link.",
			},
		);
	}
	const validDays = parameter(this, 'validDays', itemIndex, 8) as number;
	if (!(validDays > 0)) {
		throw new NodeOperationError(
			this.getNode(),
			`Valid For must be at least 1 day, not ${validDays}`,
			{ itemIndex },
		);
	}
	if (!(await findAcademyById(pool, cipher, academyId))) {
		throw new NodeOperationError(this.getNode(), `No academy has the ID ${academyId}`, {
			itemIndex,
		});
	}
	const expires = Math.floor(
		referenceTime.call(this, itemIndex).getTime() / 1000 + validDays * 86_400,
	);
	url.searchParams.set('academy', academyId);
	url.searchParams.set('expires', String(expires));
	url.searchParams.set(
		'signature',
		signDashboardLink(await linkSecret.call(this), academyId, expires),
	);
	return {
		dashboardLink: {
			url: url.toString(),
			academyId,
			expiresAt: new Date(expires * 1000).toISOString(),
		},
	};
};
