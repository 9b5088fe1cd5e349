import type { ClassSlot } from '../../shared/types';
import {
	levelKey,
	pickLocalized,
	priceLine,
	scheduleLines,
	timeZoneWording,
} from '../profile/format';
import type { ReplyContext } from '../reply/context';
import { PHRASES } from './phrases';

function paragraphs(...parts: Array<string | string[] | false>): string {
	return parts
		.filter((part) => part && part.length)
		.map((part) => (Array.isArray(part) ? part.join('\n') : part))
		.join('\n\n');
}

/** The lead's own level and all-level classes when the lead's level is known; everything otherwise. */
function classesFor(slots: ClassSlot[], level: string | null | undefined): ClassSlot[] {
	const wanted = levelKey(level);
	if (!wanted) return slots;
	const matching = slots.filter((s) => [wanted, 'all'].includes(levelKey(s.level) ?? ''));
	return matching.length ? matching : slots;
}

/**
 * The answer built only from the academy's profile, in the lead's language. It goes out when staff
 * chose answers without AI, when no model is configured, and whenever the model fails; so it must
 * answer the question on its own. Links are not added here: the post-processing adds them the same
 * way for every answer.
 */
export function deterministicAnswer(context: ReplyContext): string {
	const { academy, language, lead } = context;
	const say = PHRASES[language];
	const trialPolicy =
		pickLocalized(academy.trialPolicy, language, academy.defaultLanguage) || say.trialWithoutPolicy;
	const whatToBring = pickLocalized(academy.whatToBring, language, academy.defaultLanguage);

	if (context.media === 'voice-unavailable') return say.voiceUnavailable;
	if (context.media === 'image-without-caption') return say.imageWithoutCaption;

	switch (context.intent) {
		case 'SALUDO':
			return say.greeting(lead?.name ?? null, academy.name);
		case 'PRECIO':
			return paragraphs(
				[say.pricesIntro, ...academy.prices.map((plan) => priceLine(plan, language))],
				trialPolicy,
				say.tryInvite,
			);
		case 'HORARIO':
			return paragraphs(
				[
					say.scheduleIntro(timeZoneWording(academy.timeZone, language)),
					...scheduleLines(classesFor(academy.schedule, lead?.level), language),
				],
				say.tryInvite,
			);
		case 'UBICACION':
			return say.location(academy.address);
		case 'CLASE_PRUEBA':
			return paragraphs(trialPolicy, Boolean(whatToBring) && `${say.whatToBring} ${whatToBring}`);
		case 'EXPERIENCIA':
			return paragraphs(
				say.experience,
				[
					say.beginnerClasses,
					...scheduleLines(classesFor(academy.schedule, 'beginner'), language),
				],
				trialPolicy,
			);
		case 'HUMANO':
			return say.handOff;
		case 'BAJA':
			return say.optOut;
		case 'OTRO':
			return say.other;
	}
}
