import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { withTransaction } from '../../../shared/storage/postgres';
import { cancelPendingSteps } from '../../storage/follow-up-steps';
import { rememberInHistory } from '../../storage/history';
import { findLeadRowById, toLead } from '../../storage/leads';
import { insertMessage, type MessageDirection } from '../../storage/messages';
import { leadIdField, requireLeadRow } from '../common';
import type { LeadOperation } from '../operation';
import { collectionParameter, dateParameter, idParameter, textParameter } from '../parameters';

const inbound = { show: { direction: ['in'] } };
const outbound = { show: { direction: ['out'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: [
			{ name: 'Sent by the Academy', value: 'out' },
			{ name: 'Received From the Lead', value: 'in' },
		],
		default: 'out',
	},
	leadIdField,
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '={{ $json.sent?.messageId }}',
		description: 'The ID WhatsApp gave the message; logging it again changes nothing',
		displayOptions: outbound,
	},
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '={{ $json.message?.messageId }}',
		description: 'The ID WhatsApp gave the message; logging it again changes nothing',
		displayOptions: inbound,
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '={{ $json.reply?.text }}',
		description: 'Stored encrypted',
		displayOptions: outbound,
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '={{ $json.message?.text }}',
		description: 'Stored encrypted',
		displayOptions: inbound,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ displayName: 'At', name: 'at', type: 'dateTime', default: '', description: 'When it was sent; empty means now' },
			{
				displayName: 'Type',
				name: 'type',
				type: 'string',
				default: 'text',
				description: 'WhatsApp message type: text, template, interactive, image …',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['log'] } }, properties);

export const execute: LeadOperation = async function (itemIndex, stores) {
	const { pool, cipher } = stores;
	const direction = this.getNodeParameter('direction', itemIndex) as MessageDirection;
	const leadId = idParameter.call(this, 'leadId', itemIndex, 'Lead ID');
	const messageId = textParameter.call(this, 'messageId', itemIndex);
	if (!messageId) {
		throw new NodeOperationError(this.getNode(), 'Message ID is empty', {
			itemIndex,
			description:
				direction === 'out'
					? 'Put this step after the WhatsApp send step and keep Message ID on {{ $json.sent.messageId }}.'
					: 'Keep Message ID on {{ $json.message.messageId }}.',
		});
	}
	const options = collectionParameter.call(this, 'options', itemIndex);
	const at = dateParameter.call(this, 'options.at', itemIndex, 'At', new Date()) as Date;
	const { logged, row } = await withTransaction(pool, async (db) => {
		const lead = await requireLeadRow.call(this, db, leadId, itemIndex, true);
		const line = await insertMessage(db, cipher, {
			academyId: lead.academy_id,
			leadId,
			direction,
			messageId,
			type: String(options.type ?? '').trim() || 'text',
			text: textParameter.call(this, 'text', itemIndex),
			status: direction === 'in' ? 'received' : 'accepted',
			at,
		});
		if (direction === 'in' && !line.duplicate) await cancelPendingSteps(db, leadId, 'reply');
		return { logged: line, row: (await findLeadRowById(db, leadId)) ?? lead };
	});
	if (!logged.duplicate) await rememberInHistory(stores, leadId, logged);
	return { lead: toLead(row, cipher), logged: { messageId, direction, duplicate: logged.duplicate } };
};
