import { Info } from 'luxon';

import type { ClassSlot, LeadLanguage, Localized, Money, PricePlan } from '../../shared/types';

const LOCALES: Record<LeadLanguage, string> = { es: 'es-419', pt: 'pt-BR', en: 'en-US' };

export const LANGUAGE_NAMES: Record<LeadLanguage, string> = {
	es: 'Spanish',
	pt: 'Portuguese',
	en: 'English',
};

/** Building an Intl formatter costs far more than using one; an answer uses dozens. */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>();

function formatter<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>(key: string, create: () => T): T {
	let found = formatters.get(key) as T | undefined;
	if (!found) {
		found = create();
		formatters.set(key, found);
	}
	return found;
}

/** Integer prices print without cents; the symbol is the short one a local would write ($, R$, €). */
export function formatMoney(money: Money, language: LeadLanguage): string {
	const fractionDigits = Number.isInteger(money.amount) ? 0 : 2;
	const numbers = formatter(
		`money ${language} ${money.currency} ${fractionDigits}`,
		() =>
			new Intl.NumberFormat(LOCALES[language], {
				style: 'currency',
				currency: money.currency,
				currencyDisplay: 'narrowSymbol',
				minimumFractionDigits: fractionDigits,
				maximumFractionDigits: fractionDigits,
			}),
	);
	return numbers
		.format(money.amount)
		.replace(/\s/g, ' ');
}

function parseClock(hhmm: string): { hour: number; minute: number } {
	const [hour, minute] = hhmm.split(':').map(Number);
	return { hour, minute };
}

/** 24-hour clock in Spanish and Portuguese, 12-hour with AM/PM in English, as each audience reads it. */
export function formatTime(hhmm: string, language: LeadLanguage): string {
	const { hour, minute } = parseClock(hhmm);
	const mm = String(minute).padStart(2, '0');
	if (language !== 'en') return `${String(hour).padStart(2, '0')}:${mm}`;
	return `${hour % 12 === 0 ? 12 : hour % 12}:${mm} ${hour < 12 ? 'AM' : 'PM'}`;
}

export function formatTimeRange(start: string, end: string, language: LeadLanguage): string {
	const from = formatTime(start, language);
	const to = formatTime(end, language);
	const sameMeridiem = language === 'en' && from.slice(-2) === to.slice(-2);
	return `${sameMeridiem ? from.slice(0, -3) : from}–${to}`;
}

/** The zone as people name it ("Eastern Time", "hora oriental", "Horário do Leste"), the same all year. */
export function timeZoneWording(timeZone: string, language: LeadLanguage): string {
	const zones = formatter(
		`zone ${language} ${timeZone}`,
		() => new Intl.DateTimeFormat(LOCALES[language], { timeZone, timeZoneName: 'longGeneric' }),
	);
	const part = zones
		.formatToParts(new Date())
		.find((p) => p.type === 'timeZoneName');
	return part?.value ?? timeZone;
}

export function joinList(items: string[], language: LeadLanguage): string {
	return formatter(`list ${language}`, () => new Intl.ListFormat(LOCALES[language], { type: 'conjunction' })).format(items);
}

/** Staff text in the lead's language, else the academy's own language, else whatever was written. */
export function pickLocalized(text: Localized | undefined, language: LeadLanguage, fallback: LeadLanguage): string {
	if (!text) return '';
	return text[language] || text[fallback] || Object.values(text).find(Boolean) || '';
}

function weekdayName(weekday: number, language: LeadLanguage): string {
	return Info.weekdays('short', { locale: LOCALES[language] })[weekday - 1].replace(/\.$/, '');
}

type LevelKey = 'beginner' | 'intermediate' | 'advanced' | 'all';

const LEVEL_ALIASES: Array<[LevelKey, RegExp]> = [
	['beginner', /begin|fundament|basic|básic|basico|princip|inicia|novice|white|blanc|branc|iniciante/i],
	['intermediate', /intermed/i],
	['advanced', /advan|avanz|avanç|competi|blue\+|purple|brown|black/i],
	['all', /all|todo|mixed|mixto|misto|open|libre|livre/i],
];

const LEVEL_LABELS: Record<LevelKey, Record<LeadLanguage, string>> = {
	beginner: { es: 'principiantes', pt: 'iniciantes', en: 'beginners' },
	intermediate: { es: 'intermedios', pt: 'intermediários', en: 'intermediate' },
	advanced: { es: 'avanzados', pt: 'avançados', en: 'advanced' },
	all: { es: 'todos los niveles', pt: 'todos os níveis', en: 'all levels' },
};

/** Staff write levels freely ("Fundamentals", "todos", "white belt"); this finds the common ones. */
export function levelKey(level: string | null | undefined): LevelKey | null {
	if (!level) return null;
	return LEVEL_ALIASES.find(([, pattern]) => pattern.test(level))?.[0] ?? null;
}

export function levelLabel(level: string, language: LeadLanguage): string {
	const key = levelKey(level);
	return key ? LEVEL_LABELS[key][language] : level;
}

const PERIOD_LABELS: Record<string, Record<LeadLanguage, string>> = {
	month: { es: 'por mes', pt: 'por mês', en: 'per month' },
	year: { es: 'por año', pt: 'por ano', en: 'per year' },
	week: { es: 'por semana', pt: 'por semana', en: 'per week' },
	class: { es: 'por clase', pt: 'por aula', en: 'per class' },
	day: { es: 'por día', pt: 'por dia', en: 'per day' },
};

export function priceLine(plan: PricePlan, language: LeadLanguage): string {
	const period = PERIOD_LABELS[plan.period]?.[language] ?? `/ ${plan.period}`;
	const description = plan.description ? ` (${plan.description})` : '';
	return `• ${plan.names?.[language] || plan.name}: ${formatMoney(plan.price, language)} ${period}${description}`;
}

/**
 * One line per program and level, days that share hours joined ("Mon, Wed, and Fri 7:00–8:00 AM"),
 * in the order staff listed the classes.
 */
export function scheduleLines(slots: ClassSlot[], language: LeadLanguage): string[] {
	const groups = new Map<string, { program: string; level: string; hours: Map<string, number[]> }>();
	for (const slot of slots) {
		const key = `${slot.program}\u0000${slot.level}`;
		const group = groups.get(key) ?? { program: slot.program, level: slot.level, hours: new Map() };
		groups.set(key, group);
		const range = formatTimeRange(slot.start, slot.end, language);
		group.hours.set(range, [...(group.hours.get(range) ?? []), slot.weekday]);
	}
	return [...groups.values()].map(({ program, level, hours }) => {
		const times = [...hours.entries()].map(([range, weekdays]) => {
			const days = [...new Set(weekdays)].sort((a, b) => a - b).map((d) => weekdayName(d, language));
			return `${joinList(days, language)} ${range}`;
		});
		return `• ${program} (${levelLabel(level, language)}): ${times.join('; ')}`;
	});
}
