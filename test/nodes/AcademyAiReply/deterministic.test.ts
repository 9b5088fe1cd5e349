import { deterministicAnswer } from '../../../nodes/AcademyAiReply/answers/deterministic';
import { factsOf } from '../../../nodes/AcademyAiReply/checks/grounding';
import { validateReply } from '../../../nodes/AcademyAiReply/checks/validate';
import type { ReplyContext } from '../../../nodes/AcademyAiReply/reply/context';
import { finishReply } from '../../../nodes/AcademyAiReply/reply/postprocess';
import { INTENTS, type LeadLanguage } from '../../../nodes/shared/types';
import { SAMPLE_ACADEMY } from '../../data/academy-profile';
import { replyItem, runReply, sampleLead } from './reply-workflow';

const WITHOUT_AI = { parameters: { answerSource: 'deterministic' }, settings: { noCredentials: true } };
const { bookingUrl, mapUrl } = SAMPLE_ACADEMY;
const count = (text: string, part: string) => text.split(part).length - 1;

describe('answers without AI, from the academy profile', () => {
	it('quotes every plan by its Spanish name with its price and period, and invites to the free trial', async () => {
		const { reply, replied } = await runReply([replyItem({ intent: 'PRECIO', language: 'es', text: 'hola, cuánto sale?' })], WITHOUT_AI);
		expect(replied).toHaveLength(1);
		expect(reply.mode).toBe('deterministic');
		expect(reply.text).toContain('Estos son nuestros planes:');
		expect(reply.text).toContain('• Ilimitado: $189 por mes (Every adult class, Gi and No-Gi, plus open mat)');
		expect(reply.text).toContain('• Ilimitado, pago anual: $1,890 por año');
		expect(reply.text).toContain('• Clase suelta: $35 por clase');
		expect(reply.text).toContain(SAMPLE_ACADEMY.trialPolicy.es);
		expect(reply.tokens).toBeNull();
		expect(reply.model).toBeNull();
		expect(reply.buttons.map((b) => b.id)).toEqual(['CLASE_PRUEBA', 'HORARIO']);
		expect(reply.buttons.map((b) => b.title)).toEqual(['Clase de prueba', 'Horarios']);
	});

	it("names each plan in the lead's language, and by its own name where staff gave none in that language", async () => {
		const academy = {
			...SAMPLE_ACADEMY,
			prices: SAMPLE_ACADEMY.prices.map((plan) => (plan.name === 'Kids' ? { ...plan, names: { es: 'Niños' } } : plan)),
		};
		const pt = await runReply([replyItem({ intent: 'PRECIO', language: 'pt', academy })], WITHOUT_AI);
		expect(pt.reply.text).toContain('• Duas vezes por semana: $ 139 por mês');
		expect(pt.reply.text).toContain('• Kids: $ 149 por mês');
		const en = await runReply([replyItem({ intent: 'PRECIO', language: 'en', academy })], WITHOUT_AI);
		expect(en.reply.text).toContain('• Twice a week: $139 per month');
		expect(en.reply.text).toContain('• Kids: $149 per month');
	});

	it('gives the schedule by program and level in Portuguese, in the academy time zone wording', async () => {
		const { reply } = await runReply([replyItem({ intent: 'HORARIO', language: 'pt', text: 'qual o horário das aulas?' })], WITHOUT_AI);
		expect(reply.text).toContain('Nossos horários (Horário do Leste):');
		expect(reply.text).toContain('• Jiu-Jitsu Gi (iniciantes): seg, qua e sex 07:00–08:00; seg e qua 18:30–19:30');
		expect(reply.text).toContain('• Jiu-Jitsu Gi (avançados): ter e qui 19:30–21:00');
		expect(reply.text).toContain('• Open Mat (todos os níveis): dom 10:00–12:00');
		expect(reply.text).toContain('Quer fazer uma aula experimental?');
	});

	it('writes English class times on the 12-hour clock', async () => {
		const { reply } = await runReply([replyItem({ intent: 'HORARIO', language: 'en', text: 'when are classes?' })], WITHOUT_AI);
		expect(reply.text).toContain('Our class times (Eastern Time):');
		expect(reply.text).toContain('• Jiu-Jitsu Gi (beginners): Mon, Wed, and Fri 7:00–8:00 AM; Mon and Wed 6:30–7:30 PM');
		expect(reply.text).toContain("• Women's Jiu-Jitsu (all levels): Sat 8:30–9:30 AM");
	});

	it("shows a lead who told us their level that level's classes and the all-level ones", async () => {
		const { reply } = await runReply(
			[replyItem({ intent: 'HORARIO', language: 'en', lead: { level: 'advanced (blue belt)' } })],
			WITHOUT_AI,
		);
		expect(reply.text).toContain('Jiu-Jitsu Gi (advanced)');
		expect(reply.text).toContain('No-Gi (all levels)');
		expect(reply.text).not.toContain('beginners');
	});

	it('answers where the academy is with its address and the map link, once', async () => {
		const { reply } = await runReply([replyItem({ intent: 'UBICACION', language: 'en', text: 'where are you?' })], WITHOUT_AI);
		expect(reply.text).toBe(`We're at ${SAMPLE_ACADEMY.address}.\n\n📍 Directions: ${mapUrl}`);
	});

	it('explains the trial class and what to bring, and ends with the booking link once', async () => {
		const { reply } = await runReply([replyItem({ intent: 'CLASE_PRUEBA', language: 'pt', text: 'quero fazer uma aula experimental' })], WITHOUT_AI);
		expect(reply.text).toContain(SAMPLE_ACADEMY.trialPolicy.pt);
		expect(reply.text).toContain(`O que levar: ${SAMPLE_ACADEMY.whatToBring.pt}`);
		expect(reply.text.endsWith(`👉 Agende sua aula experimental aqui: ${bookingUrl}`)).toBe(true);
		expect(count(reply.text, bookingUrl)).toBe(1);
		expect(reply.buttons).toEqual([]);
	});

	it("puts the lead's personal booking link from the Cal.com node in place of the academy's page", async () => {
		const personal = `${bookingUrl}?name=Sheena&metadata%5BleadId%5D=lead-0001`;
		const { reply } = await runReply(
			[replyItem({ intent: 'CLASE_PRUEBA', language: 'en', booking: { url: personal } })],
			WITHOUT_AI,
		);
		expect(reply.text).toContain(`👉 Book your trial class here: ${personal}`);
		expect(count(reply.text, bookingUrl)).toBe(1);
	});

	it('adds the booking link to any answer for an INTERESTED lead, but never to an opt-out', async () => {
		const interested = await runReply([replyItem({ intent: 'PRECIO', language: 'es', lead: { state: 'INTERESTED' } })], WITHOUT_AI);
		expect(interested.reply.text.endsWith(`👉 Reserva tu clase de prueba aquí: ${bookingUrl}`)).toBe(true);
		const leaving = await runReply([replyItem({ intent: 'BAJA', language: 'es', lead: { state: 'INTERESTED' } })], WITHOUT_AI);
		expect(leaving.reply.text).not.toContain('http');
	});

	it('reassures beginners with the beginner and all-level classes', async () => {
		const { reply } = await runReply([replyItem({ intent: 'EXPERIENCIA', language: 'es', text: 'nunca entrené, puedo ir?' })], WITHOUT_AI);
		expect(reply.text).toContain('¡No necesitas experiencia!');
		expect(reply.text).toContain('• Jiu-Jitsu Gi (principiantes): lun, mié y vie 07:00–08:00; lun y mié 18:30–19:30');
		expect(reply.text).not.toContain('avanzados');
	});

	it('greets the lead by name', async () => {
		const { reply } = await runReply([replyItem({ intent: 'SALUDO', language: 'pt', lead: { name: 'Sheena' } })], WITHOUT_AI);
		expect(reply.text.startsWith('Olá Sheena! 👋 Obrigado por escrever para a Onda Jiu-Jitsu Miami.')).toBe(true);
		expect(reply.buttons.map((b) => b.title)).toEqual(['Preços', 'Horários', 'Aula experimental']);
	});

	it('hands over to a person with the hand-off flag set, and confirms an opt-out with the opt-out flag set', async () => {
		const human = await runReply([replyItem({ intent: 'HUMANO', language: 'en', text: 'can I talk to a person?' })], WITHOUT_AI);
		expect(human.reply).toMatchObject({ handOff: true, optOut: false, buttons: [] });
		expect(human.reply.text).toContain("I'm letting someone from the team know");
		const stop = await runReply([replyItem({ intent: 'BAJA', language: 'pt', text: 'pare de me mandar mensagem' })], WITHOUT_AI);
		expect(stop.reply).toMatchObject({ handOff: false, optOut: true, buttons: [] });
		expect(stop.reply.text).toBe(
			'Pronto, não vamos mais te enviar mensagens. Se um dia quiser voltar a treinar, é só escrever. 🙌',
		);
	});

	it("follows the lead's language, and the academy's own when the lead's is unknown", async () => {
		const english = await runReply([replyItem({ intent: 'OTRO', language: 'en' })], WITHOUT_AI);
		expect(english.reply.language).toBe('en');
		const item = replyItem({ intent: 'OTRO' });
		(item.json.intent as { language: string }).language = 'fr';
		(item.json.lead as { language: string }).language = 'fr';
		const unknown = await runReply([item], WITHOUT_AI);
		expect(unknown.reply.language).toBe(SAMPLE_ACADEMY.defaultLanguage);
		expect(unknown.reply.text).toContain('Thanks for your message!');
	});

	describe('every ready-made answer passes the checks a model answer must pass', () => {
		const cases = INTENTS.flatMap((intent) => (['es', 'pt', 'en'] as LeadLanguage[]).map((language) => [intent, language] as const));
		it.each(cases)('%s in %s', (intent, language) => {
			const context: ReplyContext = {
				academy: SAMPLE_ACADEMY,
				lead: sampleLead({ state: 'INTERESTED', language }),
				history: [],
				intent,
				language,
				text: '',
				textSource: 'text',
				imageDataUrl: null,
				bookingUrl,
				media: null,
			};
			const text = finishReply(deterministicAnswer(context), context, { addBookingLink: true, addMapLink: true });
			expect(validateReply(text, factsOf(SAMPLE_ACADEMY, [bookingUrl]), null)).toEqual([]);
			expect(count(text, bookingUrl)).toBeLessThanOrEqual(1);
			expect(count(text, mapUrl)).toBeLessThanOrEqual(1);
		});
	});
});
