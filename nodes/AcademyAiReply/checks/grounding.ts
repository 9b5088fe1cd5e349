import type { AcademyProfile } from '../../shared/types';
import { findUrls, withoutUrls } from '../reply/urls';

/**
 * Facts a reply may state, taken from the academy's profile: a model that writes a price, a class
 * time, an address or a link that is not in here made it up.
 */
export interface Facts {
	amounts: number[];
	percentages: number[];
	/** Minutes after midnight of every class start and end and of every time staff wrote. */
	minutes: Set<number>;
	addressNumbers: Set<string>;
	addressWords: Set<string>;
	urls: Set<string>;
	/** Staff promise something free for ever themselves (rare, but then the model may repeat it). */
	freeForever: boolean;
}

export interface GroundingIssue {
	code: 'price' | 'percentage' | 'time' | 'address' | 'link' | 'free_forever';
	value: string;
}

// Intl prints no-break and narrow no-break spaces inside prices and times.
const normalizeSpaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const fold = (text: string) =>
	text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase();

// ---------------------------------------------------------------------------------------------
// Money

const NUMBER = String.raw`\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const THOUSANDS = String.raw`(?:\s?(?:k|mil|thousand)\b)?`;
const SYMBOL_BEFORE = String.raw`(?:US\$|R\$|A\$|C\$|AR\$|MX\$|USD|BRL|EUR|ARS|MXN|CLP|COP|PEN|UYU|GBP|\$|€|£)`;
const WORD_AFTER = String.raw`(?:USD|BRL|EUR|ARS|MXN|US\$|€|d[oó]lares|dollars?|bucks|reais|real|euros?|pesos?)`;
// Only month, year and class: "2 por semana" is how often, not what it costs.
const PERIOD_AFTER = String.raw`(?:\/|por|al|per|ao|an?|each|cada)\s?(?:mes|m[eê]s|month|mo|año|ano|year|yr|clase|aula|class)(?!\p{L})`;

const MONEY_PATTERNS = [
	new RegExp(String.raw`(?<!\p{L})${SYMBOL_BEFORE}\s?(${NUMBER})(${THOUSANDS})`, 'giu'),
	new RegExp(String.raw`(?<![\d.,:])(${NUMBER})(${THOUSANDS})\s?${WORD_AFTER}(?!\p{L})`, 'giu'),
	new RegExp(String.raw`(?<![\d.,:$€£])(${NUMBER})(${THOUSANDS})\s?${PERIOD_AFTER}`, 'giu'),
];

/** "1.890,00", "1,890", "189.00", "45 mil": a separator before three digits groups, before one or two it is the decimal point. */
export function parseAmount(raw: string, thousands = ''): number {
	const digits = raw.replace(/\s/g, '');
	const last = Math.max(digits.lastIndexOf('.'), digits.lastIndexOf(','));
	let value: number;
	if (last < 0 || digits.length - last - 1 === 3) value = Number(digits.replace(/[.,]/g, ''));
	else value = Number(`${digits.slice(0, last).replace(/[.,]/g, '')}.${digits.slice(last + 1)}`);
	return thousands.trim() ? value * 1000 : value;
}

export function moneyAmounts(text: string): Array<{ amount: number; raw: string }> {
	const normalized = normalizeSpaces(text);
	const found = new Map<number, { amount: number; raw: string }>();
	for (const pattern of MONEY_PATTERNS) {
		for (const match of normalized.matchAll(pattern)) {
			const amount = parseAmount(match[1], match[2]);
			if (!found.has(amount)) found.set(amount, { amount, raw: match[0].trim() });
		}
	}
	return [...found.values()];
}

function percentages(text: string): Array<{ value: number; raw: string }> {
	return [...normalizeSpaces(text).matchAll(/(\d+(?:[.,]\d+)?)\s?%/g)].map((m) => ({
		value: Number(m[1].replace(',', '.')),
		raw: m[0],
	}));
}

// ---------------------------------------------------------------------------------------------
// Times of day

interface StatedTime {
	hour: number;
	minute: number;
	/** 'am' / 'pm' when written; null when the hour alone is ambiguous (7 may be 7:00 or 19:00). */
	meridiem: 'am' | 'pm' | null;
	raw: string;
}

const MERIDIEM = String.raw`([ap])\.?\s?m\.?(?!\p{L})`;
const TIME_PATTERNS: Array<{ pattern: RegExp; minHour?: number }> = [
	{ pattern: new RegExp(String.raw`(?<![\d.,$€])(\d{1,2})[:h](\d{2})(?!\d)(?:\s?${MERIDIEM})?`, 'giu') },
	{ pattern: new RegExp(String.raw`(?<![\d.,:$€])(\d{1,2})()\s?${MERIDIEM}`, 'giu') },
	// "19h" is a time, "1h" is how long a class lasts.
	{ pattern: /(?<![\d.,:$€])(\d{1,2})h()(?![\p{L}\d])/giu, minHour: 5 },
	{ pattern: /(?:a las|a la|às|at)\s(\d{1,2})()(?![\d:.,h%]|\s?(?:[ap]\.?\s?m|años|anos|years|min))/giu },
];

export function statedTimes(text: string): StatedTime[] {
	const normalized = normalizeSpaces(text);
	const found: StatedTime[] = [];
	for (const { pattern, minHour = 0 } of TIME_PATTERNS) {
		for (const match of normalized.matchAll(pattern)) {
			const hour = Number(match[1]);
			const minute = match[2] ? Number(match[2]) : 0;
			if (hour < minHour || hour > 23 || minute > 59) continue;
			const meridiem = match[3] ? (match[3].toLowerCase() as 'a' | 'p') : null;
			found.push({ hour, minute, meridiem: meridiem && (meridiem === 'a' ? 'am' : 'pm'), raw: match[0].trim() });
		}
	}
	return found;
}

function candidates({ hour, minute, meridiem }: StatedTime): number[] {
	if (meridiem && hour <= 12) return [((hour % 12) + (meridiem === 'pm' ? 12 : 0)) * 60 + minute];
	if (hour >= 13 || hour === 0) return [hour * 60 + minute];
	return [hour * 60 + minute, ((hour % 12) + 12) * 60 + minute];
}

const minutesOf = (hhmm: string) => {
	const [h, m] = hhmm.split(':').map(Number);
	return h * 60 + m;
};

// ---------------------------------------------------------------------------------------------
// Addresses

const STREET_SUFFIXES = ['St', 'Street', 'Ave', 'Avenue', 'Av', 'Rd', 'Road', 'Blvd', 'Boulevard', 'Dr', 'Drive', 'Ln', 'Lane', 'Way', 'Ct', 'Court', 'Pl', 'Place', 'Pkwy', 'Parkway', 'Hwy', 'Highway', 'Ter', 'Terrace'];
// Capitalised or upper case only: "a 5 minute drive" is no address, "27th Ave" is.
const STREET_AFTER = `(?:${STREET_SUFFIXES.flatMap((s) => [s, s.toUpperCase()]).join('|')})`;
const STREET_BEFORE = String.raw`(?:calle|avenida|avda|av|rua|travessa|alameda|estrada|rodovia|pra[çc]a|plaza|pasaje|carrera|jir[oó]n|diagonal)`;
const ADDRESS_PATTERNS = [
	// 2451 SW 27th Ave
	new RegExp(
		String.raw`(?<![\d.,:$€])\d{1,6}\s(?:[NSEW]{1,2}\.?\s)?(?:\d{1,3}(?:st|nd|rd|th)\s|\p{Lu}[\p{L}'-]*\s){0,3}${STREET_AFTER}\b\.?`,
		'gu',
	),
	// Rua Augusta, 500 · Av. Corrientes 1234
	new RegExp(String.raw`\b${STREET_BEFORE}\.?\s(?:[\p{L}'.-]+[\s,]+){1,5}?(?:n[º°o]?\.?\s?)?\d{1,5}\b`, 'giu'),
	// Suite 200 · sala 12 · piso 3
	/\b(?:suite|ste|apt|unit|piso|andar|sala|oficina|local|loja)\.?\s?#?\s?\d{1,5}\b/giu,
];
const STREET_WORDS = new RegExp(String.raw`^(?:${STREET_SUFFIXES.join('|')}|${STREET_BEFORE}|suite|ste|apt|unit|piso|andar|sala|oficina|local|loja|n[º°o])$`, 'iu');

function addressTokens(text: string): { numbers: string[]; words: string[] } {
	const tokens = fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
	return {
		numbers: tokens.filter((t) => /\d/.test(t)).map((t) => t.replace(/\D/g, '')),
		words: tokens.filter((t) => !/\d/.test(t) && t.length >= 3 && !STREET_WORDS.test(t)),
	};
}

// ---------------------------------------------------------------------------------------------

const FREE = String.raw`(?:gr[aá]tis|gratuit[ao]s?|free|de gra[cç]a|sin costo|sin cargo|no cost)`;
const FOREVER = String.raw`(?:para siempre|para sempre|pra sempre|forever|for ever|for life|lifetime|de por vida|vital[ií]ci[ao])`;
const FREE_FOREVER = new RegExp(
	String.raw`${FREE}(?:[^.!?\n]{0,40})${FOREVER}|${FOREVER}(?:[^.!?\n]{0,40})${FREE}`,
	'iu',
);

function staffTexts(academy: AcademyProfile): string[] {
	return [
		...Object.values(academy.trialPolicy ?? {}),
		...Object.values(academy.whatToBring ?? {}),
		...academy.prices.flatMap((plan) => [plan.name, ...Object.values(plan.names ?? {}), plan.description ?? '']),
	].filter((text): text is string => Boolean(text));
}

export function factsOf(academy: AcademyProfile, extraUrls: Array<string | null>): Facts {
	const texts = staffTexts(academy);
	const minutes = new Set<number>();
	for (const slot of academy.schedule) minutes.add(minutesOf(slot.start)).add(minutesOf(slot.end));
	for (const time of texts.flatMap(statedTimes)) candidates(time).forEach((m) => minutes.add(m));
	const address = addressTokens(academy.address);
	return {
		amounts: [
			0,
			...academy.prices.map((plan) => plan.price.amount),
			...texts.flatMap(moneyAmounts).map((m) => m.amount),
		],
		percentages: texts.flatMap(percentages).map((p) => p.value),
		minutes,
		addressNumbers: new Set(address.numbers),
		addressWords: new Set(address.words),
		urls: new Set([academy.mapUrl, academy.bookingUrl, ...extraUrls].filter((u): u is string => Boolean(u))),
		freeForever: texts.some((text) => FREE_FOREVER.test(text)),
	};
}

/** Every price, percentage, time, address and link the reply states that the profile does not hold. */
export function ungroundedClaims(text: string, facts: Facts): GroundingIssue[] {
	const issues: GroundingIssue[] = [];
	for (const { url } of findUrls(text)) if (!facts.urls.has(url)) issues.push({ code: 'link', value: url });
	const prose = withoutUrls(text);

	for (const { amount, raw } of moneyAmounts(prose)) {
		if (!facts.amounts.some((known) => Math.abs(known - amount) < 0.005)) issues.push({ code: 'price', value: raw });
	}
	for (const { value, raw } of percentages(prose)) {
		if (!facts.percentages.includes(value)) issues.push({ code: 'percentage', value: raw });
	}
	for (const time of statedTimes(prose)) {
		if (!candidates(time).some((m) => facts.minutes.has(m))) issues.push({ code: 'time', value: time.raw });
	}
	for (const pattern of ADDRESS_PATTERNS) {
		for (const match of prose.matchAll(pattern)) {
			const { numbers, words } = addressTokens(match[0]);
			const grounded =
				numbers.every((n) => facts.addressNumbers.has(n)) && words.every((w) => facts.addressWords.has(w));
			if (!grounded) issues.push({ code: 'address', value: match[0].trim() });
		}
	}
	if (!facts.freeForever && FREE_FOREVER.test(prose)) {
		issues.push({ code: 'free_forever', value: FREE_FOREVER.exec(prose)![0] });
	}
	return issues;
}
