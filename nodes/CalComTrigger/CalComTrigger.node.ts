import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { getEventTypesOrAll } from '../CalCom/methods/loadOptions';
import {
	academyPostgresConnectionTest,
	academyRedisConnectionTest,
} from '../shared/storage/credential-tests';
import { receive } from './delivery';
import { checkExists, create, remove } from './subscription';

export class CalComTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cal.com Booking Trigger',
		name: 'calComTrigger',
		icon: { light: 'file:../../icons/calcom.svg', dark: 'file:../../icons/calcom.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].join(", ") }}',
		description:
			'Starts the workflow when a lead books, moves, cancels or misses the trial class on Cal.com; checks the signature and drops repeated deliveries',
		defaults: { name: 'Cal.com Booking Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'calComApi', required: true },
			{ name: 'academyPostgresApi', required: true, testedBy: 'academyPostgresConnectionTest' },
			{ name: 'academyRedisApi', required: false, testedBy: 'academyRedisConnectionTest' },
		],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{
						name: 'Booking Cancelled',
						value: 'BOOKING_CANCELLED',
						description: 'The lead or the academy cancelled a booking',
					},
					{ name: 'Booking Created', value: 'BOOKING_CREATED', description: 'A lead booked' },
					{
						name: 'Booking No-Show Updated',
						value: 'BOOKING_NO_SHOW_UPDATED',
						description: 'Staff marked (or unmarked) the lead as not showing up',
					},
					{
						name: 'Booking Requested',
						value: 'BOOKING_REQUESTED',
						description: 'A lead asked for a slot that staff must confirm',
					},
					{
						name: 'Booking Rescheduled',
						value: 'BOOKING_RESCHEDULED',
						description: 'A booking moved to another time',
					},
					{
						name: 'Meeting Ended',
						value: 'MEETING_ENDED',
						description: 'The booked class is over',
					},
				],
				default: [
					'BOOKING_CREATED',
					'BOOKING_RESCHEDULED',
					'BOOKING_CANCELLED',
					'BOOKING_REQUESTED',
					'MEETING_ENDED',
					'BOOKING_NO_SHOW_UPDATED',
				],
				required: true,
			},
			{
				displayName: 'Webhook Registration',
				name: 'registration',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Automatic',
						value: 'automatic',
						description:
							'The trigger creates its webhook in Cal.com when the workflow is activated and removes it when deactivated',
					},
					{
						name: 'Created by Hand in Cal.com',
						value: 'manual',
						description:
							"You add a webhook in Cal.com → Settings → Developer → Webhooks with this node's URL and the credential's webhook secret",
					},
				],
				default: 'automatic',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Duplicate Window (Hours)',
						name: 'dedupeHours',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 72,
						description: 'A delivery repeated within this time starts no second execution',
					},
					{
						displayName: 'Emit Ping Tests',
						name: 'emitPing',
						type: 'boolean',
						default: false,
						description:
							'Whether the "Ping test" button in Cal.com starts an execution (otherwise it is only answered)',
					},
					{
						displayName: 'Event Type Name or ID',
						name: 'eventTypeId',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getEventTypesOrAll' },
						default: 0,
						description:
							'Only bookings of this event type (automatic registration). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Time Zone',
						name: 'timeZone',
						type: 'string',
						default: '',
						placeholder: 'America/Sao_Paulo',
						description:
							"The academy's time zone for the local start and end. Empty: the organiser's time zone from Cal.com.",
					},
				],
			},
		],
	};

	methods = {
		loadOptions: { getEventTypesOrAll },
		credentialTest: { academyPostgresConnectionTest, academyRedisConnectionTest },
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await remove.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receive.call(this);
	}
}
