import { INTENTS, type Intent } from '../../shared/types';
import { ContentCache } from './cache';
import { BUILT_IN_CORPUS, tokenized, type Example } from './corpus';
import { composeIntent, type ComposedIntent, type Scorer } from './compose';
import { featuresOf } from './features';
import { LinearModel } from './linear-model';

/** A staff phrase taught to the model, on top of the shipped corpus. */
export interface StaffExample {
	intent: Intent;
	text: string;
}

export interface OfflineModel {
	classify(text: string): ComposedIntent;
}

const models = new ContentCache<OfflineModel>();

function train(staffExamples: readonly StaffExample[]): OfflineModel {
	const examples = [
		...BUILT_IN_CORPUS,
		...staffExamples.map((e): Example => ({ ...e, language: null })).map(tokenized),
	];
	const model = LinearModel.train(
		INTENTS,
		examples.map((example) => ({ features: featuresOf(example.tokens), label: example.intent })),
	);
	const score: Scorer = (tokens) => {
		const { label, confidence } = model.best(featuresOf(tokens));
		return { intent: label, confidence };
	};
	return { classify: (text) => composeIntent(text, score) };
}

/**
 * The offline model for these staff examples: trained on first use (a few tenths of a second),
 * then shared by every item, execution and workflow with the same examples.
 */
export function offlineModel(staffExamples: readonly StaffExample[] = []): OfflineModel {
	const content = staffExamples
		.map(({ intent, text }) => ({ intent, text: text.trim() }))
		.filter(({ text }) => text.length > 0)
		.sort((a, b) => a.intent.localeCompare(b.intent) || a.text.localeCompare(b.text));
	return models.getOrBuild(content, () => train(content));
}
