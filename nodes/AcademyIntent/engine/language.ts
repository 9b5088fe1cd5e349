import { LEAD_LANGUAGES, type LeadLanguage } from '../../shared/types';
import { BUILT_IN_CORPUS } from './corpus';
import { featuresOf } from './features';
import { LinearModel } from './linear-model';

/** Below this the words fit two languages ("horario?", "ok"): the caller's fallback is a better guess. */
const LANGUAGE_CONFIDENCE = 0.4;

/**
 * One or two words ("stop", "ok", "gracias") are said across languages; a lead known to write
 * English who sends "STOP" is still an English lead, so short messages need a clearer signal.
 */
const SHORT_MESSAGE_CONFIDENCE = 0.75;

let model: LinearModel<LeadLanguage> | undefined;

/** Trained once per process from the shipped corpus; staff examples carry no language to learn from. */
function languageModel(): LinearModel<LeadLanguage> {
	model ??= LinearModel.train(
		LEAD_LANGUAGES,
		BUILT_IN_CORPUS.map((example) => ({
			features: featuresOf(example.tokens),
			label: example.language!,
		})),
	);
	return model;
}

/** The language a message is written in, or `fallback` when it has no words or too few to tell. */
export function detectLanguage(tokens: string[], fallback: LeadLanguage): LeadLanguage {
	if (!tokens.some((token) => /[a-z]/.test(token))) return fallback;
	const { label, confidence } = languageModel().best(featuresOf(tokens));
	const words = tokens.filter((token) => /[a-z]/.test(token)).length;
	return confidence >= (words <= 2 ? SHORT_MESSAGE_CONFIDENCE : LANGUAGE_CONFIDENCE) ? label : fallback;
}
