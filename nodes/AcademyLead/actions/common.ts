import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findLeadRowById, type LeadRow } from '../storage/leads';
import type { Db } from '../storage/stores';

export const leadIdField: INodeProperties = {
	displayName: 'Lead ID',
	name: 'leadId',
	type: 'string',
	required: true,
	default: '={{ $json.lead?.id }}',
	description: 'The lead, as an earlier Academy Lead step returned it',
};

export const historyLengthField: INodeProperties = {
	displayName: 'History Length',
	name: 'historyLength',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 20,
	description: 'How many recent messages to return under `history`, oldest first, for the reply prompt',
};

/** The lead's row (locked for the transaction when `forUpdate`), or an error staff can act on. */
export async function requireLeadRow(
	this: IExecuteFunctions,
	db: Db,
	id: string,
	itemIndex: number,
	forUpdate = false,
): Promise<LeadRow> {
	const row = await findLeadRowById(db, id, forUpdate);
	if (!row) {
		throw new NodeOperationError(this.getNode(), `No lead has the ID ${id}`, {
			itemIndex,
			description: 'The lead may have been erased. Check the Lead ID.',
		});
	}
	return row;
}
