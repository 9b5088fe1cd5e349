import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_INSTRUCTIONS,
	DEFAULT_PERSONA,
	MODEL_INTENTS,
} from '../prompt/instructions';
import { INTENT_LABELS } from './labels';
import { readyMadeAnswersProperty } from './ready-made';

const modelOnly = { show: { answerSource: ['model'] } };

export const properties: INodeProperties[] = [
	{
		displayName: 'Answer With',
		name: 'answerSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'AI Model',
				value: 'model',
				description:
					'An OpenAI-compatible model writes the answer from the academy facts; ready-made answers stand in when it fails',
			},
			{
				name: 'Answers Without AI',
				value: 'deterministic',
				description: 'Ready-made answers built from the academy profile, in the lead\'s language',
			},
		],
		default: 'model',
		description:
			'Without an OpenAI-compatible credential (or without an API key for OpenAI) the node always answers without AI',
	},
	{
		displayName: 'Message Text',
		name: 'text',
		type: 'string',
		default: '={{ $json.message?.text ?? "" }}',
		description: 'What the lead wrote; for a photo, its caption. Voice notes are transcribed when the credential names a transcription model.',
	},
	{
		displayName: 'Intent',
		name: 'intent',
		type: 'string',
		default: '={{ $json.intent?.name ?? "OTRO" }}',
		description:
			'What the lead wants, as the Academy Intent node names it: SALUDO, PRECIO, HORARIO, UBICACION, CLASE_PRUEBA, EXPERIENCIA, HUMANO, BAJA or OTRO',
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		default: '={{ $json.intent?.language || $json.lead?.language || $json.academy?.defaultLanguage || "" }}',
		description: 'The language to answer in: es, pt or en. Anything else gets the academy\'s own language.',
	},
	{
		displayName: 'Academy Profile',
		name: 'academy',
		type: 'json',
		default: '={{ $json.academy }}',
		description: 'Prices, schedule, address and trial policy, as the Academy Lead node puts them on the item',
	},
	{
		displayName: 'Lead',
		name: 'lead',
		type: 'json',
		default: '={{ $json.lead ?? null }}',
		description: 'The lead\'s stage, name and level, as the Academy Lead node puts them on the item',
	},
	{
		displayName: 'Conversation History',
		name: 'history',
		type: 'json',
		default: '={{ $json.history ?? [] }}',
		description: 'Recent messages, oldest first, as the Academy Lead node puts them on the item',
	},
	{
		displayName: 'Booking Link',
		name: 'bookingUrl',
		type: 'string',
		default: '={{ $json.booking?.url || $json.academy?.bookingUrl || "" }}',
		description:
			'Added as a call to action for trial-class questions and interested leads: the personal link from the Cal.com node, else the academy\'s booking page',
	},
	{
		displayName: 'Media',
		name: 'media',
		type: 'json',
		default: '={{ $json.message?.media ?? null }}',
		description: 'The voice note or photo the lead sent, as the WhatsApp Cloud Trigger describes it',
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'string',
		default: '',
		placeholder: 'gpt-4o-mini',
		description: 'Leave empty to use the default model of the credential',
		displayOptions: modelOnly,
	},
	{
		displayName: 'Persona',
		name: 'persona',
		type: 'string',
		typeOptions: { rows: 2 },
		default: DEFAULT_PERSONA,
		description: 'Who the bot is, completing "You are …"',
		displayOptions: modelOnly,
	},
	{
		displayName: 'Tone',
		name: 'tone',
		type: 'options',
		options: [
			{ name: 'Brief', value: 'brief' },
			{ name: 'Energetic', value: 'energetic' },
			{ name: 'Friendly', value: 'friendly' },
			{ name: 'Professional', value: 'professional' },
		],
		default: 'friendly',
		displayOptions: modelOnly,
	},
	{
		displayName: 'Instructions per Intent',
		name: 'instructions',
		type: 'collection',
		placeholder: 'Change Instructions',
		default: {},
		description:
			'What the model should do for each intent. Hand-off (HUMANO) and opt-out (BAJA) always get the ready-made answer.',
		displayOptions: modelOnly,
		options: MODEL_INTENTS.map((intent) => ({
			displayName: INTENT_LABELS[intent],
			name: intent,
			type: 'string' as const,
			typeOptions: { rows: 3 },
			default: DEFAULT_INSTRUCTIONS[intent],
		})),
	},
	readyMadeAnswersProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Add Booking Link',
				name: 'addBookingLink',
				type: 'boolean',
				default: true,
				description: 'Whether to end trial-class answers and answers to interested leads with the booking link',
			},
			{
				displayName: 'Add Map Link',
				name: 'addMapLink',
				type: 'boolean',
				default: true,
				description: 'Whether to end location answers with the map link',
			},
			{
				displayName: 'Attempt Timeout (Seconds)',
				name: 'attemptTimeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10,
				description: 'How long one call to the model may take before it counts as failed and is retried',
			},
			{
				displayName: 'History Length',
				name: 'historyLimit',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 10,
				description: 'How many recent messages the model sees',
			},
			{
				displayName: 'Max Reply Tokens',
				name: 'maxTokens',
				type: 'number',
				typeOptions: { minValue: 50 },
				default: 400,
			},
			{
				displayName: 'Media Binary Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description:
					'Where a voice note or photo already downloaded (for example by the WhatsApp Cloud node) sits on the item. Without it, the node downloads the media with the WhatsApp Cloud API credential, when one is set.',
			},
			{
				displayName: 'Show Photos to the Model',
				name: 'imagesToModel',
				type: 'boolean',
				default: false,
				description: 'Whether to send photos to the model; turn on only for a model that can see images (for example gpt-4o-mini)',
			},
			{
				displayName: 'Slow Answer Alert (Seconds)',
				name: 'slowThreshold',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 5,
				description: 'Answers that take longer are marked slow in the output',
			},
			{
				displayName: 'Suggest Buttons',
				name: 'suggestButtons',
				type: 'boolean',
				default: true,
				description: 'Whether to suggest up to three reply buttons (prices, schedule, trial class) for the WhatsApp Cloud node',
			},
			{
				displayName: 'Temperature',
				name: 'temperature',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 1 },
				default: 0.4,
			},
			{
				displayName: 'Time Budget (Seconds)',
				name: 'timeBudget',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 25,
				description:
					'The longest a lead waits: retries stop, and the ready-made answer goes out, when the next one would not fit',
			},
			{
				displayName: 'Transcribe Voice Notes',
				name: 'transcribeVoiceNotes',
				type: 'boolean',
				default: true,
				description: 'Whether to transcribe voice notes when the credential names a transcription model',
			},
		],
	},
];
