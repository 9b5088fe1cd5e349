import type { INodeProperties } from 'n8n-workflow';

import { DEDUPE_TTL_SECONDS } from './deliveries';
import { DEFAULT_MESSAGES_PER_MINUTE } from './receive';

const DEDUPE_DAYS = DEDUPE_TTL_SECONDS / 86_400;

const STATUS_OPTIONS = [
	{ name: 'Sent', value: 'sent' },
	{ name: 'Delivered', value: 'delivered' },
	{ name: 'Read', value: 'read' },
	{ name: 'Played (Voice Messages)', value: 'played' },
	{ name: 'Failed', value: 'failed' },
];

export const properties: INodeProperties[] = [
	{
		displayName:
			'Meta sends the messages of every number of a Meta app to one callback URL, so this one trigger serves all the academies of the app. With an App ID in the credential, activating the workflow registers the Production URL above with Meta. Without one, paste the Production URL into Meta App Dashboard → WhatsApp → Configuration → Callback URL, type the credential\'s Webhook Verify Token next to it, and subscribe to the "messages" field.',
		name: 'callbackNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		required: true,
		default: 'whatsapp',
		description:
			'The end of the callback URL (…/webhook/whatsapp). It stays the same when the workflow is re-imported, so the URL in Meta\'s dashboard keeps working. Use another path for a second Meta app.',
	},
	{
		displayName: 'Duplicate Check Storage',
		name: 'deliveryStore',
		type: 'options',
		options: [
			{
				name: 'Postgres',
				value: 'postgres',
				description: 'Uses the Postgres credential only',
			},
			{
				name: 'Redis, Postgres as Fallback',
				value: 'redis',
				description: 'Faster for busy numbers; Postgres takes over while Redis is unreachable',
			},
		],
		default: 'postgres',
		description: `Meta delivers the same message again when it is unsure it arrived. The trigger remembers each message ID for ${DEDUPE_DAYS} days and lets it through once, and counts messages per sender for the flood limit. The Postgres credential is always needed; the Redis one only with Redis.`,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Emit Statuses',
				name: 'emitStatuses',
				type: 'boolean',
				default: false,
				description:
					'Whether to add a second output for delivery statuses (sent, delivered, read, failed) and errors Meta reports for the number. Off, they never start the workflow.',
			},
			{
				displayName: 'Statuses to Emit',
				name: 'statuses',
				type: 'multiOptions',
				options: STATUS_OPTIONS,
				default: ['sent', 'delivered', 'read', 'played', 'failed'],
				description:
					'With Emit Statuses on, which delivery statuses start the workflow; errors Meta reports for the number always do. Meta sends sent, delivered and read for nearly every message sent, and each starts a run: leave out the ones nothing uses.',
			},
			{
				displayName: 'Messages per Minute per Sender',
				name: 'messagesPerMinute',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_MESSAGES_PER_MINUTE,
				description:
					'A sender who writes more than this in one minute is ignored until the minute is over, so a flood cannot run up AI and messaging costs. 0 turns the limit off.',
			},
		],
	},
];
