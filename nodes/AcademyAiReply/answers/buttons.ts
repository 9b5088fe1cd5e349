import type { Intent } from '../../shared/types';
import type { ReplyContext } from '../reply/context';
import { PHRASES } from './phrases';

/** WhatsApp puts at most 1024 characters above reply buttons. */
export const BUTTON_BODY_LIMIT = 1024;

type ButtonIntent = 'PRECIO' | 'HORARIO' | 'CLASE_PRUEBA' | 'UBICACION';

/** The next questions a lead usually has after each answer. */
const NEXT_STEPS: Record<Intent, ButtonIntent[]> = {
	SALUDO: ['PRECIO', 'HORARIO', 'CLASE_PRUEBA'],
	PRECIO: ['CLASE_PRUEBA', 'HORARIO'],
	HORARIO: ['CLASE_PRUEBA', 'PRECIO'],
	UBICACION: ['CLASE_PRUEBA', 'HORARIO'],
	EXPERIENCIA: ['CLASE_PRUEBA', 'PRECIO'],
	OTRO: ['PRECIO', 'HORARIO', 'CLASE_PRUEBA'],
	CLASE_PRUEBA: [],
	HUMANO: [],
	BAJA: [],
};

/**
 * Reply buttons whose ids are intent names, so a tap comes back as a reply id the Intent node
 * reads without guessing. None under a text too long for an interactive message.
 */
export function suggestedButtons(context: ReplyContext, text: string): Array<{ id: string; title: string }> {
	if (text.length > BUTTON_BODY_LIMIT) return [];
	const titles = PHRASES[context.language].buttons;
	const title: Record<ButtonIntent, string> = {
		PRECIO: titles.prices,
		HORARIO: titles.schedule,
		CLASE_PRUEBA: titles.trial,
		UBICACION: titles.location,
	};
	return NEXT_STEPS[context.intent].map((id) => ({ id, title: title[id] }));
}
