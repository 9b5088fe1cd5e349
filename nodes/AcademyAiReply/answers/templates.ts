import type { Intent, LeadLanguage } from '../../shared/types';
import { PHRASES, type Phrasebook } from './phrases';

/** What staff may write in a ready-made answer, and what the node puts in its place. */
export const PLACEHOLDERS = {
	academy: "the academy's name",
	name: "the lead's name (left out when unknown)",
	prices: 'every plan with its price, one per line',
	schedule: "the class times, one line per program (only the lead's level and all-level classes when the level is known)",
	beginner_schedule: 'the beginner and all-level class times',
	time_zone: 'the time zone the class times are in, as people say it',
	address: "the academy's address",
	map: 'the map link',
	booking_link: "the lead's booking link",
	trial_policy: 'the trial class policy',
	what_to_bring: 'what to bring to the trial class',
} as const;

export type Placeholder = keyof typeof PLACEHOLDERS;

export const PLACEHOLDER_LIST = Object.keys(PLACEHOLDERS)
	.map((name) => `{${name}}`)
	.join(', ');

/** "{name}", "{ Name }" and, as n8n users often type it, "{{name}}"; with the spaces before it. */
const TOKEN = /([ \t]*)(\{+\s*([^{}\n]*?)\s*\}+)/g;

const NAMES: ReadonlySet<string> = new Set(Object.keys(PLACEHOLDERS));
const isPlaceholder = (name: string): name is Placeholder => NAMES.has(name);

/** Placeholders in `template` the node cannot fill, as written. */
export function unknownPlaceholders(template: string): string[] {
	return [...template.matchAll(TOKEN)]
		.filter((match) => !isPlaceholder(match[3].toLowerCase()))
		.map((match) => match[2]);
}

/**
 * Fills every placeholder. One with nothing to say (no name, no map link) disappears with the
 * space before it, and a line of only such placeholders disappears whole ("What to bring: " with
 * nothing to bring). Unknown placeholders stay, for the validation to refuse.
 */
export function fillTemplate(template: string, valueOf: (placeholder: Placeholder) => string): string {
	const lines = template.split('\n').flatMap((line) => {
		let found = 0;
		let filled = 0;
		const text = line.replace(TOKEN, (whole: string, space: string, _token: string, raw: string) => {
			const name = raw.toLowerCase();
			if (!isPlaceholder(name)) return whole;
			found++;
			const value = valueOf(name);
			if (!value) return '';
			filled++;
			return `${space}${value}`;
		});
		return found && !filled ? [] : [text];
	});
	return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** The built-in answer to each intent, as a template over the academy's facts. */
const BUILT_IN: Record<Intent, (say: Phrasebook) => string[]> = {
	SALUDO: (say) => [say.greeting],
	PRECIO: (say) => [`${say.pricesIntro}\n{prices}`, '{trial_policy}', say.tryInvite],
	HORARIO: (say) => [`${say.scheduleIntro}\n{schedule}`, say.tryInvite],
	UBICACION: (say) => [say.location],
	CLASE_PRUEBA: (say) => ['{trial_policy}', say.whatToBring],
	EXPERIENCIA: (say) => [say.experience, `${say.beginnerClasses}\n{beginner_schedule}`, '{trial_policy}'],
	HUMANO: (say) => [say.handOff],
	BAJA: (say) => [say.optOut],
	OTRO: (say) => [say.other],
};

export function builtInTemplate(intent: Intent, language: LeadLanguage): string {
	return BUILT_IN[intent](PHRASES[language]).join('\n\n');
}
