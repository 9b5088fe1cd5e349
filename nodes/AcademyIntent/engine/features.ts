/** Words that turn the next two around: "no me interesa" is an opt-out, "me interesa" is not. */
const NEGATIONS = new Set(['no', 'nao', 'not', 'don', 'dont', 'never', 'nunca', 'nem', 'ni']);
const MIN_GRAM = 3;
const MAX_GRAM = 5;

/**
 * The sparse features of one tokenized message: words, word pairs, words under a negation, and
 * the character n-grams of each word. The n-grams are what carry a misspelt or unseen word
 * ("presio", "horaros") to the words it resembles.
 */
export function featuresOf(tokens: string[]): string[] {
	const features = new Set<string>();
	for (let i = 0; i < tokens.length; i++) {
		const token = tokens[i];
		// Under a negation the words count as different words, so "interesa" alone never means opt-out.
		const word = NEGATIONS.has(tokens[i - 1]) || NEGATIONS.has(tokens[i - 2]) ? 'n' : 'w';
		features.add(`${word} ${token}`);
		if (i > 0) features.add(`${word}${tokens[i - 1]} ${token}`);
		const padded = ` ${token} `;
		for (let n = MIN_GRAM; n <= MAX_GRAM; n++) {
			for (let start = 0; start + n <= padded.length; start++)
				features.add(padded.slice(start, start + n));
		}
	}
	return [...features];
}
