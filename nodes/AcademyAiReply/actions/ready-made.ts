import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { INTENTS, type Intent, type LeadLanguage, type Localized } from '../../shared/types';
import { builtInTemplate, PLACEHOLDER_LIST, PLACEHOLDERS, unknownPlaceholders } from '../answers/templates';
import { INTENT_LABELS, LANGUAGE_LABELS } from './labels';
import { parameter } from '../../shared/parameter';

/** Staff's own wording per intent and language; what is missing keeps the built-in answer. */
export type ReadyMadeAnswers = Partial<Record<Intent, Localized>>;

const LANGUAGES = Object.keys(LANGUAGE_LABELS) as LeadLanguage[];

/** The editor shows a notice as HTML: line breaks have to be tags. */
const asNotice = (text: string) => text.replace(/\n/g, '<br>');

const placeholderHelp = Object.entries(PLACEHOLDERS)
	.map(([name, meaning]) => `{${name}} ${meaning}`)
	.join('; ');

export const readyMadeAnswersProperty: INodeProperties = {
	displayName: 'Ready-Made Answers',
	name: 'readyMadeAnswers',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Answer',
	default: {},
	description:
		"Your own wording, per intent and language, for the answers given without AI, for hand-off and opt-out, and whenever the model fails. Pick an intent and a language to see the built-in answer you replace. An answer that states a price, time, address or link that is not in the academy profile is not sent: the built-in one goes out, by the Fallback output.",
	options: [
		{
			displayName: 'Answer',
			name: 'answer',
			values: [
				{
					displayName: 'Intent',
					name: 'intent',
					type: 'options',
					options: INTENTS.map((intent) => ({ name: INTENT_LABELS[intent], value: intent })),
					default: 'SALUDO',
				},
				{
					displayName: 'Language',
					name: 'language',
					type: 'options',
					options: LANGUAGES.map((language) => ({ name: LANGUAGE_LABELS[language], value: language })),
					default: 'es',
					description: "The lead's language this answer is for",
				},
				...INTENTS.flatMap((intent) =>
					LANGUAGES.map(
						(language): INodeProperties => ({
							displayName: asNotice(`Built-in answer:\n${builtInTemplate(intent, language)}`),
							name: `builtIn${intent}${language}`,
							type: 'notice',
							default: '',
							displayOptions: { show: { intent: [intent], language: [language] } },
						}),
					),
				),
				{
					displayName: 'Text',
					name: 'text',
					type: 'string',
					typeOptions: { rows: 5 },
					default: '',
					placeholder: 'Leave empty to keep the built-in answer',
					description: `What the bot says. The node fills these placeholders from the academy profile and the lead: ${placeholderHelp}. A placeholder with nothing to fill is left out, and so is a line with only such placeholders.`,
				},
			],
		},
	],
};

interface Row {
	intent?: unknown;
	language?: unknown;
	text?: unknown;
}

/** The rows staff filled in, checked: every placeholder must be one the node fills. */
export function readyMadeAnswers(context: IExecuteFunctions, itemIndex: number): ReadyMadeAnswers {
	const rows = parameter(context, 'readyMadeAnswers.answer', itemIndex, []) as Row[];
	const answers: ReadyMadeAnswers = {};
	const fail = (message: string, description: string) =>
		new NodeOperationError(context.getNode(), message, { itemIndex, description });

	for (const [index, row] of rows.entries()) {
		const text = typeof row.text === 'string' ? row.text.trim() : '';
		if (!text) continue;
		const intent = row.intent as Intent;
		const language = row.language as LeadLanguage;
		if (!INTENTS.includes(intent) || !LANGUAGES.includes(language)) {
			throw fail(
				`Ready-made answer ${index + 1} has no intent or language this node knows`,
				`Pick its intent (${INTENTS.join(', ')}) and its language (${LANGUAGES.join(', ')}) from the lists.`,
			);
		}
		const which = `The ready-made answer for ${INTENT_LABELS[intent]} in ${LANGUAGE_LABELS[language]}`;
		const [unknown] = unknownPlaceholders(text);
		if (unknown) {
			throw fail(
				`${which} uses the placeholder ${unknown}, which this node does not fill. Allowed placeholders: ${PLACEHOLDER_LIST}`,
				`Correct ${unknown} in Ready-Made Answers, or remove its braces if it is not meant as a placeholder.`,
			);
		}
		if (answers[intent]?.[language]) {
			throw fail(`${which} is set twice`, 'Keep one of the two in Ready-Made Answers.');
		}
		answers[intent] = { ...answers[intent], [language]: text };
	}
	return answers;
}
