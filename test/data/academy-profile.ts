import type { AcademyProfile, ClassSlot } from '../../nodes/shared/types';

/** One program and level taught on several weekdays at the same hours. */
function weekly(program: string, level: string, weekdays: number[], start: string, end: string): ClassSlot[] {
	return weekdays.map((weekday) => ({ program, level, weekday, start, end }));
}

const MON = 1;
const TUE = 2;
const WED = 3;
const THU = 4;
const FRI = 5;
const SAT = 6;
const SUN = 7;

/**
 * A sample Brazilian jiu-jitsu academy in Miami that answers leads in Spanish, Portuguese and
 * English. Its phone number id is the one in Meta's published webhook examples
 * (`fixtures/whatsapp/*.json`), so those payloads land on this academy in tests and in the demo.
 * The address, numbers and links are invented.
 */
export const SAMPLE_ACADEMY: AcademyProfile = {
	id: 'onda-bjj-miami',
	name: 'Onda Jiu-Jitsu Miami',
	phoneNumberId: '106540352242922',
	timeZone: 'America/New_York',
	languages: ['en', 'es', 'pt'],
	defaultLanguage: 'en',
	address: '2451 SW 27th Ave, Suite 200, Miami, FL 33145',
	mapUrl: 'https://maps.google.com/?q=2451+SW+27th+Ave+Suite+200+Miami+FL+33145',
	schedule: [
		...weekly('Jiu-Jitsu Gi', 'beginner', [MON, WED, FRI], '07:00', '08:00'),
		...weekly('Jiu-Jitsu Gi', 'beginner', [MON, WED], '18:30', '19:30'),
		...weekly('Jiu-Jitsu Gi', 'all', [FRI], '18:30', '19:30'),
		...weekly('Jiu-Jitsu Gi', 'advanced', [TUE, THU], '19:30', '21:00'),
		...weekly('No-Gi', 'all', [TUE, THU], '12:00', '13:00'),
		...weekly('No-Gi', 'all', [SAT], '10:00', '11:30'),
		...weekly('No-Gi', 'advanced', [WED], '19:30', '21:00'),
		...weekly('Kids 4-7', 'beginner', [MON, WED], '16:30', '17:15'),
		...weekly('Kids 8-12', 'all', [TUE, THU], '17:00', '18:00'),
		...weekly("Women's Jiu-Jitsu", 'all', [SAT], '08:30', '09:30'),
		...weekly('Open Mat', 'all', [SUN], '10:00', '12:00'),
	],
	prices: [
		{
			name: 'Unlimited',
			names: { es: 'Ilimitado', pt: 'Ilimitado' },
			price: { amount: 189, currency: 'USD' },
			period: 'month',
			description: 'Every adult class, Gi and No-Gi, plus open mat',
		},
		{
			name: 'Twice a week',
			names: { es: 'Dos veces por semana', pt: 'Duas vezes por semana' },
			price: { amount: 139, currency: 'USD' },
			period: 'month',
		},
		{
			name: 'Kids',
			names: { es: 'Niños', pt: 'Infantil' },
			price: { amount: 149, currency: 'USD' },
			period: 'month',
			description: '10% off for each additional family member',
		},
		{
			name: 'Unlimited, paid yearly',
			names: { es: 'Ilimitado, pago anual', pt: 'Ilimitado, plano anual' },
			price: { amount: 1890, currency: 'USD' },
			period: 'year',
			description: 'Two months free compared with paying monthly',
		},
		{
			name: 'Drop-in',
			names: { es: 'Clase suelta', pt: 'Aula avulsa' },
			price: { amount: 35, currency: 'USD' },
			period: 'class',
		},
		{
			name: 'Private lesson',
			names: { es: 'Clase particular', pt: 'Aula particular' },
			price: { amount: 120, currency: 'USD' },
			period: 'class',
		},
	],
	trialPolicy: {
		es: 'La primera clase es gratis y sin compromiso. Llega 15 minutos antes para conocer al profesor y firmar el formulario de responsabilidad.',
		pt: 'A primeira aula é grátis e sem compromisso. Chegue 15 minutos antes para conhecer o professor e assinar o termo de responsabilidade.',
		en: 'Your first class is free, with no commitment. Arrive 15 minutes early to meet the coach and sign the waiver.',
	},
	whatToBring: {
		es: 'Ropa deportiva cómoda (camiseta y short, sin cierres ni botones), chanclas, agua y una toalla. Si no tienes kimono, te prestamos uno para la clase de prueba.',
		pt: 'Roupa de treino confortável (camiseta e bermuda, sem zíper nem botões), chinelo, água e uma toalha. Se não tiver kimono, emprestamos um para a aula experimental.',
		en: 'Comfortable workout clothes (t-shirt and shorts, no zips or buttons), flip-flops, water and a towel. No gi yet? We lend you one for the trial class.',
	},
	bookingUrl: 'https://cal.com/onda-bjj/trial-class',
	ownerNumber: '13055550142',
	staffNumbers: ['13055550143', '13055550144'],
	templates: {
		reminder: { es: 'recordatorio_clase', pt: 'lembrete_aula', en: 'class_reminder' },
		followUp: { es: 'seguimiento_prueba', pt: 'acompanhamento_aula', en: 'trial_follow_up' },
		attendance: { es: 'asistencia_profesor', pt: 'presenca_professor', en: 'coach_attendance' },
	},
	quietHours: { start: '21:30', end: '08:00' },
};
