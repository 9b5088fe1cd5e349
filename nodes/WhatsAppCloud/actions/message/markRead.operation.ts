import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { graphRequest, type GraphResponse } from '../../transport/graph';
import { optionsCollection, phoneNumberIdField } from '../common.descriptions';
import { LimitCheck } from '../limits';
import { senderPhoneNumberId } from '../send';
import type { WhatsAppOperation } from '../types';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	phoneNumberIdField,
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '={{ $json.message.messageId }}',
		description: 'The message to mark as read (earlier ones in the chat are marked too)',
	},
	{
		displayName: 'Show Typing Indicator',
		name: 'typingIndicator',
		type: 'boolean',
		default: true,
		description:
			'Whether to show "typing…" until the reply is sent or 25 seconds pass. Turn it off when no reply follows.',
	},
	optionsCollection([]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['markRead'] } },
	properties,
);

export const execute: WhatsAppOperation = async function (this, itemIndex) {
	const messageId = String(parameter(this, 'messageId', itemIndex, '') ?? '').trim();
	new LimitCheck().required('Message ID', messageId).assert(this, itemIndex);
	const typingIndicator = parameter(this, 'typingIndicator', itemIndex, true) as boolean;
	const phoneNumberId = await senderPhoneNumberId.call(this, itemIndex);
	const { body } = (await graphRequest.call(
		this,
		{
			method: 'POST',
			path: `${encodeURIComponent(phoneNumberId)}/messages`,
			body: {
				messaging_product: 'whatsapp',
				status: 'read',
				message_id: messageId,
				...(typingIndicator ? { typing_indicator: { type: 'text' } } : {}),
			},
		},
		itemIndex,
	)) as GraphResponse<{ success?: boolean }>;
	return {
		json: {
			sent: { type: 'read', readMessageId: messageId, typingIndicator, phoneNumberId, success: body.success === true },
		},
	};
};
