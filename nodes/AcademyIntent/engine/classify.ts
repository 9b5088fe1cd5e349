import type { IntentResult, LeadLanguage } from '../../shared/types';
import type { ComposedIntent } from './compose';
import { keywordClassifier, SEED_KEYWORD_RULES, type KeywordRule } from './keywords';
import { detectLanguage } from './language';
import type { LlmIntent } from './llm';
import { tokenize } from './normalize';
import { offlineModel, type StaffExample } from './offline';

export type ClassifierMode = 'model' | 'keywords' | 'llm' | 'hybrid';

export interface ClassifyOptions {
	mode: ClassifierMode;
	/** The language to report when the words do not tell (emoji, "ok"). */
	fallbackLanguage: LeadLanguage;
	staffExamples?: readonly StaffExample[];
	keywordRules?: readonly KeywordRule[];
	/** Asks the language model (LLM and hybrid modes); kept out of here so offline use never loads its SDK. */
	askLlm?: (text: string, fallbackLanguage: LeadLanguage) => Promise<LlmIntent>;
	/** Hybrid mode asks the LLM only when the offline model is less sure than this. */
	threshold?: number;
	/** Hybrid mode keeps the offline answer when the LLM fails, and reports the failure here. */
	onLlmFailure?: (error: unknown) => void;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

function result(
	composed: ComposedIntent,
	language: LeadLanguage,
	mode: IntentResult['mode'],
): IntentResult {
	return {
		name: composed.intent,
		confidence: round(composed.confidence),
		language,
		secondary: composed.secondary,
		mode,
	};
}

async function askLlm(text: string, options: ClassifyOptions): Promise<IntentResult> {
	if (!options.askLlm) throw new Error('LLM mode needs an OpenAI-compatible credential');
	const answer = await options.askLlm(text, options.fallbackLanguage);
	return result(answer, answer.language, 'llm');
}

export type OfflineOptions = Pick<
	ClassifyOptions,
	'fallbackLanguage' | 'staffExamples' | 'keywordRules'
> & {
	mode: 'model' | 'keywords';
};

function wordless(
	text: string,
	tokens: string[],
	fallbackLanguage: LeadLanguage,
	mode: IntentResult['mode'],
): IntentResult | undefined {
	// Photos, voice notes and stickers arrive without words: nothing to ask anyone about.
	if (tokens.length || text.trim()) return undefined;
	return { name: 'OTRO', confidence: 1, language: fallbackLanguage, secondary: [], mode };
}

/** One message's intent from the offline model or the keyword table, synchronously. */
export function classifyOffline(text: string, options: OfflineOptions): IntentResult {
	const tokens = tokenize(text);
	const empty = wordless(text, tokens, options.fallbackLanguage, options.mode);
	if (empty) return empty;
	const language = detectLanguage(tokens, options.fallbackLanguage);
	const composed =
		options.mode === 'keywords'
			? keywordClassifier(options.keywordRules ?? SEED_KEYWORD_RULES)(text)
			: offlineModel(options.staffExamples).classify(text);
	return result(composed, language, options.mode);
}

/**
 * One message's intent in the chosen mode. In hybrid mode `mode` says who answered: `model`
 * when the offline model was sure enough, `llm` when the LLM was asked.
 */
export async function classifyText(text: string, options: ClassifyOptions): Promise<IntentResult> {
	if (options.mode !== 'llm' && options.mode !== 'hybrid')
		return classifyOffline(text, { ...options, mode: options.mode });
	const empty = wordless(
		text,
		tokenize(text),
		options.fallbackLanguage,
		options.mode === 'hybrid' ? 'model' : 'llm',
	);
	if (empty) return empty;
	if (options.mode === 'llm') return askLlm(text, options);
	const offline = classifyOffline(text, { ...options, mode: 'model' });
	if (offline.confidence >= (options.threshold ?? 0)) return offline;
	try {
		return await askLlm(text, options);
	} catch (error) {
		options.onLlmFailure?.(error);
		return offline;
	}
}
