import type { INodeProperties } from 'n8n-workflow';

import { INTENTS } from '../shared/types';
import { SEED_KEYWORD_RULES } from './engine/keywords';

const intentOptions = INTENTS.map((intent) => ({ name: intent, value: intent }));
const routableIntentOptions = intentOptions.filter((option) => option.value !== 'OTRO');

export const properties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Offline Model',
				value: 'model',
				description:
					'A model trained from the built-in phrases and yours; runs inside n8n in well under a millisecond',
			},
			{
				name: 'Keywords',
				value: 'keywords',
				description:
					'Words you list per intent; simple and predictable, but misses most real messages',
			},
			{
				name: 'LLM',
				value: 'llm',
				description: 'Asks a language model through an OpenAI-compatible API for every message',
			},
			{
				name: 'Hybrid',
				value: 'hybrid',
				description:
					'The offline model first; the language model only when the offline model is unsure',
			},
		],
		default: 'model',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		default: '={{ $json.message.text }}',
		description: 'The message to classify. Messages without words (photos, stickers) go to Other.',
	},
	{
		displayName: 'Language When Unsure',
		name: 'fallbackLanguage',
		type: 'string',
		default: "={{ $json.lead?.language || 'es' }}",
		placeholder: 'es',
		description:
			'The language to report when a message does not show one (an emoji, "ok"): es, pt or en. By default the lead\'s language, else Spanish.',
	},
	{
		displayName: 'Routed Intents',
		name: 'routedIntents',
		type: 'multiOptions',
		options: routableIntentOptions,
		default: [
			'SALUDO',
			'PRECIO',
			'HORARIO',
			'UBICACION',
			'CLASE_PRUEBA',
			'EXPERIENCIA',
			'HUMANO',
			'BAJA',
		],
		description:
			'Each chosen intent gets its own output, in this order: Greeting, Price, Schedule, Location, Trial Class, Experience, Human, Opt-Out; the last output, Other, gets OTRO, every intent not chosen here, and failed items when the node continues on fail',
	},
	{
		displayName: 'Example Phrases',
		name: 'examples',
		placeholder: 'Add Examples',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		displayOptions: { show: { mode: ['model', 'hybrid'] } },
		default: {},
		description:
			'Phrases your leads use that the model gets wrong; it learns them on top of the built-in ones. The model is retrained only when these change.',
		options: [
			{
				displayName: 'Examples',
				name: 'example',
				values: [
					{
						displayName: 'Intent',
						name: 'intent',
						type: 'options',
						options: intentOptions,
						default: 'PRECIO',
					},
					{
						displayName: 'Phrases',
						name: 'phrases',
						type: 'string',
						typeOptions: { rows: 4 },
						default: '',
						placeholder: 'cuánto está la cuota\nqual o investimento',
						description: 'One phrase per line',
					},
				],
			},
		],
	},
	{
		displayName: 'Keywords',
		name: 'keywordRules',
		placeholder: 'Add Intent Keywords',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		displayOptions: { show: { mode: ['keywords'] } },
		default: { rule: SEED_KEYWORD_RULES.map(({ intent, keywords }) => ({ intent, keywords })) },
		description:
			'Whole words or phrases, separated by commas; accents and capitals do not matter. The intent with the most matches wins; none is OTRO.',
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				values: [
					{
						displayName: 'Intent',
						name: 'intent',
						type: 'options',
						options: intentOptions,
						default: 'PRECIO',
					},
					{ displayName: 'Keywords', name: 'keywords', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Confidence Threshold',
		name: 'threshold',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		displayOptions: { show: { mode: ['hybrid'] } },
		default: 0.8,
		description:
			'The language model is asked only when the offline model is less sure than this (0 to 1). If the language model fails, the offline answer is used.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Model',
				name: 'model',
				type: 'string',
				default: '',
				placeholder: 'gpt-4o-mini',
				description:
					"Language model to ask (LLM and Hybrid modes); empty uses the credential's default model",
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 20,
				description: 'How long to wait for the language model (LLM and Hybrid modes)',
			},
		],
	},
];
