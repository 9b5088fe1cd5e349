import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { findAcademyById } from '../../storage/academies';
import { readHistory } from '../../storage/history';
import { findLeadRowByIdentity, identityHashes, normalizeIdentity, toLead } from '../../storage/leads';
import { historyLengthField, leadIdField, requireLeadRow } from '../common';
import type { LeadOperation } from '../operation';
import { idParameter, textParameter } from '../parameters';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		options: [
			{ name: 'Lead ID', value: 'id' },
			{ name: 'WhatsApp Number', value: 'waId', description: "The lead's phone number with country code" },
			{ name: 'WhatsApp User ID', value: 'userId', description: 'For users who write with a username instead of a number' },
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
		displayOptions: { show: { findBy: ['waId', 'userId'] } },
	},
	{
		displayName: 'WhatsApp Number',
		name: 'waId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '5491155550000',
		displayOptions: { show: { findBy: ['waId'] } },
	},
	{
		displayName: 'WhatsApp User ID',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { findBy: ['userId'] } },
	},
	historyLengthField,
];

export const description = updateDisplayOptions({ show: { resource: ['lead'], operation: ['get'] } }, properties);

export const execute: LeadOperation = async function (itemIndex, stores) {
	const { pool, cipher } = stores;
	const findBy = parameter(this, 'findBy', itemIndex) as 'id' | 'waId' | 'userId';
	let row;
	if (findBy === 'id') {
		row = await requireLeadRow.call(this, pool, idParameter.call(this, 'leadId', itemIndex, 'Lead ID'), itemIndex);
	} else {
		const academyId = idParameter.call(this, 'academyId', itemIndex, 'Academy ID');
		const value = textParameter.call(this, findBy, itemIndex);
		let identity;
		try {
			identity = normalizeIdentity(findBy === 'waId' ? { waId: value } : { userId: value });
		} catch {
			throw new NodeOperationError(this.getNode(), `Enter the ${findBy === 'waId' ? 'WhatsApp number' : 'WhatsApp user ID'} to look for`, { itemIndex });
		}
		row = await findLeadRowByIdentity(pool, academyId, identityHashes(identity, cipher));
		if (!row) {
			throw new NodeOperationError(this.getNode(), 'This academy has no lead with that WhatsApp number or user ID', {
				itemIndex,
				description: 'Check the number (with country code, digits only) and the Academy ID.',
			});
		}
	}
	return {
		academy: await findAcademyById(pool, cipher, row.academy_id),
		lead: toLead(row, cipher),
		history: await readHistory(stores, row.id, parameter(this, 'historyLength', itemIndex, 20) as number),
	};
};
