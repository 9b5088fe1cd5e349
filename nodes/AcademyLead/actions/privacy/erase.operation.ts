import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { findLeadRowByIdentity, identityHashes, normalizeIdentity } from '../../storage/leads';
import { leadIdField } from '../common';
import type { LeadOperation } from '../operation';
import { idParameter, textParameter } from '../parameters';
import { eraseLeadRows, eraseRedisKeys } from './erasure';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	{
		displayName: 'Find Lead By',
		name: 'findBy',
		type: 'options',
		options: [
			{ name: 'Lead ID', value: 'id', description: 'The lead of the conversation, e.g. when the lead asks on WhatsApp' },
			{ name: 'Phone Number', value: 'phone', description: "A number staff typed in, e.g. from an erasure request form" },
		],
		default: 'id',
	},
	{ ...leadIdField, displayOptions: { show: { findBy: ['id'] } } },
	{
		displayName: 'Academy ID',
		name: 'academyId',
		type: 'string',
		required: true,
		default: '={{ $json.academy?.id }}',
		displayOptions: { show: { findBy: ['phone'] } },
		description: 'The academy the lead wrote to',
	},
	{
		displayName: 'Phone Number',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: '5511987654321',
		displayOptions: { show: { findBy: ['phone'] } },
		description: 'With country code; spaces and signs are ignored',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['privacy'], operation: ['erase'] } }, properties);

/** The right to be forgotten (seed section 7.2): nothing of the lead is left, and the item says what went. */
export const execute: LeadOperation = async function (itemIndex, { pool, redis, cipher }) {
	let leadId: string;
	if (parameter(this, 'findBy', itemIndex) === 'phone') {
		const academyId = idParameter.call(this, 'academyId', itemIndex, 'Academy ID');
		const phone = textParameter.call(this, 'phone', itemIndex);
		if (!phone.replace(/\D/g, '')) {
			throw new NodeOperationError(this.getNode(), 'Phone Number is empty', {
				itemIndex,
				description: 'Type the number with its country code, e.g. 5511987654321.',
			});
		}
		const row = await findLeadRowByIdentity(
			pool,
			academyId,
			identityHashes(normalizeIdentity({ waId: phone, userId: null }), cipher),
		);
		if (!row) return { erasure: { leadId: null, found: false, rows: {}, redisKeys: 0 } };
		leadId = row.id;
	} else {
		leadId = idParameter.call(this, 'leadId', itemIndex, 'Lead ID');
	}
	const { traces, ...erased } = await eraseLeadRows(pool, leadId);
	let redisKeys = 0;
	if (redis) {
		try {
			redisKeys = await eraseRedisKeys(redis, traces);
		} catch (error) {
			throw new NodeOperationError(
				this.getNode(),
				`The lead's records were erased from the database, but Redis could not be cleaned: ${(error as Error).message}`,
				{ itemIndex, description: 'Run the erasure again for the same Lead ID once Redis is reachable.' },
			);
		}
	}
	return { erasure: { ...erased, redisKeys } };
};
