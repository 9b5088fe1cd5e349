/**
 * The shapes that travel between this package's nodes and through the templates. Nodes read
 * and write these field names, so a template can wire any node to the next without a mapping.
 */

export type LeadLanguage = 'es' | 'pt' | 'en';

/** The languages the bot speaks with leads (the lead table checks the same list). */
export const LEAD_LANGUAGES: readonly LeadLanguage[] = ['es', 'pt', 'en'];

export function isLeadLanguage(value: unknown): value is LeadLanguage {
	return (LEAD_LANGUAGES as readonly unknown[]).includes(value);
}

export const LEAD_STATES = [
	'NEW',
	'ENGAGED',
	'INTERESTED',
	'SCHEDULED',
	'SHOWED_UP',
	'NO_SHOW',
	'CONVERTED',
	'FOLLOW_UP',
	'RE_ENGAGED',
	'LOST',
] as const;
export type LeadState = (typeof LEAD_STATES)[number];

export const INTENTS = [
	'SALUDO',
	'PRECIO',
	'HORARIO',
	'UBICACION',
	'CLASE_PRUEBA',
	'EXPERIENCIA',
	'HUMANO',
	'BAJA',
	'OTRO',
] as const;
export type Intent = (typeof INTENTS)[number];

/** One inbound WhatsApp message as the WhatsApp Cloud Trigger emits it. */
export interface InboundMessage {
	/** The academy's number that received it: selects the academy row. */
	phoneNumberId: string;
	displayPhoneNumber: string;
	/** Sender's phone number (wa_id); empty for a user who arrives only with a username. */
	waId: string;
	/** Business-scoped user id of users with a WhatsApp username (2026), or null. */
	userId: string | null;
	profileName: string | null;
	messageId: string;
	/** ISO 8601, from Meta's unix-seconds timestamp. */
	timestamp: string;
	type: string;
	/** The words of the message, for every type that has words; empty otherwise. */
	text: string;
	/** Id of the tapped reply button, list row or template quick reply. */
	replyId: string | null;
	media: { id: string; mimeType: string; url: string | null; caption: string | null; filename: string | null; voice: boolean } | null;
	location: { latitude: number; longitude: number; name: string | null; address: string | null } | null;
	referral: {
		sourceId: string | null;
		sourceType: string | null;
		sourceUrl: string | null;
		headline: string | null;
		body: string | null;
		ctwaClid: string | null;
	} | null;
	/** The message this one replies to (context.id), or null. */
	replyToMessageId: string | null;
	/** The untouched `value` object of Meta's change, for anything not normalised here. */
	original: unknown;
}

export interface Money {
	amount: number;
	currency: string;
}

export interface ClassSlot {
	program: string;
	level: string;
	/** ISO weekday, 1 = Monday … 7 = Sunday. */
	weekday: number;
	/** Local time in the academy's time zone, HH:mm. */
	start: string;
	end: string;
}

export interface PricePlan {
	name: string;
	/** The plan's name in other languages, for leads who write in them; `name` stands in for a missing one. */
	names?: Localized;
	price: Money;
	/** 'month', 'year', 'class', … */
	period: string;
	description?: string;
}

/** Text staff write once per language; `es`, `pt`, `en`, any may be missing. */
export type Localized = Partial<Record<LeadLanguage, string>>;

/** An academy as the Lead node stores it and the AI Reply node answers from it. */
export interface AcademyProfile {
	id: string;
	name: string;
	phoneNumberId: string;
	timeZone: string;
	languages: LeadLanguage[];
	defaultLanguage: LeadLanguage;
	address: string;
	mapUrl: string;
	schedule: ClassSlot[];
	prices: PricePlan[];
	trialPolicy: Localized;
	whatToBring: Localized;
	bookingUrl: string;
	ownerNumber: string;
	staffNumbers: string[];
	/** Approved WhatsApp template names per purpose and language, e.g. { reminder: { es: 'recordatorio_clase' } }. */
	templates: Record<string, Localized>;
	/** Quiet hours in local time, HH:mm; follow-ups wait until they end. */
	quietHours: { start: string; end: string };
}

/** A lead as the Lead node returns it, decrypted for the nodes that need to reach the person. */
export interface LeadRecord {
	id: string;
	academyId: string;
	state: LeadState;
	waId: string;
	userId: string | null;
	name: string | null;
	language: LeadLanguage | null;
	level: string | null;
	notes: string | null;
	optedOut: boolean;
	/** ISO time until which staff have taken over; null when the bot answers. */
	pausedUntil: string | null;
	lastInboundAt: string | null;
	createdAt: string;
}

/** One line of the recent conversation, oldest first, as prompts and dashboards read it. */
export interface HistoryEntry {
	direction: 'in' | 'out';
	text: string;
	at: string;
}

/**
 * Item contract: every node keeps the incoming item's JSON and adds its result under its own key,
 * so one item carries the whole story down the canvas:
 *   WhatsApp Cloud Trigger → `message` (InboundMessage)
 *   Academy Lead           → `academy` (AcademyProfile), `lead` (LeadRecord), `history` (HistoryEntry[])
 *   Academy Intent         → `intent` (IntentResult)
 *   Cal.com                → `booking` ({ url, … })
 *   Academy AI Reply       → `reply` (ReplyResult)
 *   WhatsApp Cloud (send)  → `sent` ({ messageId, … })
 */
export interface IntentResult {
	name: Intent;
	confidence: number;
	language: LeadLanguage;
	secondary: Intent[];
	mode: 'model' | 'keywords' | 'llm' | 'hybrid';
}

export interface ReplyResult {
	text: string;
	mode: 'model' | 'fallback' | 'deterministic';
	/** Buttons the send node can show, at most three. */
	buttons: Array<{ id: string; title: string }>;
	handOff: boolean;
	optOut: boolean;
	latencyMs: number;
	tokens: { prompt: number; completion: number } | null;
	/** Why the fallback answer went out, when it did. */
	fallbackReason: string | null;
}
