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
import { builtInTemplate, fillTemplate, type Placeholder } from './templates';

/** The lead's own level and all-level classes when the lead's level is known; everything otherwise. */
function classesFor(slots: ClassSlot[], level: string | null | undefined): ClassSlot[] {
	const wanted = levelKey(level);
	if (!wanted) return slots;
	const matching = slots.filter((s) => [wanted, 'all'].includes(levelKey(s.level) ?? ''));
	return matching.length ? matching : slots;
}

/** What a placeholder says to this lead, from the academy's profile, in the lead's language. */
function placeholderValue(placeholder: Placeholder, context: ReplyContext): string {
	const { academy, language, lead } = context;
	switch (placeholder) {
		case 'academy':
			return academy.name;
		case 'name':
			return lead?.name?.trim() ?? '';
		case 'prices':
			return academy.prices.map((plan) => priceLine(plan, language)).join('\n');
		case 'schedule':
			return scheduleLines(classesFor(academy.schedule, lead?.level), language).join('\n');
		case 'beginner_schedule':
			return scheduleLines(classesFor(academy.schedule, 'beginner'), language).join('\n');
		case 'time_zone':
			return timeZoneWording(academy.timeZone, language);
		case 'address':
			return academy.address;
		case 'map':
			return academy.mapUrl ?? '';
		case 'booking_link':
			return context.bookingUrl ?? '';
		case 'trial_policy':
			return (
				pickLocalized(academy.trialPolicy, language, academy.defaultLanguage) ||
				PHRASES[language].trialWithoutPolicy
			);
		case 'what_to_bring':
			return pickLocalized(academy.whatToBring, language, academy.defaultLanguage);
	}
}

/**
 * The answer built only from the academy's profile, in the lead's language: the built-in one for
 * the intent, or `template` when staff wrote their own. It goes out when staff chose answers
 * without AI, when no model is configured, and whenever the model fails; so it must answer the
 * question on its own. Links are not added here: the post-processing adds them the same way for
 * every answer.
 */
export function deterministicAnswer(context: ReplyContext, template?: string): string {
	const say = PHRASES[context.language];
	if (context.media === 'voice-unavailable') return say.voiceUnavailable;
	if (context.media === 'image-without-caption') return say.imageWithoutCaption;
	return fillTemplate(template ?? builtInTemplate(context.intent, context.language), (placeholder) =>
		placeholderValue(placeholder, context),
	);
}
