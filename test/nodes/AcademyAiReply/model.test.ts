import type { HistoryEntry } from '../../../nodes/shared/types';
import { SAMPLE_ACADEMY } from '../../data/academy-profile';
import { openAiCredentials, replyItem, runReply, useFakeClock, useFakeOpenAi } from './reply-workflow';

const fake = useFakeOpenAi();
useFakeClock();

const PRICE_ANSWER =
	'¡Hola Sheena! El plan Unlimited sale $189 por mes y el de dos veces por semana $139 por mes. La primera clase es gratis. ¿Te gustaría probar?';

const HISTORY: HistoryEntry[] = [
	{ direction: 'in', text: 'hola!', at: '2026-03-02T14:00:00.000Z' },
	{ direction: 'out', text: '¡Hola! ¿En qué te puedo ayudar?', at: '2026-03-02T14:00:03.000Z' },
	{ direction: 'in', text: 'cuánto sale por mes?', at: '2026-03-02T14:05:00.000Z' },
];

describe('answers written by an OpenAI-compatible model through the official SDK', () => {
	it('answers from the model with its tokens and latency, and leaves by the Reply output', async () => {
		fake.replyWith(PRICE_ANSWER);
		const { reply, replied, fellBack } = await runReply(
			[replyItem({ intent: 'PRECIO', language: 'es', text: 'cuánto sale por mes?', history: HISTORY })],
			{ credentials: openAiCredentials(fake) },
		);
		expect(fellBack).toHaveLength(0);
		expect(replied[0].pairedItem).toEqual({ item: 0 });
		expect(reply).toMatchObject({
			text: PRICE_ANSWER,
			mode: 'model',
			model: 'gpt-4o-mini',
			attempts: 1,
			slow: false,
			handOff: false,
			optOut: false,
			fallbackReason: null,
			language: 'es',
			intent: 'PRECIO',
		});
		const [request] = fake.chatRequests();
		const usage = { prompt: Math.ceil(request.messages.map((m) => m.content as string).join('\n').length / 4), completion: Math.ceil(PRICE_ANSWER.length / 4) };
		expect(reply.tokens).toEqual(usage);
		expect(reply.latencyMs).toBeGreaterThanOrEqual(0);
	});

	it('sends the credential, the model settings, the academy facts and the lead state', async () => {
		fake.replyWith(PRICE_ANSWER);
		await runReply(
			[replyItem({ intent: 'PRECIO', language: 'es', text: 'cuánto sale por mes?', lead: { state: 'INTERESTED', level: 'nunca entrené' } })],
			{ credentials: openAiCredentials(fake), parameters: { options: { temperature: 0.2, maxTokens: 300 } } },
		);
		const [http] = fake.server.received(/chat\/completions$/);
		expect(http.headers.authorization).toBe('Bearer sk-test-academy');
		expect(http.headers['openai-organization']).toBe('org-academy-test');
		const [request] = fake.chatRequests();
		expect(request).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.2, max_tokens: 300 });
		const system = fake.systemPrompts()[0];
		expect(system).toContain('Reply in Spanish');
		expect(system).toContain('• Ilimitado: $189 por mes');
		expect(system).toContain(`Address: ${SAMPLE_ACADEMY.address}`);
		expect(system).toContain('Class times (hora oriental):');
		expect(system).toContain(`Trial class: ${SAMPLE_ACADEMY.trialPolicy.es}`);
		expect(system).toContain('Stage: INTERESTED (wants to try a class)');
		expect(system).toContain('Level or experience: "nunca entrené"');
		expect(system).toContain('Give the price plans exactly as written in the facts');
	});

	it('hands the model the recent conversation as turns, without repeating the message it answers', async () => {
		fake.replyWith(PRICE_ANSWER);
		await runReply([replyItem({ intent: 'PRECIO', language: 'es', text: 'cuánto sale por mes?', history: HISTORY })], {
			credentials: openAiCredentials(fake),
		});
		const { messages } = fake.chatRequests()[0];
		expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
		expect(messages[1].content).toBe('<lead_message kind="text">\nhola!\n</lead_message>');
		expect(messages[2].content).toBe('¡Hola! ¿En qué te puedo ayudar?');
		expect(messages[3].content).toBe('<lead_message kind="text">\ncuánto sale por mes?\n</lead_message>');
	});

	it('keeps only as many past messages as the History Length option says', async () => {
		fake.replyWith(PRICE_ANSWER);
		await runReply([replyItem({ intent: 'PRECIO', language: 'es', text: 'y el anual?', history: HISTORY })], {
			credentials: openAiCredentials(fake),
			parameters: { options: { historyLimit: 1 } },
		});
		expect(fake.chatRequests()[0].messages.map((m) => m.role)).toEqual(['system', 'user', 'user']);

		fake.replyWith(PRICE_ANSWER);
		await runReply([replyItem({ intent: 'PRECIO', language: 'es', text: 'y el anual?', history: HISTORY })], {
			credentials: openAiCredentials(fake),
			parameters: { options: { historyLimit: 0 } },
		});
		expect(fake.chatRequests()[1].messages.map((m) => m.role)).toEqual(['system', 'user']);
	});

	it('lets staff change the persona, the tone and the instructions of an intent', async () => {
		fake.replyWith(PRICE_ANSWER);
		await runReply([replyItem({ intent: 'PRECIO', language: 'es' })], {
			credentials: openAiCredentials(fake),
			parameters: {
				persona: 'Carla, the owner of the academy',
				tone: 'professional',
				instructions: { PRECIO: 'Only give the Unlimited plan.' },
			},
		});
		const system = fake.systemPrompts()[0];
		expect(system).toContain('You are Carla, the owner of the academy.');
		expect(system).toContain('Tone: Polite, clear and calm. No slang and no emoji.');
		expect(system).toContain('Only give the Unlimited plan.');
		expect(system).not.toContain('Give the price plans exactly');
	});

	it('adds the booking link after a trial-class answer, and not a second time when the model wrote it', async () => {
		const link = SAMPLE_ACADEMY.bookingUrl;
		fake.replyWith('¡Genial! La primera clase es gratis. Llega 15 minutos antes.');
		const appended = await runReply([replyItem({ intent: 'CLASE_PRUEBA', language: 'es' })], { credentials: openAiCredentials(fake) });
		expect(appended.reply.text).toBe(
			`¡Genial! La primera clase es gratis. Llega 15 minutos antes.\n\n👉 Reserva tu clase de prueba aquí: ${link}`,
		);

		fake.replyWith(`¡Genial! Reservá acá: [tu clase](${link})\n\nO directo: ${link}`);
		const written = await runReply([replyItem({ intent: 'CLASE_PRUEBA', language: 'es' })], { credentials: openAiCredentials(fake) });
		expect(written.reply.text).toBe(`¡Genial! Reservá acá: tu clase: ${link}`);
		expect(written.reply.mode).toBe('model');
	});

	it('adds the map link to a location answer once', async () => {
		fake.replyWith(`Estamos en ${SAMPLE_ACADEMY.address}. ¡Te esperamos!`);
		const { reply } = await runReply([replyItem({ intent: 'UBICACION', language: 'es' })], { credentials: openAiCredentials(fake) });
		expect(reply.text.split(SAMPLE_ACADEMY.mapUrl)).toHaveLength(2);
		expect(reply.text.endsWith(`📍 Cómo llegar: ${SAMPLE_ACADEMY.mapUrl}`)).toBe(true);
	});

	it('flags an answer slower than the alert line and reports how long it took', async () => {
		fake.replyWith({ content: PRICE_ANSWER, delayMs: 1200 });
		const { reply } = await runReply([replyItem({ intent: 'PRECIO', language: 'es' })], {
			credentials: openAiCredentials(fake),
			parameters: { options: { slowThreshold: 1 } },
		});
		expect(reply.mode).toBe('model');
		expect(reply.slow).toBe(true);
		expect(reply.latencyMs).toBeGreaterThanOrEqual(1200);
	});

	it('answers hand-off and opt-out without asking the model', async () => {
		const { reply } = await runReply([replyItem({ intent: 'BAJA', language: 'en', text: 'STOP' })], { credentials: openAiCredentials(fake) });
		expect(reply).toMatchObject({ mode: 'deterministic', optOut: true, attempts: 0, tokens: null });
		expect(fake.chatRequests()).toHaveLength(0);
	});

	it('answers without AI when staff choose so, even with a credential', async () => {
		const { reply } = await runReply([replyItem({ intent: 'PRECIO', language: 'en' })], {
			credentials: openAiCredentials(fake),
			parameters: { answerSource: 'deterministic' },
		});
		expect(reply.mode).toBe('deterministic');
		expect(reply.text).toContain('• Unlimited: $189 per month');
		expect(fake.chatRequests()).toHaveLength(0);
	});

	it('answers without AI when the credential has no API key for OpenAI', async () => {
		const { reply } = await runReply([replyItem({ intent: 'PRECIO', language: 'en' })], {
			credentials: openAiCredentials(fake, { apiKey: '', baseUrl: 'https://api.openai.com/v1' }),
		});
		expect(reply.mode).toBe('deterministic');
		expect(reply.fallbackReason).toBeNull();
	});

	it('talks to a local server that needs no key (Ollama) without an Authorization header', async () => {
		fake.apiKey = null;
		fake.models = ['llama3.2', 'gpt-4o-mini', 'whisper-1'];
		fake.replyWith(PRICE_ANSWER);
		const { reply } = await runReply([replyItem({ intent: 'PRECIO', language: 'es' })], {
			credentials: openAiCredentials(fake, { apiKey: '', model: 'llama3.2' }),
		});
		expect(reply).toMatchObject({ mode: 'model', model: 'llama3.2' });
		expect(fake.server.received(/chat\/completions$/)[0].headers.authorization).toBeUndefined();
	});

	it('sends the extra header a gateway asks for (Azure-style api-key)', async () => {
		fake.replyWith(PRICE_ANSWER);
		await runReply([replyItem({ intent: 'PRECIO', language: 'es' })], {
			credentials: openAiCredentials(fake, { headerName: 'api-key', headerSecret: 'azure-secret' }),
		});
		expect(fake.server.received(/chat\/completions$/)[0].headers['api-key']).toBe('azure-secret');
	});
});
