import type { Intent, LeadLanguage } from '../../shared/types';
import en from '../corpus/en.json';
import es from '../corpus/es.json';
import pt from '../corpus/pt.json';
import { tokenize } from './normalize';

export interface Example {
	text: string;
	intent: Intent;
	/** Null for staff examples, whose language nobody stated. */
	language: LeadLanguage | null;
}

export interface TokenizedExample extends Example {
	tokens: string[];
}

type CorpusFile = Partial<Record<Intent, string[]>>;

const FILES: Record<LeadLanguage, CorpusFile> = { es, pt, en };

export function tokenized(example: Example): TokenizedExample {
	return { ...example, tokens: tokenize(example.text) };
}

/** The labelled phrases shipped with the package, the model's default training data. */
export const BUILT_IN_CORPUS: readonly TokenizedExample[] = Object.entries(FILES).flatMap(
	([language, intents]) =>
		Object.entries(intents).flatMap(([intent, texts]) =>
			(texts ?? []).map((text) =>
				tokenized({ text, intent: intent as Intent, language: language as LeadLanguage }),
			),
		),
);

let corpusKeys: Set<string> | undefined;

/** Whether the shipped corpus holds this message, once spelling, case and punctuation are set aside. */
export function corpusContains(text: string): boolean {
	corpusKeys ??= new Set(BUILT_IN_CORPUS.map((example) => example.tokens.join(' ')));
	return corpusKeys.has(tokenize(text).join(' '));
}
