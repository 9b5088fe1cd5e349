import { PHRASES } from '../answers/phrases';
import type { ReplyContext } from './context';
import { findUrls, mentions, replaceUrl } from './urls';

export interface LinkOptions {
	addBookingLink: boolean;
	addMapLink: boolean;
}

/** WhatsApp shows markdown links literally and bolds with single asterisks. */
function tidy(text: string): string {
	return text
		.replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (_, label: string, url: string) =>
			label.trim() === url ? url : `${label.trim()}: ${url}`,
		)
		.replace(/\*\*([^*\n]+)\*\*/g, '*$1*')
		.replace(/[ \t]+$/gm, '')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

/**
 * Keeps the first mention of `url`. A later line that only repeats it (a second call to action)
 * goes; from a longer line only the link goes.
 */
function keepFirstMention(text: string, url: string): string {
	let seen = false;
	const lines: string[] = [];
	for (const line of text.split('\n')) {
		const count = findUrls(line).filter((m) => m.url === url).length;
		if (!count) {
			lines.push(line);
			continue;
		}
		const rest = replaceUrl(line, url, '').replace(/ {2,}/g, ' ').trim();
		if (!seen) {
			seen = true;
			lines.push(count === 1 ? line : `${rest} ${url}`);
			continue;
		}
		if (rest.replace(/[^\p{L}\p{N}]/gu, '').length > 30) lines.push(rest);
	}
	return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

export function wantsBookingLink(context: ReplyContext): boolean {
	if (context.intent === 'HUMANO' || context.intent === 'BAJA') return false;
	return context.intent === 'CLASE_PRUEBA' || context.lead?.state === 'INTERESTED';
}

/**
 * The last step before validation, the same for model and ready-made answers: the booking link as
 * a call to action when the lead wants a trial or is INTERESTED, the map link for location
 * questions, each at most once. The personal booking link replaces the academy's generic one,
 * because only the personal one brings the booking back to this lead.
 */
export function finishReply(text: string, context: ReplyContext, options: LinkOptions): string {
	const say = PHRASES[context.language];
	const { bookingUrl } = context;
	const { mapUrl, bookingUrl: academyBookingUrl } = context.academy;
	let result = tidy(text);
	if (bookingUrl && academyBookingUrl && bookingUrl !== academyBookingUrl) {
		result = replaceUrl(result, academyBookingUrl, bookingUrl);
	}
	for (const url of [bookingUrl, mapUrl]) if (url) result = keepFirstMention(result, url);

	if (options.addBookingLink && bookingUrl && wantsBookingLink(context) && !mentions(result, bookingUrl)) {
		result = `${result}\n\n${say.bookingCta(bookingUrl)}`;
	}
	if (options.addMapLink && mapUrl && context.intent === 'UBICACION' && !mentions(result, mapUrl)) {
		result = `${result}\n\n${say.mapCta(mapUrl)}`;
	}
	return result;
}
