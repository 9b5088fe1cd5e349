import type { Intent } from '../../shared/types';
import { ContentCache } from './cache';
import { composeIntent, type ComposedIntent, type Scorer } from './compose';
import { tokenize } from './normalize';

export interface KeywordRule {
	intent: Intent;
	/** Comma-separated words or phrases, as staff type them in the node. */
	keywords: string;
}

/** The intent table of the original design (seed §3.2), word for word. */
export const SEED_KEYWORD_RULES: KeywordRule[] = [
	{ intent: 'SALUDO', keywords: 'hola, buenos días, buenas' },
	{ intent: 'PRECIO', keywords: 'precio, costo, cuánto, mensualidad' },
	{ intent: 'HORARIO', keywords: 'horario, hora, cuando, días' },
	{ intent: 'UBICACION', keywords: 'donde, dirección, ubicación' },
	{ intent: 'CLASE_PRUEBA', keywords: 'probar, prueba, gratis, primera clase' },
	{ intent: 'EXPERIENCIA', keywords: 'principiante, nunca, experiencia, nivel' },
];

function occurrences(tokens: string[], phrase: string[]): number {
	let count = 0;
	for (let i = 0; i + phrase.length <= tokens.length; i++) {
		if (phrase.every((word, j) => tokens[i + j] === word)) count++;
	}
	return count;
}

/**
 * Whole-word matching, accent- and case-blind, with the same spelling clean-up as the model.
 * The rule with the most matches wins, earlier rules on a tie; nothing matched is OTRO.
 */
export function keywordClassifier(rules: readonly KeywordRule[]): (text: string) => ComposedIntent {
	return classifiers.getOrBuild(rules, () => compile(rules));
}

const classifiers = new ContentCache<(text: string) => ComposedIntent>();

function compile(rules: readonly KeywordRule[]): (text: string) => ComposedIntent {
	const compiled = rules.map((rule) => ({
		intent: rule.intent,
		phrases: rule.keywords
			.split(',')
			.map((keyword) => tokenize(keyword))
			.filter((phrase) => phrase.length > 0),
	}));
	const score: Scorer = (tokens) => {
		let best: { intent: Intent; hits: number } = { intent: 'OTRO', hits: 0 };
		for (const { intent, phrases } of compiled) {
			const hits = phrases.reduce((sum, phrase) => sum + occurrences(tokens, phrase), 0);
			if (hits > best.hits) best = { intent, hits };
		}
		return { intent: best.intent, confidence: best.hits > 0 ? 1 : 0 };
	};
	return (text) => composeIntent(text, score);
}
