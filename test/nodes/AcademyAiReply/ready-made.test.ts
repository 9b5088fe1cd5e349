import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { AcademyAiReply } from '../../../nodes/AcademyAiReply/AcademyAiReply.node';
import { SAMPLE_ACADEMY } from '../../data/academy-profile';
import { NODE_NAME, openAiCredentials, replyItem, runReply, useFakeClock, useFakeOpenAi } from './reply-workflow';

const fake = useFakeOpenAi();
useFakeClock();

const { bookingUrl, mapUrl } = SAMPLE_ACADEMY;

/** The node answering without AI, with staff's own wording in Ready-Made Answers. */
function withAnswers(...answer: IDataObject[]) {
	return {
		parameters: { answerSource: 'deterministic', readyMadeAnswers: { answer } },
		settings: { noCredentials: true },
	};
}

const PT_PRICES = {
	intent: 'PRECIO',
	language: 'pt',
	text: 'Oi {name}! Na {academy} temos estes planos:\n{prices}\n\nA primeira aula é por nossa conta 😉',
};

describe('ready-made answers staff write in the node', () => {
	it('answers a Portuguese lead with the Portuguese answer staff wrote, and a Spanish lead with the built-in one', async () => {
		const pt = await runReply([replyItem({ intent: 'PRECIO', language: 'pt' })], withAnswers(PT_PRICES));
		expect(pt.reply).toMatchObject({ mode: 'deterministic', fallbackReason: null, language: 'pt' });
		expect(pt.reply.text.startsWith('Oi Sheena! Na Onda Jiu-Jitsu Miami temos estes planos:\n• ')).toBe(true);
		expect(pt.reply.text).toContain('$ 189 por mês');
		expect(pt.reply.text).toContain('A primeira aula é por nossa conta 😉');
		expect(pt.reply.text).not.toContain('Estes são nossos planos:');

		const es = await runReply([replyItem({ intent: 'PRECIO', language: 'es' })], withAnswers(PT_PRICES));
		expect(es.reply).toMatchObject({ mode: 'deterministic', fallbackReason: null, language: 'es' });
		expect(es.reply.text).toContain('Estos son nuestros planes:');
		expect(es.reply.text).not.toContain('por nossa conta');
	});

	it('fills every placeholder from the academy profile and the lead', async () => {
		const text = [
			'{academy} · {name}',
			'{prices}',
			'Horários ({time_zone}):',
			'{schedule}',
			'Para começar:',
			'{beginner_schedule}',
			'{address} {map}',
			'{trial_policy}',
			'{what_to_bring}',
			'{booking_link}',
		].join('\n');
		const personal = `${bookingUrl}?metadata%5BleadId%5D=lead-0001`;
		const { reply } = await runReply(
			[replyItem({ intent: 'CLASE_PRUEBA', language: 'pt', lead: { level: 'advanced' }, booking: { url: personal } })],
			withAnswers({ intent: 'CLASE_PRUEBA', language: 'pt', text }),
		);
		expect(reply.text.split('\n')).toEqual(
			expect.arrayContaining([
				'Onda Jiu-Jitsu Miami · Sheena',
				'• Ilimitado: $ 189 por mês (Every adult class, Gi and No-Gi, plus open mat)',
				'Horários (Horário do Leste):',
				'• Jiu-Jitsu Gi (avançados): ter e qui 19:30–21:00',
				'• Jiu-Jitsu Gi (iniciantes): seg, qua e sex 07:00–08:00; seg e qua 18:30–19:30',
				`${SAMPLE_ACADEMY.address} ${mapUrl}`,
				SAMPLE_ACADEMY.trialPolicy.pt,
				SAMPLE_ACADEMY.whatToBring.pt,
				personal,
			]),
		);
		// {schedule} follows the lead's level; {beginner_schedule} is for beginners.
		expect(reply.text.match(/iniciantes/g)).toHaveLength(2);
		expect(reply.text).not.toMatch(/[{}]/);
		// The link staff placed is the call to action: it is not added a second time.
		expect(reply.text.split(personal)).toHaveLength(2);
	});

	it('leaves out a placeholder with nothing to fill, and a line of only such placeholders', async () => {
		const academy = { ...SAMPLE_ACADEMY, mapUrl: '', whatToBring: {} };
		const { reply } = await runReply(
			[replyItem({ intent: 'UBICACION', language: 'es', academy, lead: { name: null } })],
			withAnswers({ intent: 'UBICACION', language: 'es', text: '¡Hola {{name}}! Estamos en {address}.\n📍 {map}\nTrae: {what_to_bring}' }),
		);
		expect(reply.text).toBe(`¡Hola! Estamos en ${SAMPLE_ACADEMY.address}.`);
	});

	it('refuses an answer that states a price the academy does not charge: the built-in one goes out by the Fallback output, with the reason', async () => {
		const { reply, replied, fellBack } = await runReply(
			[replyItem({ intent: 'PRECIO', language: 'pt' })],
			withAnswers({ intent: 'PRECIO', language: 'pt', text: 'Oi {name}! A mensalidade sai por R$ 99 por mês.' }),
		);
		expect(replied).toHaveLength(0);
		expect(fellBack).toHaveLength(1);
		expect(reply.mode).toBe('fallback');
		expect(reply.fallbackCode).toBe('invalid_ready_made');
		expect(reply.fallbackReason).toBe(
			'The ready-made answer written in the node for PRECIO in Portuguese was not sent because it states the price "R$ 99", which is not in the academy\'s profile; the built-in answer went out instead',
		);
		expect(reply.text).toContain('Estes são nossos planos:');
		expect(reply.text).not.toContain('99');
	});

	it('fails with a clear error naming an unknown placeholder and the ones it may use', async () => {
		const { run } = await runReply(
			[replyItem({ intent: 'SALUDO', language: 'es' })],
			withAnswers({ intent: 'PRECIO', language: 'es', text: 'Nuestros precios: {precios}' }),
		);
		const error = run.run.data.resultData.runData[NODE_NAME][0].error!;
		expect(error.message).toBe(
			'The ready-made answer for Prices (PRECIO) in Spanish (es) uses the placeholder {precios}, which this node does not fill. Allowed placeholders: {academy}, {name}, {prices}, {schedule}, {beginner_schedule}, {time_zone}, {address}, {map}, {booking_link}, {trial_policy}, {what_to_bring}',
		);
		expect(error.description).toContain('Correct {precios} in Ready-Made Answers');
	});

	it('sends the wording staff wrote for hand-off even when an AI model answers the rest', async () => {
		const { reply } = await runReply([replyItem({ intent: 'HUMANO', language: 'en' })], {
			credentials: openAiCredentials(fake),
			parameters: {
				readyMadeAnswers: { answer: [{ intent: 'HUMANO', language: 'en', text: 'Coach {name} will text you back, {name}!' }] },
			},
		});
		expect(reply).toMatchObject({ mode: 'deterministic', handOff: true, text: 'Coach Sheena will text you back, Sheena!' });
		expect(fake.chatRequests()).toHaveLength(0);
	});

	it('sends the wording staff wrote when the model fails', async () => {
		const { reply, fellBack } = await runReply([replyItem({ intent: 'UBICACION', language: 'en' })], {
			credentials: openAiCredentials(fake, { apiKey: 'sk-revoked' }),
			parameters: {
				readyMadeAnswers: { answer: [{ intent: 'UBICACION', language: 'en', text: 'Find us at {address}: {map}' }] },
			},
		});
		expect(fellBack).toHaveLength(1);
		expect(reply).toMatchObject({ mode: 'fallback', fallbackCode: 'auth', text: `Find us at ${SAMPLE_ACADEMY.address}: ${mapUrl}` });
	});

	it('shows staff the built-in answer for the intent and language they pick', () => {
		const property = new AcademyAiReply().description.properties.find((p) => p.name === 'readyMadeAnswers')!;
		const row = (property.options as Array<{ values: INodeProperties[] }>)[0].values;
		const notices = row.filter((field) => field.type === 'notice');
		expect(notices).toHaveLength(27);
		const pricesInPortuguese = notices.find(
			(n) => n.displayOptions?.show?.intent?.[0] === 'PRECIO' && n.displayOptions?.show?.language?.[0] === 'pt',
		)!;
		expect(pricesInPortuguese.displayName).toBe(
			'Built-in answer:<br>Estes são nossos planos:<br>{prices}<br><br>{trial_policy}<br><br>Quer fazer uma aula experimental?',
		);
	});
});
