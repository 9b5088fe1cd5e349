import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { MESSAGE_STATUSES, updateMessageStatus, type MessageStatus } from '../../storage/messages';
import type { LeadOperation } from '../operation';
import { dateParameter, textParameter } from '../parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'WhatsApp Phone Number ID',
		name: 'phoneNumberId',
		type: 'string',
		required: true,
		default: '={{ $json.status?.phoneNumberId }}',
		description: 'The academy number the message was sent from',
	},
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '={{ $json.status?.messageId }}',
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'string',
		required: true,
		default: '={{ $json.status?.status }}',
		description: 'Sent, delivered, read, played or failed, as WhatsApp reports it. A status never goes back: a late "delivered" leaves "read".',
	},
	{
		displayName: 'At',
		name: 'at',
		type: 'string',
		default: '={{ $json.status?.timestamp }}',
		description: 'When WhatsApp reports it happened; empty means now',
	},
	{
		displayName: 'Error Code',
		name: 'errorCode',
		type: 'string',
		default: '={{ $json.status?.errors?.[0]?.code ?? "" }}',
		description: "WhatsApp's error code of a failed message",
	},
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['updateStatus'] } }, properties);

export const execute: LeadOperation = async function (itemIndex, { pool, cipher }) {
	const status = textParameter.call(this, 'status', itemIndex).toLowerCase() as MessageStatus;
	if (!MESSAGE_STATUSES.includes(status) || status === 'received') {
		throw new NodeOperationError(this.getNode(), `"${status}" is not a WhatsApp delivery status`, {
			itemIndex,
			description: 'Use sent, delivered, read, played or failed (map it from {{ $json.status.status }}).',
		});
	}
	const result = await updateMessageStatus(pool, cipher, {
		phoneNumberId: textParameter.call(this, 'phoneNumberId', itemIndex),
		messageId: textParameter.call(this, 'messageId', itemIndex),
		status,
		at: dateParameter.call(this, 'at', itemIndex, 'At', new Date()) as Date,
		errorCode: textParameter.call(this, 'errorCode', itemIndex) || null,
	});
	return { messageStatus: result };
};
