import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { referenceTime, referenceTimeOption } from '../followUp/fields';
import type { LeadOperation } from '../operation';
import { idParameter, replyMilliseconds, textParameter } from '../parameters';
import { recordReplyTime } from './health';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	{
		displayName: 'Academy ID',
		name: 'academyId',
		type: 'string',
		required: true,
		default: '={{ $json.academy?.id }}',
	},
	{
		displayName: 'Reply Time (Ms)',
		name: 'latencyMs',
		type: 'string',
		default: '={{ $json.reply?.latencyMs }}',
		description:
			'How long the answer took to write, in milliseconds, as the AI Reply step reports it',
	},
	{
		displayName: 'Answer Kind',
		name: 'mode',
		type: 'string',
		default: '={{ $json.reply?.mode }}',
		description: "The AI Reply step's mode: model, fallback (the AI failed) or deterministic",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [referenceTimeOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['metrics'], operation: ['recordReply'] } },
	properties,
);

/** Keeps how long an answer took, for the slow-AI alert; academy and time only, nothing about the lead. */
export const execute: LeadOperation = async function (itemIndex, { pool }) {
	const academyId = idParameter.call(this, 'academyId', itemIndex, 'Academy ID');
	const ms = replyMilliseconds.call(this, parameter(this, 'latencyMs', itemIndex, ''), itemIndex);
	const mode = textParameter.call(this, 'mode', itemIndex);
	await recordReplyTime(pool, { academyId, at: referenceTime.call(this, itemIndex), ms, mode });
	return { replyTime: { ms, mode } };
};
