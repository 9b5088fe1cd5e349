import { updateDisplayOptions } from 'n8n-workflow';

import { setPausedUntil, toLead } from '../../storage/leads';
import { leadIdField, requireLeadRow } from '../common';
import type { LeadOperation } from '../operation';
import { idParameter } from '../parameters';

export const description = updateDisplayOptions({ show: { resource: ['lead'], operation: ['resume'] } }, [leadIdField]);

export const execute: LeadOperation = async function (itemIndex, { pool, cipher }) {
	const id = idParameter.call(this, 'leadId', itemIndex, 'Lead ID');
	const row = (await setPausedUntil(pool, id, null)) ?? (await requireLeadRow.call(this, pool, id, itemIndex));
	return { lead: toLead(row, cipher) };
};
