import OpenAI from 'openai';

import { openAiClient } from '../../shared/openai-client';
import { INTENTS, isLeadLanguage, LEAD_LANGUAGES, type Intent, type LeadLanguage } from '../../shared/types';
import type { ComposedIntent } from './compose';

export interface LlmSettings {
	apiKey: string;
	baseUrl: string;
	organization: string;
	timeoutMs: number;
}

export interface LlmIntent extends ComposedIntent {
	language: LeadLanguage;
}

const SYSTEM_PROMPT = `You classify WhatsApp messages that people send to a martial-arts academy.
The messages are in Spanish, Brazilian Portuguese or English, often with typos, slang, abbreviations and emoji.
Intents:
- SALUDO: only a greeting.
- PRECIO: price, fees, plans, discounts, payment methods.
- HORARIO: class schedule, days, opening hours, class length.
- UBICACION: address, location, how to get there, parking.
- CLASE_PRUEBA: wants a trial class, to book, visit, start or sign up.
- EXPERIENCIA: own level, experience, age, fitness, injuries, whether it suits them.
- HUMANO: wants a person, a call, the owner or the coach; asks whether this is a bot.
- BAJA: opt-out: stop messaging, unsubscribe, not interested.
- OTRO: anything else (thanks, ok, emoji, unrelated).
A greeting followed by a question is the question's intent, with SALUDO in secondary.
Answer with the main intent, the other intents the message also expresses, the language (es, pt or en) and your confidence from 0 to 1.`;

const ANSWER_SCHEMA = {
	type: 'object',
	properties: {
		intent: { type: 'string', enum: [...INTENTS] },
		secondary: { type: 'array', items: { type: 'string', enum: [...INTENTS] } },
		language: { type: 'string', enum: [...LEAD_LANGUAGES] },
		confidence: { type: 'number' },
	},
	required: ['intent', 'secondary', 'language', 'confidence'],
	additionalProperties: false,
};

/** An answer the model gave that is not the JSON it was asked for; the message says what to try. */
class LlmAnswerError extends Error {}

/** The package's shared client for the credential, with this node's timeout and one SDK retry. */
export function llmClient(settings: LlmSettings): OpenAI {
	const { apiKey, baseUrl, organization, timeoutMs } = settings;
	return openAiClient({ apiKey, baseUrl, organization }, { timeoutMs, maxRetries: 1 });
}

function isIntent(value: unknown): value is Intent {
	return typeof value === 'string' && (INTENTS as readonly string[]).includes(value);
}

function parseJson(content: string | null | undefined): Record<string, unknown> | undefined {
	try {
		const value = JSON.parse(content ?? '') as unknown;
		return value !== null && typeof value === 'object'
			? (value as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

function parseAnswer(
	content: string | null | undefined,
	fallbackLanguage: LeadLanguage,
): LlmIntent {
	const answer = parseJson(content);
	if (!answer) {
		throw new LlmAnswerError(
			'The language model did not answer with JSON. Choose a model that supports structured output (JSON schema), or use the Offline Model mode',
		);
	}
	if (!isIntent(answer.intent)) {
		throw new LlmAnswerError(
			'The language model answered with an intent this node does not know. Choose a model that supports structured output (JSON schema), or use the Offline Model mode',
		);
	}
	const intent = answer.intent;
	const secondary = Array.isArray(answer.secondary) ? answer.secondary.filter(isIntent) : [];
	const confidence =
		typeof answer.confidence === 'number' ? Math.min(1, Math.max(0, answer.confidence)) : 1;
	const language = isLeadLanguage(answer.language) ? answer.language : fallbackLanguage;
	return {
		intent,
		confidence,
		language,
		secondary: [...new Set(secondary)].filter((s) => s !== intent && s !== 'OTRO'),
	};
}

export async function classifyWithLlm(
	client: OpenAI,
	model: string,
	text: string,
	fallbackLanguage: LeadLanguage,
): Promise<LlmIntent> {
	const completion = await client.chat.completions.create({
		// No temperature: reasoning models refuse any but the default, and the schema keeps answers tight.
		model,
		messages: [
			{ role: 'system', content: SYSTEM_PROMPT },
			{ role: 'user', content: text },
		],
		response_format: {
			type: 'json_schema',
			json_schema: { name: 'intent', strict: true, schema: ANSWER_SCHEMA },
		},
	});
	return parseAnswer(completion.choices[0]?.message?.content, fallbackLanguage);
}

/** What went wrong talking to the API, in words for the person who set up the credential. */
export function describeLlmFailure(
	error: unknown,
	baseUrl: string,
): { message: string; httpCode?: string } {
	if (error instanceof OpenAI.APIConnectionTimeoutError) {
		return {
			message: `The language model at ${baseUrl} did not answer in time. Raise the timeout or check the server`,
		};
	}
	if (error instanceof OpenAI.APIConnectionError) {
		return {
			message: `Could not reach the language model at ${baseUrl}. Check the Base URL in the credential`,
		};
	}
	if (error instanceof OpenAI.APIError) {
		const httpCode = String(error.status);
		if (error.status === 401 || error.status === 403) {
			return {
				httpCode,
				message: 'The language model API refused the API key. Check the API key in the credential',
			};
		}
		if (error.status === 404) {
			return {
				httpCode,
				message:
					'The language model API does not know this model or path. Check the model name and the Base URL',
			};
		}
		if (error.status === 429) {
			return {
				httpCode,
				message:
					"The language model API is rate limiting or out of quota. Wait, or check the account's plan",
			};
		}
		return {
			httpCode,
			message: `The language model API failed with status ${httpCode}. Try again later`,
		};
	}
	return { message: (error as Error).message };
}
