import type { LeadLanguage } from '../../shared/types';

/**
 * Everything the ready-made answers say that is not an academy fact, in one language; the facts
 * are placeholders (see templates.ts), so staff see these words as they would edit them.
 */
export interface Phrasebook {
	greeting: string;
	pricesIntro: string;
	scheduleIntro: string;
	location: string;
	trialWithoutPolicy: string;
	whatToBring: string;
	experience: string;
	beginnerClasses: string;
	tryInvite: string;
	handOff: string;
	optOut: string;
	other: string;
	voiceUnavailable: string;
	imageWithoutCaption: string;
	bookingCta(url: string): string;
	mapCta(url: string): string;
	buttons: { prices: string; schedule: string; trial: string; location: string };
}

export const PHRASES: Record<LeadLanguage, Phrasebook> = {
	es: {
		greeting:
			'¡Hola {name}! 👋 Gracias por escribir a {academy}. Te puedo contar precios, horarios y dónde estamos, o reservarte una clase de prueba. ¿Qué te gustaría saber?',
		pricesIntro: 'Estos son nuestros planes:',
		scheduleIntro: 'Nuestros horarios ({time_zone}):',
		location: 'Estamos en {address}.',
		trialWithoutPolicy: 'Puedes venir a una clase de prueba antes de decidir.',
		whatToBring: 'Qué traer: {what_to_bring}',
		experience:
			'¡No necesitas experiencia! La mayoría de nuestros alumnos empezó desde cero y el profesor te acompaña desde el primer día.',
		beginnerClasses: 'Clases recomendadas para empezar:',
		tryInvite: '¿Te gustaría venir a una clase de prueba?',
		handOff:
			'¡Claro! Le aviso a una persona del equipo para que te escriba por aquí lo antes posible. 🙏',
		optOut:
			'Listo, no te enviaremos más mensajes. Si algún día quieres volver a entrenar, escríbenos. 🙌',
		other:
			'Gracias por tu mensaje. Te puedo ayudar con precios, horarios, ubicación o una clase de prueba. Si prefieres hablar con una persona del equipo, escribe "humano".',
		voiceUnavailable: 'Por ahora no puedo escuchar audios. ¿Me lo escribes, por favor?',
		imageWithoutCaption: 'Gracias por la imagen. ¿En qué te puedo ayudar?',
		bookingCta: (url) => `👉 Reserva tu clase de prueba aquí: ${url}`,
		mapCta: (url) => `📍 Cómo llegar: ${url}`,
		buttons: { prices: 'Precios', schedule: 'Horarios', trial: 'Clase de prueba', location: 'Ubicación' },
	},
	pt: {
		greeting:
			'Olá {name}! 👋 Obrigado por escrever para a {academy}. Posso te passar preços, horários e onde ficamos, ou agendar uma aula experimental. O que você gostaria de saber?',
		pricesIntro: 'Estes são nossos planos:',
		scheduleIntro: 'Nossos horários ({time_zone}):',
		location: 'Nosso endereço: {address}.',
		trialWithoutPolicy: 'Você pode fazer uma aula experimental antes de decidir.',
		whatToBring: 'O que levar: {what_to_bring}',
		experience:
			'Não precisa ter experiência! A maioria dos nossos alunos começou do zero e o professor te acompanha desde o primeiro dia.',
		beginnerClasses: 'Aulas recomendadas para começar:',
		tryInvite: 'Quer fazer uma aula experimental?',
		handOff: 'Claro! Vou avisar alguém da equipe para te responder por aqui o quanto antes. 🙏',
		optOut:
			'Pronto, não vamos mais te enviar mensagens. Se um dia quiser voltar a treinar, é só escrever. 🙌',
		other:
			'Obrigado pela mensagem! Posso ajudar com preços, horários, localização ou uma aula experimental. Se preferir falar com alguém da equipe, escreva "humano".',
		voiceUnavailable: 'Por enquanto não consigo ouvir áudios. Pode me escrever, por favor?',
		imageWithoutCaption: 'Obrigado pela imagem! Como posso te ajudar?',
		bookingCta: (url) => `👉 Agende sua aula experimental aqui: ${url}`,
		mapCta: (url) => `📍 Como chegar: ${url}`,
		buttons: { prices: 'Preços', schedule: 'Horários', trial: 'Aula experimental', location: 'Localização' },
	},
	en: {
		greeting:
			'Hi {name}! 👋 Thanks for messaging {academy}. I can tell you about prices, the schedule and where we are, or book you a trial class. What would you like to know?',
		pricesIntro: 'Here are our plans:',
		scheduleIntro: 'Our class times ({time_zone}):',
		location: "We're at {address}.",
		trialWithoutPolicy: 'You can come to a trial class before you decide.',
		whatToBring: 'What to bring: {what_to_bring}',
		experience:
			'No experience needed! Most of our students started from zero, and the coach looks after you from day one.',
		beginnerClasses: 'Best classes to start with:',
		tryInvite: 'Would you like to come to a trial class?',
		handOff:
			"Sure! I'm letting someone from the team know, so they can reply to you here as soon as possible. 🙏",
		optOut:
			"Done, we won't message you again. If you ever want to come back to the mats, just write to us. 🙌",
		other:
			'Thanks for your message! I can help with prices, the schedule, our location or a trial class. If you would rather talk to a person from the team, write "human".',
		voiceUnavailable: "I can't listen to voice messages yet. Could you type it for me, please?",
		imageWithoutCaption: 'Thanks for the picture! How can I help you?',
		bookingCta: (url) => `👉 Book your trial class here: ${url}`,
		mapCta: (url) => `📍 Directions: ${url}`,
		buttons: { prices: 'Prices', schedule: 'Schedule', trial: 'Trial class', location: 'Location' },
	},
};
