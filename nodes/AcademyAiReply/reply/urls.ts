/** A link as it ends inside a sentence: the closing punctuation belongs to the sentence. */
const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}*_~]+$/;

export interface UrlMention {
	url: string;
	index: number;
}

export function findUrls(text: string): UrlMention[] {
	return [...text.matchAll(URL_PATTERN)].map((match) => ({
		url: match[0].replace(TRAILING_PUNCTUATION, ''),
		index: match.index ?? 0,
	}));
}

/** Whole-link comparison: a personal link that extends the academy's link is a different link. */
export function mentions(text: string, url: string): boolean {
	return findUrls(text).some((m) => m.url === url);
}

export function replaceUrl(text: string, from: string, to: string): string {
	let result = '';
	let cursor = 0;
	for (const mention of findUrls(text)) {
		if (mention.url !== from) continue;
		result += text.slice(cursor, mention.index) + to;
		cursor = mention.index + from.length;
	}
	return result + text.slice(cursor);
}

/** The text with its links blanked, so digits and brackets inside them are not read as claims. */
export function withoutUrls(text: string): string {
	return findUrls(text).reduce((rest, { url }) => rest.split(url).join(' '), text);
}
