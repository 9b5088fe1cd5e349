import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { leadIdField } from '../common';
import type { LeadOperation } from '../operation';
import { collectionParameter, dateParameter, idParameter, textParameter } from '../parameters';
import { referenceTime, referenceTimeOption } from './fields';
import { scheduleSteps } from './queue';
import { SEED_TIMING, standardSequence, type SequenceTiming } from './sequence';

const properties: INodeProperties[] = [
	leadIdField,
	{
		displayName: 'Class Start',
		name: 'classStart',
		type: 'dateTime',
		required: true,
		default: '={{ $json.booking?.start }}',
		description: 'When the booked trial class begins; every step is timed from it',
	},
	{
		displayName: 'Key',
		name: 'key',
		type: 'string',
		default: '={{ $json.booking?.uid ?? "" }}',
		description:
			'Tells one booking\'s plan from another\'s (the booking UID): a new booking gets a new plan, the same booking again changes nothing',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'How Was It (Days After Class)',
				name: 'afterClassDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1,
				description: 'When to ask how the class went (after_class)',
			},
			{
				displayName: 'Last Message (Days After Class)',
				name: 'lastMessageDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 7,
				description: 'When to send the last follow-up (last_message)',
			},
			{
				displayName: 'Lost (Days After Class)',
				name: 'lostDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 30,
				description: 'When a lead who never answered is due to be marked lost (mark_lost)',
			},
			{
				displayName: 'Offer (Days After Class)',
				name: 'offerDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 3,
				description: 'When to send the offer if the lead has not enrolled (offer)',
			},
			referenceTimeOption,
			{
				displayName: 'Reminder (Hours Before Class)',
				name: 'reminderHoursBefore',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 24,
				description: 'When the reminder goes out (class_reminder)',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['followUp'], operation: ['scheduleSequence'] } },
	properties,
);

/**
 * The seed's follow-up plan (section 4.2) for one booked class. Reminders survive a reply;
 * the rest are nudges that a reply cancels, and none goes out once the lead has enrolled or
 * is lost.
 */
export const execute: LeadOperation = async function (itemIndex, { pool }) {
	const leadId = idParameter.call(this, 'leadId', itemIndex, 'Lead ID');
	const classStart = dateParameter.call(this, 'classStart', itemIndex, 'Class Start', null);
	if (!classStart) {
		throw new NodeOperationError(this.getNode(), 'Class Start is empty', {
			itemIndex,
			description: 'Map the booking start time, e.g. {{ $json.booking.start }}.',
		});
	}
	const options = collectionParameter.call(this, 'options', itemIndex);
	const timing = Object.fromEntries(
		(Object.keys(SEED_TIMING) as Array<keyof SequenceTiming>).map((name) => [name, Number(options[name] ?? SEED_TIMING[name])]),
	) as unknown as SequenceTiming;
	const key = textParameter.call(this, 'key', itemIndex);
	const now = referenceTime.call(this, itemIndex);
	const plan = (timeZone: string) =>
		standardSequence(classStart, now, timeZone, timing).map((step) => ({
			...step,
			key,
			payload: { classStart: classStart.toISOString() },
		}));
	return { followUps: await scheduleSteps(pool, leadId, plan) };
};
