import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { rememberInHistory } from '../../storage/history';
import { toLead } from '../../storage/leads';
import { insertMessage, type MessageDirection } from '../../storage/messages';
import { leadIdField, requireLeadRow } from '../common';
import type { LeadOperation } from '../operation';
import { pruneReplyTimesNowAndThen } from '../metrics/health';
import {
	collectionParameter,
	dateParameter,
	idParameter,
	leadLanguage,
	replyMilliseconds,
	textParameter,
} from '../parameters';
import { parameter } from '../../../shared/parameter';

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
			{
				displayName: 'Answer Kind',
				name: 'answerKind',
				type: 'string',
				default: '',
				placeholder: '={{ $json.reply.mode }}',
				description: "With Reply Time: the AI Reply step's mode (model, fallback or deterministic)",
				displayOptions: { show: { '/direction': ['out'] } },
			},
			{ displayName: 'At', name: 'at', type: 'dateTime', default: '', description: 'When it was sent; empty means now' },
			{
				displayName: 'Lead Language',
				name: 'language',
				type: 'string',
				default: '',
				placeholder: '={{ $json.reply.language }}',
				description:
					'Remember this as the language to speak with the lead (es, pt or en), e.g. the language of the answer. Empty changes nothing.',
				displayOptions: { show: { '/direction': ['out'] } },
			},
			{
				displayName: 'Reply Time (Ms)',
				name: 'replyTimeMs',
				type: 'string',
				default: '',
				placeholder: '={{ $json.reply.latencyMs }}',
				description:
					'Also keep how long the answer took to write, for the slow-AI alert and the weekly report',
				displayOptions: { show: { '/direction': ['out'] } },
			},
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
	const direction = parameter(this, 'direction', itemIndex) as MessageDirection;
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
	// An answer's language and reply time are kept with it, in the same statement.
	const outbound = direction === 'out';
	const language = outbound ? leadLanguage.call(this, options.language, itemIndex) : null;
	const replyMs =
		outbound && options.replyTimeMs !== undefined && options.replyTimeMs !== ''
			? replyMilliseconds.call(this, options.replyTimeMs, itemIndex)
			: undefined;
	const logged = await insertMessage(pool, cipher, {
		leadId,
		direction,
		messageId,
		type: String(options.type ?? '').trim() || 'text',
		text: textParameter.call(this, 'text', itemIndex),
		status: direction === 'in' ? 'received' : 'accepted',
		at,
		language,
		replyTime: replyMs === undefined ? undefined : { ms: replyMs, mode: String(options.answerKind ?? '').trim() },
	});
	if (!logged) {
		// No lead has the id: this read throws the error staff can act on.
		await requireLeadRow.call(this, pool, leadId, itemIndex);
		throw new Error(`The message could not be logged for lead ${leadId}; run the step again`);
	}
	// A redelivered message changed nothing, so the lead is read as it stands.
	const row = logged.lead ?? (await requireLeadRow.call(this, pool, leadId, itemIndex));
	if (replyMs !== undefined && !logged.duplicate) await pruneReplyTimesNowAndThen(pool, at);
	if (!logged.duplicate) await rememberInHistory(stores, leadId, logged);
	return { lead: toLead(row, cipher), logged: { messageId, direction, duplicate: logged.duplicate } };
};
