import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { withTransaction } from '../../../shared/storage/postgres';
import { cancelPendingSteps } from '../../storage/follow-up-steps';
import { PAUSED_UNTIL_RESUMED, setPausedUntil, toLead } from '../../storage/leads';
import { leadIdField, requireLeadRow } from '../common';
import type { LeadOperation } from '../operation';
import { dateParameter, idParameter } from '../parameters';

const properties: INodeProperties[] = [
	leadIdField,
	{
		displayName: 'Until',
		name: 'until',
		type: 'dateTime',
		default: '',
		description:
			"When the bot may answer this lead again; empty means until someone resumes it. Meanwhile the lead's messages are logged, `lead.botActive` is false, and pending follow-ups are cancelled.",
	},
];

export const description = updateDisplayOptions({ show: { resource: ['lead'], operation: ['pause'] } }, properties);

export const execute: LeadOperation = async function (itemIndex, { pool, cipher }) {
	const id = idParameter.call(this, 'leadId', itemIndex, 'Lead ID');
	const until = dateParameter.call(this, 'until', itemIndex, 'Until', PAUSED_UNTIL_RESUMED) as Date;
	if (until <= new Date()) {
		throw new NodeOperationError(this.getNode(), 'Until is in the past, so the bot would not pause', {
			itemIndex,
			description: 'Pick a later time, or leave Until empty to pause until resumed.',
		});
	}
	return await withTransaction(pool, async (db) => {
		const row = (await setPausedUntil(db, id, until)) ?? (await requireLeadRow.call(this, db, id, itemIndex));
		const cancelledFollowUps = await cancelPendingSteps(db, id, 'take-over');
		return { lead: toLead(row, cipher), cancelledFollowUps };
	});
};
