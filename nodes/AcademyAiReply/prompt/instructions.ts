import type { Intent } from '../../shared/types';

/** Hand-off and opt-out always get the ready-made answer: the wording must be exact, and fast. */
export type ModelIntent = Exclude<Intent, 'HUMANO' | 'BAJA'>;

export const MODEL_INTENTS: ModelIntent[] = [
	'SALUDO',
	'PRECIO',
	'HORARIO',
	'UBICACION',
	'CLASE_PRUEBA',
	'EXPERIENCIA',
	'OTRO',
];

/** What the model should do for each intent; staff can rewrite any of them in the node. */
export const DEFAULT_INSTRUCTIONS: Record<ModelIntent, string> = {
	SALUDO:
		'Greet the lead warmly, by name if you know it. Say in one sentence what the academy is and ask what they would like to know: prices, class times, where we are or a trial class.',
	PRECIO:
		'Give the price plans exactly as written in the facts, each with its period. Then mention the trial class policy and invite the lead to try a class before deciding.',
	HORARIO:
		'Give the class times from the facts, grouped by program and level. If the lead told us their level, start with the classes for that level and the all-level ones. Say that times are local to the academy.',
	UBICACION:
		'Give the academy address exactly as written in the facts, and anything from the facts that helps to find it. The map link is added after your text.',
	CLASE_PRUEBA:
		'Explain the trial class policy and what to bring, from the facts, and say the booking link follows. If the lead already has a class booked, confirm they are all set instead.',
	EXPERIENCIA:
		'Reassure the lead that no experience is needed. Recommend the beginner and all-level classes from the facts, with their days and times, and invite them to a trial class.',
	OTRO:
		'Answer the question if the facts hold the answer. If they do not, say that someone from the team will confirm, and offer what you can help with: prices, class times, location or a trial class.',
};

export const TONES = {
	friendly: 'Warm and relaxed, like a coach welcoming someone new. At most two emoji.',
	professional: 'Polite, clear and calm. No slang and no emoji.',
	energetic: 'Upbeat and motivating, with short sentences and a few emoji.',
	brief: 'As short as possible while still answering. No emoji.',
} as const;

export type Tone = keyof typeof TONES;

export const DEFAULT_PERSONA =
	"the academy's front desk on WhatsApp: friendly, helpful and honest, like a coach who enjoys welcoming new students";
