import type OpenAI from 'openai';

import type { IntentResult, LeadLanguage } from '../../shared/types';
import type { ComposedIntent } from './compose';
import { keywordClassifier, type KeywordRule } from './keywords';
import { detectLanguage } from './language';
import { classifyWithLlm } from './llm';
import { tokenize } from './normalize';
import { offlineModel, type StaffExample } from './offline';

export type ClassifierMode = 'model' | 'keywords' | 'llm' | 'hybrid';

export interface ClassifyOptions {
	mode: ClassifierMode;
	/** The language to report when the words do not tell (emoji, "ok"). */
	fallbackLanguage: LeadLanguage;
	staffExamples?: readonly StaffExample[];
	keywordRules?: readonly KeywordRule[];
	llm?: { client: OpenAI; model: string };
	/** Hybrid mode asks the LLM only when the offline model is less sure than this. */
	threshold?: number;
	/** Hybrid mode keeps the offline answer when the LLM fails, and reports the failure here. */
	onLlmFailure?: (error: unknown) => void;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

function result(composed: ComposedIntent, language: LeadLanguage, mode: IntentResult['mode']): IntentResult {
	return { name: composed.intent, confidence: round(composed.confidence), language, secondary: composed.secondary, mode };
}

async function askLlm(text: string, options: ClassifyOptions): Promise<IntentResult> {
	if (!options.llm) throw new Error('LLM mode needs an OpenAI-compatible credential');
	const answer = await classifyWithLlm(options.llm.client, options.llm.model, text, options.fallbackLanguage);
	return result(answer, answer.language, 'llm');
}

/**
 * One message's intent in the chosen mode. In hybrid mode `mode` says who answered: `model`
 * when the offline model was sure enough, `llm` when the LLM was asked.
 */
export async function classifyText(text: string, options: ClassifyOptions): Promise<IntentResult> {
	const tokens = tokenize(text);
	if (!tokens.length && !text.trim()) {
		// Photos, voice notes and stickers arrive without words: nothing to ask anyone about.
		const mode = options.mode === 'hybrid' ? 'model' : options.mode;
		return { name: 'OTRO', confidence: 1, language: options.fallbackLanguage, secondary: [], mode };
	}
	if (options.mode === 'llm') return askLlm(text, options);
	const language = detectLanguage(tokens, options.fallbackLanguage);
	if (options.mode === 'keywords') {
		return result(keywordClassifier(options.keywordRules ?? [])(text), language, 'keywords');
	}
	const offline = result(offlineModel(options.staffExamples).classify(text), language, 'model');
	if (options.mode === 'model' || offline.confidence >= (options.threshold ?? 0)) return offline;
	try {
		return await askLlm(text, options);
	} catch (error) {
		options.onLlmFailure?.(error);
		return offline;
	}
}
