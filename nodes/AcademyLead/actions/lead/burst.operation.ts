import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep, updateDisplayOptions } from 'n8n-workflow';

import { burstTail } from '../../helpers/burst';
import { claimBurst } from '../../storage/leads';
import { leadIdField } from '../common';
import type { LeadOperation } from '../operation';
import { idParameter, textParameter } from '../parameters';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	leadIdField,
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '={{ $json.message?.messageId }}',
		description: 'The message this execution is about, already logged by Lead › Create or Update',
	},
	{
		displayName: 'Wait (Seconds)',
		name: 'windowSeconds',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 60 },
		default: 4,
		description:
			'How long to wait for more messages. Each new message restarts the wait; after a quiet wait the last one continues with all texts joined.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['lead'], operation: ['burst'] } }, properties);

/*
 * Every inbound message runs its own execution, possibly at the same time on different queue
 * workers, so nothing is kept in memory. Postgres decides, from the message log it already holds:
 * after waiting, an execution continues only if its message is still the lead's latest inbound
 * one (messages.id grows with each logged message) and has not been handed on yet. It then moves
 * leads.burst_consumed_seq to its message (compared and set in one statement, claimBurst),
 * and continues with every
 * inbound text after the previous mark that arrived in one run with it (see burstTail), whatever
 * order the waiting executions wake up in. Executions whose message was followed by another stop
 * with no output; a redelivered message finds the mark already past it (a retried run finds it
 * at its own message, and goes on with that message alone). Redis adds nothing here: the
 * decision needs the log, which is in Postgres.
 */
export const execute: LeadOperation = async function (itemIndex, { pool, cipher }) {
	const leadId = idParameter.call(this, 'leadId', itemIndex, 'Lead ID');
	const messageId = textParameter.call(this, 'messageId', itemIndex);
	const windowSeconds = Math.min(Math.max(Number(parameter(this, 'windowSeconds', itemIndex, 4)) || 0, 0), 60);
	if (windowSeconds > 0) await sleep(windowSeconds * 1000);

	const lines = await claimBurst(pool, cipher, leadId, messageId, this.getMode() === 'retry');
	if (lines === undefined) {
		throw new NodeOperationError(this.getNode(), 'This message is not in the lead\'s log', {
			itemIndex,
			description: 'Put this step after Lead › Create or Update, which logs the message, and keep Message ID on {{ $json.message.messageId }}.',
		});
	}
	// Another execution goes on with this message.
	if (lines === null) return null;
	const burst = burstTail(lines, windowSeconds);
	const texts = burst.map((line) => line.text).filter(Boolean);
	const message = this.getInputData()[itemIndex]?.json.message;
	const joined = texts.join('\n');
	return {
		...(message && typeof message === 'object' ? { message: { ...message, text: joined } } : {}),
		burst: { count: burst.length, texts, messageIds: burst.flatMap((line) => (line.messageId ? [line.messageId] : [])), text: joined },
	};
};
