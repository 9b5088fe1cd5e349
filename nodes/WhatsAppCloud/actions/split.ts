/** Where a cut reads naturally, best first: a blank line, a line end, a sentence end, a space. */
const BOUNDARIES = [/\n\s*\n/g, /\n/g, /[.!?…。！？]["'”’)\]]*\s+/g, /\s+/g];

/**
 * Splits a text into parts of at most `max` UTF-16 units, cutting at the last paragraph break
 * that fits, else at a line, a sentence end or a space, and only as a last resort inside a word
 * (never inside an emoji). Counting UTF-16 units keeps every part within WhatsApp's limit
 * however Meta counts characters.
 */
export function splitText(text: string, max: number): string[] {
	const parts: string[] = [];
	let rest = text.trim();
	while (rest.length > max) {
		const cut = cutPoint(rest, max);
		parts.push(rest.slice(0, cut).trimEnd());
		rest = rest.slice(cut).trimStart();
	}
	if (rest) parts.push(rest);
	return parts;
}

function cutPoint(text: string, max: number): number {
	const window = text.slice(0, max + 1);
	for (const boundary of BOUNDARIES) {
		let best = -1;
		for (const match of window.matchAll(boundary)) {
			// The sentence's closing marks stay with it; the spaces after may run past the limit, as they are trimmed.
			const kept = match[0].trimEnd().length;
			if (match.index > 0 && match.index + kept <= max) best = Math.min(match.index + match[0].length, max);
		}
		// A cut in the first tenth would leave a stub; a poorer boundary further on reads better.
		if (best > max / 10) return best;
	}
	const code = text.charCodeAt(max - 1);
	return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}
