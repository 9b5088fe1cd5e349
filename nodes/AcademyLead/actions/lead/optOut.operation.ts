import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { withTransaction } from '../../../shared/storage/postgres';
import { cancelPendingSteps } from '../../storage/follow-up-steps';
import { setOptedOut, toLead } from '../../storage/leads';
import { leadIdField, requireLeadRow } from '../common';
import type { LeadOperation } from '../operation';
import { dateParameter, idParameter, textParameter } from '../parameters';

const properties: INodeProperties[] = [
	leadIdField,
	{
		displayName: 'Source',
		name: 'source',
		type: 'string',
		default: 'whatsapp',
		placeholder: 'whatsapp',
		description: 'How the lead asked to stop, e.g. whatsapp (they wrote it) or staff (they told the academy)',
	},
	{
		displayName: 'At',
		name: 'at',
		type: 'dateTime',
		default: '',
		description: 'When the lead asked; empty means now',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['lead'], operation: ['optOut'] } }, properties);

export const execute: LeadOperation = async function (itemIndex, { pool, cipher }) {
	const id = idParameter.call(this, 'leadId', itemIndex, 'Lead ID');
	const source = textParameter.call(this, 'source', itemIndex) || 'whatsapp';
	const at = dateParameter.call(this, 'at', itemIndex, 'At', new Date()) as Date;
	return await withTransaction(pool, async (db) => {
		const row = (await setOptedOut(db, id, at, source)) ?? (await requireLeadRow.call(this, db, id, itemIndex));
		const cancelledFollowUps = await cancelPendingSteps(db, id, 'opt-out');
		return { lead: toLead(row, cipher), cancelledFollowUps };
	});
};
