import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { LEAD_STATES, type LeadState } from '../../../shared/types';
import { leadIdField } from '../common';
import type { LeadOperation } from '../operation';
import { collectionParameter, dateParameter, idParameter, textParameter } from '../parameters';
import { scheduleSteps } from './queue';

const properties: INodeProperties[] = [
	leadIdField,
	{
		displayName: 'Kind',
		name: 'kind',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'offer',
		description:
			'What the step is for; the follow-up workflow routes on it. A lead has each kind once (per key): scheduling it again changes nothing.',
	},
	{
		displayName: 'Due',
		name: 'dueAt',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			"When to send, e.g. {{ $now.plus({ days: 3 }) }}. A time inside the academy's quiet hours moves to the end of them.",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Cancel When the Lead Replies',
				name: 'cancelOnReply',
				type: 'boolean',
				default: true,
				description: 'Whether a message from the lead cancels this step (yes for nudges, no for reminders of a booked class)',
			},
			{
				displayName: 'Data',
				name: 'payload',
				type: 'json',
				default: '{}',
				description: 'Anything the follow-up workflow needs when the step is due, returned as followUp.payload',
			},
			{
				displayName: 'Key',
				name: 'key',
				type: 'string',
				default: '',
				description: 'Lets a lead have several steps of one kind, one per key (e.g. the booking UID)',
			},
			{
				displayName: 'Only While Lead Is In',
				name: 'whileStates',
				type: 'multiOptions',
				options: LEAD_STATES.map((state) => ({ name: state, value: state })),
				default: [],
				description: 'The step is cancelled instead of sent if the lead has moved to another state by then. None means any state.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['followUp'], operation: ['schedule'] } }, properties);

/** The Data option as an object: n8n hands a json parameter over as text or as parsed JSON. */
function jsonObject(raw: unknown): Record<string, unknown> | null {
	let value: unknown = raw ?? {};
	if (typeof value === 'string') {
		try {
			value = value.trim() ? (JSON.parse(value) as unknown) : {};
		} catch {
			return null;
		}
	}
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export const execute: LeadOperation = async function (itemIndex, { pool }) {
	const leadId = idParameter.call(this, 'leadId', itemIndex, 'Lead ID');
	const kind = textParameter.call(this, 'kind', itemIndex);
	if (!kind) {
		throw new NodeOperationError(this.getNode(), 'Kind is empty', {
			itemIndex,
			description: 'Name the step, e.g. offer or class_reminder: the follow-up workflow routes on it.',
		});
	}
	const dueAt = dateParameter.call(this, 'dueAt', itemIndex, 'Due', null);
	if (!dueAt) {
		throw new NodeOperationError(this.getNode(), 'Due is empty', { itemIndex, description: 'Say when the step should go out.' });
	}
	const options = collectionParameter.call(this, 'options', itemIndex);
	const payload = jsonObject(options.payload);
	if (!payload) {
		throw new NodeOperationError(this.getNode(), 'Data is not a JSON object', {
			itemIndex,
			description: 'Write it like {"classStart": "2026-03-01T18:30:00-03:00"}.',
		});
	}
	const [followUp] = await scheduleSteps(pool, leadId, [
		{
			kind,
			key: String(options.key ?? '').trim(),
			dueAt,
			payload,
			whileStates: (options.whileStates as LeadState[] | undefined) ?? [],
			cancelOnReply: options.cancelOnReply !== false,
		},
	]);
	return { followUp };
};
