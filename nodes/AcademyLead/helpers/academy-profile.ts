import { IANAZone } from 'luxon';

import { isLeadLanguage, type AcademyProfile, type ClassSlot, type LeadLanguage, type Localized, type PricePlan } from '../../shared/types';

export type AcademyFields = Omit<AcademyProfile, 'id'>;
export type AcademyPatch = Partial<AcademyFields>;

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

const DEFAULTS: Omit<AcademyFields, 'name' | 'phoneNumberId' | 'timeZone'> = {
	languages: ['es'],
	defaultLanguage: 'es',
	address: '',
	mapUrl: '',
	schedule: [],
	prices: [],
	trialPolicy: {},
	whatToBring: {},
	bookingUrl: '',
	ownerNumber: '',
	staffNumbers: [],
	templates: {},
	quietHours: { start: '21:00', end: '09:00' },
};

function fail(message: string): never {
	throw new Error(`Academy profile: ${message}`);
}

function text(value: unknown, field: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string') fail(`${field} must be text`);
	return value.trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function phone(value: unknown, field: string): string {
	const digits = text(value, field).replace(/[\s()+-]/g, '');
	if (digits && !/^\d{6,15}$/.test(digits)) fail(`${field} must be a phone number with country code, digits only`);
	return digits;
}

function url(value: unknown, field: string): string {
	const link = text(value, field);
	if (link && !/^https?:\/\/\S+$/.test(link)) fail(`${field} must be a link starting with https://`);
	return link;
}

function clock(value: unknown, field: string): string {
	const time = text(value, field);
	if (!CLOCK.test(time)) fail(`${field} must be a time like 07:30 (24-hour clock)`);
	return time;
}

function localized(value: unknown, field: string): Localized {
	if (value === undefined || value === null) return {};
	if (!isRecord(value)) fail(`${field} must be an object with texts per language, e.g. {"es": "…", "en": "…"}`);
	const result: Localized = {};
	for (const [language, words] of Object.entries(value)) {
		if (!isLeadLanguage(language)) fail(`${field} has language "${language}"; use es, pt or en`);
		result[language] = text(words, `${field}.${language}`);
	}
	return result;
}

function languages(value: unknown): LeadLanguage[] {
	const list = typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value;
	if (!Array.isArray(list) || list.length === 0) fail('languages must list at least one of es, pt, en');
	for (const language of list) {
		if (!isLeadLanguage(language)) fail(`language "${String(language)}" is not supported; use es, pt or en`);
	}
	return [...new Set(list as LeadLanguage[])];
}

function schedule(value: unknown): ClassSlot[] {
	if (!Array.isArray(value)) fail('schedule must be a list of classes');
	return value.map((slot: unknown, index) => {
		const where = `schedule entry ${index + 1}`;
		if (!isRecord(slot)) fail(`${where} must be an object with program, level, weekday, start and end`);
		const weekday = Number(slot.weekday);
		if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
			fail(`${where} has weekday ${String(slot.weekday)}; use 1 (Monday) to 7 (Sunday)`);
		}
		const start = clock(slot.start, `${where} start`);
		const end = clock(slot.end, `${where} end`);
		if (end <= start) fail(`${where} ends before it starts`);
		return { program: text(slot.program, `${where} program`), level: text(slot.level, `${where} level`), weekday, start, end };
	});
}

function prices(value: unknown): PricePlan[] {
	if (!Array.isArray(value)) fail('prices must be a list of plans');
	return value.map((plan: unknown, index) => {
		const where = `price plan ${index + 1}`;
		if (!isRecord(plan) || !isRecord(plan.price)) fail(`${where} must have a name, a price {amount, currency} and a period`);
		const amount = Number(plan.price.amount);
		if (!Number.isFinite(amount) || amount < 0) fail(`${where} has no valid amount`);
		const currency = text(plan.price.currency, `${where} currency`).toUpperCase();
		if (!/^[A-Z]{3}$/.test(currency)) fail(`${where} currency must be a three-letter code like ARS, BRL or USD`);
		const result: PricePlan = {
			name: text(plan.name, `${where} name`),
			price: { amount, currency },
			period: text(plan.period, `${where} period`) || 'month',
		};
		if (plan.description) result.description = text(plan.description, `${where} description`);
		if (plan.names !== undefined) result.names = localized(plan.names, `${where} names`);
		return result;
	});
}

function templates(value: unknown): Record<string, Localized> {
	if (!isRecord(value)) fail('templates must map a purpose to names per language, e.g. {"reminder": {"es": "recordatorio"}}');
	return Object.fromEntries(Object.entries(value).map(([purpose, names]) => [purpose, localized(names, `templates.${purpose}`)]));
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
	return Object.fromEntries(Object.entries(value ?? {}).filter(([, field]) => field !== undefined)) as Partial<T>;
}

/**
 * Applies `patch` over the stored profile (or the defaults for a new academy) and checks the
 * result, so a form with one changed field never wipes the rest and nothing invalid is saved.
 */
export function mergeAcademyProfile(existing: AcademyFields | null, patch: AcademyPatch): AcademyFields {
	const base: Partial<AcademyFields> = existing ?? { ...DEFAULTS };
	const given = definedOnly(patch) as AcademyPatch;
	const merged = { ...base, ...given, quietHours: { ...base.quietHours, ...definedOnly(given.quietHours) } };

	const phoneNumberId = text(merged.phoneNumberId, 'phone number id');
	if (!/^\d+$/.test(phoneNumberId)) fail('the WhatsApp phone number id must be the digits shown in Meta\'s WhatsApp Manager');
	const name = text(merged.name, 'name');
	if (!name) fail('name is required');
	const timeZone = text(merged.timeZone, 'time zone');
	if (!IANAZone.isValidZone(timeZone)) fail(`time zone "${timeZone}" is unknown; use a name like America/Argentina/Buenos_Aires`);
	const langs = languages(merged.languages);
	const defaultLanguage = (given.defaultLanguage ?? (langs.includes(merged.defaultLanguage as LeadLanguage) ? merged.defaultLanguage : langs[0])) as LeadLanguage;
	if (!langs.includes(defaultLanguage)) fail(`default language "${defaultLanguage}" must be one of the academy's languages (${langs.join(', ')})`);
	if (!Array.isArray(merged.staffNumbers)) fail('staff numbers must be a list');

	return {
		name,
		phoneNumberId,
		timeZone,
		languages: langs,
		defaultLanguage,
		address: text(merged.address, 'address'),
		mapUrl: url(merged.mapUrl, 'map link'),
		schedule: schedule(merged.schedule ?? []),
		prices: prices(merged.prices ?? []),
		trialPolicy: localized(merged.trialPolicy, 'trial policy'),
		whatToBring: localized(merged.whatToBring, 'what to bring'),
		bookingUrl: url(merged.bookingUrl, 'booking page'),
		ownerNumber: phone(merged.ownerNumber, 'owner number'),
		staffNumbers: merged.staffNumbers.map((number, index) => phone(number, `staff number ${index + 1}`)).filter(Boolean),
		templates: templates(merged.templates ?? {}),
		quietHours: {
			start: clock(merged.quietHours.start, 'quiet hours start'),
			end: clock(merged.quietHours.end, 'quiet hours end'),
		},
	};
}
