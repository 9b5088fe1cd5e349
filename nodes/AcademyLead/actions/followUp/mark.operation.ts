import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { LeadOperation } from '../operation';
import { textParameter } from '../parameters';
import { referenceTime, referenceTimeOption, stepIdField } from './fields';
import { cancelStep, markFailed, markSent } from './queue';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	stepIdField,
	{
		displayName: 'Outcome',
		name: 'outcome',
		type: 'options',
		options: [
			{ name: 'Sent', value: 'sent', description: 'The message went out' },
			{
				name: 'Failed',
				value: 'failed',
				description: 'The message could not go out: try again later, or give up after the last attempt',
			},
			{ name: 'Cancelled', value: 'cancelled', description: 'The step should not go out any more' },
		],
		default: 'sent',
	},
	{
		displayName: 'Error',
		name: 'error',
		type: 'string',
		default: '={{ $json.error ?? "" }}',
		displayOptions: { show: { outcome: ['failed'] } },
		description: 'What went wrong, kept with the step. Do not put phone numbers or message texts here.',
	},
	{
		displayName: 'Retry After (Minutes)',
		name: 'retryAfterMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 15,
		displayOptions: { show: { outcome: ['failed'] } },
		description: 'When to try again; 0 gives up at once',
	},
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 3,
		displayOptions: { show: { outcome: ['failed'] } },
		description: 'After this many tries the step stays failed',
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: 'staff',
		displayOptions: { show: { outcome: ['cancelled'] } },
		description: 'Why the step was cancelled, kept with it',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { outcome: ['failed'] } },
		options: [referenceTimeOption],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['followUp'], operation: ['mark'] } }, properties);

export const execute: LeadOperation = async function (itemIndex, { pool }) {
	const id = Number(parameter(this, 'stepId', itemIndex));
	if (!Number.isSafeInteger(id) || id <= 0) {
		throw new NodeOperationError(this.getNode(), 'Step ID is not the ID of a follow-up step', {
			itemIndex,
			description: 'Map it from Claim Due Steps: {{ $json.followUp.id }}.',
		});
	}
	const outcome = parameter(this, 'outcome', itemIndex) as 'sent' | 'failed' | 'cancelled';
	if (outcome === 'sent') return { followUp: await markSent(pool, id) };
	if (outcome === 'cancelled') return { followUp: await cancelStep(pool, id, textParameter.call(this, 'reason', itemIndex) || 'staff') };
	const retryAfterMinutes = parameter(this, 'retryAfterMinutes', itemIndex, 15) as number;
	const retryAt = retryAfterMinutes > 0 ? new Date(referenceTime.call(this, itemIndex).getTime() + retryAfterMinutes * 60_000) : null;
	return {
		followUp: await markFailed(pool, id, {
			error: textParameter.call(this, 'error', itemIndex) || 'unknown error',
			retryAt,
			maxAttempts: parameter(this, 'maxAttempts', itemIndex, 3) as number,
		}),
	};
};
