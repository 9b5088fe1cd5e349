import type { IDataObject } from 'n8n-workflow';

import { LinearModel } from '../../../nodes/AcademyIntent/engine/linear-model';
import { offlineModel } from '../../../nodes/AcademyIntent/engine/offline';
import type { IntentResult } from '../../../nodes/shared/types';
import { FakeOpenAi, OPENAI_ERRORS } from '../../fakes/openai';
import { messageItem, OUTPUTS, routing, runIntent } from './intent-workflow';

const intentOf = (json: IDataObject) => json.intent as IntentResult;

describe('Academy Intent staff examples', () => {
	it('learns the phrases staff add, and answers differently for them', async () => {
		const text = 'y la inversión?';
		const before = await runIntent({}, [messageItem(text)]);
		expect(routing(before)).toEqual({ Other: [text] });

		const examples = {
			example: [{ intent: 'PRECIO', phrases: 'cuál es la inversión\ninversión mensual?' }],
		};
		const after = await runIntent({ examples }, [messageItem(text)]);
		expect(routing(after)).toEqual({ Price: [text] });
	});

	it('trains once for many items and again only when the examples change', async () => {
		const train = jest.spyOn(LinearModel, 'train');
		try {
			const examples = {
				example: [{ intent: 'HORARIO', phrases: 'tatami libre?\nopen mat cuando' }],
			};
			const items = Array.from({ length: 30 }, (_, i) => messageItem(`horarios ${i}?`));
			await runIntent({ examples }, items);
			expect(train).toHaveBeenCalledTimes(1);

			const sameContent = {
				example: [{ intent: 'HORARIO', phrases: '  open mat cuando\ntatami libre?\n' }],
			};
			await runIntent({ examples: sameContent }, items);
			expect(train).toHaveBeenCalledTimes(1);

			const changed = {
				example: [{ intent: 'HORARIO', phrases: 'tatami libre?\nopen mat qué días' }],
			};
			await runIntent({ examples: changed }, items);
			expect(train).toHaveBeenCalledTimes(2);
		} finally {
			train.mockRestore();
		}
	});

	it('shares one model between callers with the same examples in any order', () => {
		const a = offlineModel([
			{ intent: 'PRECIO', text: 'la inversión' },
			{ intent: 'HORARIO', text: 'open mat' },
		]);
		const b = offlineModel([
			{ intent: 'HORARIO', text: 'open mat ' },
			{ intent: 'PRECIO', text: 'la inversión' },
		]);
		expect(b).toBe(a);
		expect(offlineModel([{ intent: 'PRECIO', text: 'la inversión' }])).not.toBe(a);
	});
});

describe('Academy Intent keyword mode', () => {
	it('uses the seed table by default: whole words, accent-blind, the question before the greeting', async () => {
		const texts = [
			'hola',
			'Hola, cuanto es la mensualidad?',
			'dónde están?',
			'qué onda, soy principiante',
			'me pasan info?',
		];
		const run = await runIntent(
			{ mode: 'keywords' },
			texts.map((text) => messageItem(text)),
		);

		expect(routing(run)).toEqual({
			Greeting: ['hola'],
			Price: ['Hola, cuanto es la mensualidad?'],
			Location: ['dónde están?'],
			Experience: ['qué onda, soy principiante'],
			Other: ['me pasan info?'],
		});
		const [price] = run.output('Intent', OUTPUTS.indexOf('Price'));
		expect(intentOf(price.json)).toMatchObject({
			name: 'PRECIO',
			secondary: ['SALUDO'],
			mode: 'keywords',
			language: 'es',
		});
	});

	it('routes by the keywords staff write', async () => {
		const keywordRules = { rule: [{ intent: 'BAJA', keywords: 'stop, no me escriban' }] };
		const run = await runIntent({ mode: 'keywords', keywordRules }, [
			messageItem('STOP'),
			messageItem('porfa no me escriban más'),
			messageItem('precio?'),
		]);

		expect(routing(run)).toEqual({
			'Opt-Out': ['STOP', 'porfa no me escriban más'],
			Other: ['precio?'],
		});
	});
});

describe('Academy Intent with a language model', () => {
	const fake = new FakeOpenAi();
	let answer: Record<string, unknown>;
	const credentials = (apiKey = String(fake.apiKey)) => ({
		academyOpenAiApi: { apiKey, baseUrl: fake.baseUrl, model: 'gpt-4o-mini' },
	});
	const userMessages = () =>
		fake.chatRequests().map((body) => body.messages.find((m) => m.role === 'user')?.content);

	beforeAll(async () => {
		await fake.start();
		fake.models.push('other-model');
		fake.responder = () => JSON.stringify(answer);
	});

	beforeEach(() => {
		fake.reset();
		answer = { intent: 'HORARIO', secondary: ['SALUDO'], language: 'pt', confidence: 0.9 };
	});

	afterAll(async () => {
		await fake.stop();
	});

	it("asks the API at the credential's base URL for a structured answer and routes by it", async () => {
		const run = await runIntent({ mode: 'llm' }, [messageItem('oi, tem treino sexta?')], {
			credentials: credentials(),
		});

		const [item] = run.output('Intent', OUTPUTS.indexOf('Schedule'));
		expect(intentOf(item.json)).toEqual({
			name: 'HORARIO',
			confidence: 0.9,
			language: 'pt',
			secondary: ['SALUDO'],
			mode: 'llm',
		});
		const [request] = fake.server.received(/chat\/completions/, 'POST');
		expect(request.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
		const body = request.body as IDataObject;
		expect(body.model).toBe('gpt-4o-mini');
		expect(body.response_format).toMatchObject({
			type: 'json_schema',
			json_schema: { strict: true },
		});
		expect(userMessages()).toEqual(['oi, tem treino sexta?']);
	});

	it("uses the model named in the node over the credential's default", async () => {
		await runIntent({ mode: 'llm', options: { model: 'other-model' } }, [messageItem('hola')], {
			credentials: credentials(),
		});

		expect(fake.chatRequests().map((body) => body.model)).toEqual(['other-model']);
	});

	it('fails the item with a fix when the model answers something that is not an intent', async () => {
		answer = { intent: 'MAYBE_PRICE', secondary: [], language: 'es', confidence: 1 };
		const run = await runIntent({ mode: 'llm' }, [messageItem('precio?')], {
			credentials: credentials(),
		});

		expect(() => run.output('Intent')).toThrow(/intent this node does not know/);
	});

	it('explains a refused API key', async () => {
		const run = await runIntent({ mode: 'llm' }, [messageItem('precio?')], {
			credentials: credentials('sk-wrong'),
		});

		expect(() => run.output('Intent')).toThrow(/refused the API key/);
	});

	it('in hybrid mode asks the language model only when the offline model is unsure', async () => {
		const sure = 'cuanto sale la mensualidad?';
		const unsure = 'y la inversión?';
		const threshold = 0.8; // the node's default
		expect(offlineModel().classify(sure).confidence).toBeGreaterThanOrEqual(threshold);
		expect(offlineModel().classify(unsure).confidence).toBeLessThan(threshold);
		answer = { intent: 'PRECIO', secondary: [], language: 'es', confidence: 0.8 };

		const run = await runIntent({ mode: 'hybrid' }, [messageItem(sure), messageItem(unsure)], {
			credentials: credentials(),
		});

		expect(userMessages()).toEqual([unsure]);
		const modes = run
			.output('Intent', OUTPUTS.indexOf('Price'))
			.map((item) => intentOf(item.json).mode);
		expect(modes).toEqual(['model', 'llm']);
	});

	it('in hybrid mode keeps the offline answer when the language model is down', async () => {
		fake.failChat({ status: 503, body: OPENAI_ERRORS.server }, 4);
		const run = await runIntent(
			{ mode: 'hybrid', threshold: 0.99 },
			[messageItem('y la inversión?')],
			{
				credentials: credentials(),
			},
		);

		const [item] = run.output('Intent', OUTPUTS.indexOf('Other'));
		expect(intentOf(item.json)).toMatchObject({ name: 'OTRO', mode: 'model' });
		expect(fake.server.received(/chat\/completions/).length).toBeGreaterThan(0);
	});
});
