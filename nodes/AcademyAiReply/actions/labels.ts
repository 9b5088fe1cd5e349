import type { Intent, LeadLanguage } from '../../shared/types';

/** Intents as staff see them in the node's settings, with the name the Intent node gives them. */
export const INTENT_LABELS: Record<Intent, string> = {
	SALUDO: 'Greeting (SALUDO)',
	PRECIO: 'Prices (PRECIO)',
	HORARIO: 'Schedule (HORARIO)',
	UBICACION: 'Location (UBICACION)',
	CLASE_PRUEBA: 'Trial Class (CLASE_PRUEBA)',
	EXPERIENCIA: 'Experience and Beginners (EXPERIENCIA)',
	HUMANO: 'Talk to a Person (HUMANO)',
	BAJA: 'Opt-Out (BAJA)',
	OTRO: 'Anything Else (OTRO)',
};

export const LANGUAGE_LABELS: Record<LeadLanguage, string> = {
	es: 'Spanish (es)',
	pt: 'Portuguese (pt)',
	en: 'English (en)',
};
