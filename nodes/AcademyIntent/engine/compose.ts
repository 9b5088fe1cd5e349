import type { Intent } from '../../shared/types';
import { tokenize } from './normalize';

export interface Scored {
	intent: Intent;
	confidence: number;
}

/** Scores one run of tokens: the offline model or the keyword table. */
export type Scorer = (tokens: string[]) => Scored;

export interface ComposedIntent extends Scored {
	secondary: Intent[];
}

/** A segment below this is too unsure to count as something the person asked. */
const SEGMENT_CONFIDENCE = 0.5;
/**
 * Of two questions about equally sure, the first is the main one; a clearly surer later one wins
 * over an unsure fragment of context ("vi su publicación en Instagram y quería saber el precio").
 */
const FIRST_QUESTION_MARGIN = 0.1;
/** "hola buenas tardes cuánto sale": at most this many leading words can be the greeting. */
const GREETING_WORDS = 3;
// Sentence ends, commas, line breaks (a burst of messages joined), and "and"/"or" in the three languages.
// Spanish "o" is left out: it is also the Portuguese article ("qual o valor").
const SEGMENT_BREAK = /[\n\r.!?¿¡;,:]+|\s(?:y|e|and|ou|or)\s/iu;

function isBusiness(scored: Scored): boolean {
	return (
		scored.intent !== 'SALUDO' &&
		scored.intent !== 'OTRO' &&
		scored.confidence >= SEGMENT_CONFIDENCE
	);
}

/** A leading greeting glued to a question ("hola cuanto sale") becomes a segment of its own. */
function splitGreeting(tokens: string[], score: Scorer): Scored[] {
	const whole = score(tokens);
	if (whole.intent === 'SALUDO') return [whole];
	for (let n = Math.min(GREETING_WORDS, tokens.length - 1); n >= 1; n--) {
		const greeting = score(tokens.slice(0, n));
		if (greeting.intent !== 'SALUDO' || greeting.confidence < SEGMENT_CONFIDENCE) continue;
		const rest = score(tokens.slice(n));
		if (isBusiness(rest)) return [greeting, rest];
	}
	return [whole];
}

/**
 * The intent of a whole message and the other things it asks. A business question wins over a
 * greeting ("hola, cuánto sale?" is PRECIO with SALUDO secondary), and a message that asks
 * two things keeps the second as secondary.
 */
export function composeIntent(text: string, score: Scorer): ComposedIntent {
	const whole = score(tokenize(text));
	const segments = text
		.split(SEGMENT_BREAK)
		.map((part) => tokenize(part))
		.filter((tokens) => tokens.length > 0)
		.flatMap((tokens) => splitGreeting(tokens, score));
	const asked = segments.filter((s) => s.intent !== 'OTRO' && s.confidence >= SEGMENT_CONFIDENCE);
	const business = asked.filter(isBusiness);
	const surest = Math.max(0, ...business.map((s) => s.confidence));
	const primary = business.find((s) => s.confidence >= surest - FIRST_QUESTION_MARGIN) ?? whole;
	const secondary: Intent[] = [];
	for (const { intent } of asked) {
		if (intent !== primary.intent && !secondary.includes(intent)) secondary.push(intent);
	}
	return { intent: primary.intent, confidence: primary.confidence, secondary };
}
