import type { IDataObject } from 'n8n-workflow';

import { INTENTS, type IntentResult } from '../../../nodes/shared/types';
import { configuredOutputs } from '../../../nodes/AcademyIntent/outputs';
import { messageItem, OUTPUTS, routing, runIntent } from './intent-workflow';

const intentOf = (json: IDataObject) => json.intent as IntentResult;

describe('Academy Intent node routing', () => {
	it('sends each message to the output of its intent, Other last', async () => {
		const texts = [
			'buenas tardes',
			'cuanto sale la mensualidad?',
			'que horarios tienen para adultos?',
			'where are you located?',
			'quero agendar uma aula experimental',
			'nunca entrené, sirve para principiantes?',
			'quiero hablar con una persona',
			'parem de mandar mensagem',
			'valeu!',
		];
		const run = await runIntent(
			{},
			texts.map((text) => messageItem(text)),
		);

		expect(routing(run)).toEqual({
			Greeting: ['buenas tardes'],
			Price: ['cuanto sale la mensualidad?'],
			Schedule: ['que horarios tienen para adultos?'],
			Location: ['where are you located?'],
			'Trial Class': ['quero agendar uma aula experimental'],
			Experience: ['nunca entrené, sirve para principiantes?'],
			Human: ['quiero hablar con una persona'],
			'Opt-Out': ['parem de mandar mensagem'],
			Other: ['valeu!'],
		});
	});

	it('keeps the item, adds intent with confidence, language and mode, and pairs it with its input', async () => {
		const run = await runIntent({}, [
			messageItem('hi, how much is it per month?', { lead: { id: 'lead-1' } }),
		]);
		const [item] = run.output('Intent', OUTPUTS.indexOf('Price'));

		expect(item.json.lead).toEqual({ id: 'lead-1' });
		expect((item.json.message as IDataObject).text).toBe('hi, how much is it per month?');
		expect(intentOf(item.json)).toEqual({
			name: 'PRECIO',
			confidence: expect.any(Number),
			language: 'en',
			secondary: ['SALUDO'],
			mode: 'model',
		});
		expect(intentOf(item.json).confidence).toBeGreaterThan(0.5);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('reports the language of each message so replies can follow it', async () => {
		const texts = ['dónde quedan?', 'onde fica a academia?', 'where is the gym?'];
		const run = await runIntent(
			{},
			texts.map((text) => messageItem(text)),
		);
		const items = run.output('Intent', OUTPUTS.indexOf('Location'));

		expect(items.map((item) => intentOf(item.json).language)).toEqual(['es', 'pt', 'en']);
	});

	it("reports the lead's language for a message without words, and Spanish for a new lead", async () => {
		const run = await runIntent({}, [
			messageItem('👍', { lead: { language: 'pt' } }),
			messageItem('👍', { lead: { language: null } }),
		]);
		const items = run.output('Intent', OUTPUTS.indexOf('Other'));

		expect(items.map((item) => intentOf(item.json).language)).toEqual(['pt', 'es']);
	});

	it('refuses a Language When Unsure that is not es, pt or en', async () => {
		const run = await runIntent({ fallbackLanguage: 'fr' }, [messageItem('hola')]);

		expect(() => run.output('Intent')).toThrow(/Language When Unsure must be es, pt or en/);
	});

	it("puts a greeting that comes with a question on the question's output, SALUDO secondary", async () => {
		const texts = [
			'hola, cuánto sale?',
			'oi tudo bem? qual o endereço',
			'hey! can i try a class tomorrow?',
		];
		const run = await runIntent(
			{},
			texts.map((text) => messageItem(text)),
		);

		const price = run.output('Intent', OUTPUTS.indexOf('Price'));
		const location = run.output('Intent', OUTPUTS.indexOf('Location'));
		const trial = run.output('Intent', OUTPUTS.indexOf('Trial Class'));
		for (const item of [...price, ...location, ...trial])
			expect(intentOf(item.json).secondary).toEqual(['SALUDO']);
		expect([price.length, location.length, trial.length]).toEqual([1, 1, 1]);
		expect(run.output('Intent', OUTPUTS.indexOf('Greeting'))).toEqual([]);
	});

	it('keeps a second question as a secondary intent', async () => {
		const run = await runIntent({}, [messageItem('cuanto sale y que horarios tienen?')]);
		const [item] = run.output('Intent', OUTPUTS.indexOf('Price'));

		expect(intentOf(item.json).secondary).toEqual(['HORARIO']);
	});

	it('sends messages without words (a photo, a sticker) to Other', async () => {
		const run = await runIntent({}, [messageItem('')]);
		const [item] = run.output('Intent', OUTPUTS.indexOf('Other'));

		expect(intentOf(item.json)).toMatchObject({ name: 'OTRO', secondary: [] });
	});

	it('gives only the chosen intents an output; the rest go to Other', async () => {
		const outputs = ['Price', 'Opt-Out', 'Other'];
		const run = await runIntent(
			{ routedIntents: ['BAJA', 'PRECIO'] },
			['cuánto cuesta?', 'stop', 'qué horarios tienen?'].map((text) => messageItem(text)),
			{ outputs },
		);

		expect(routing(run, outputs)).toEqual({
			Price: ['cuánto cuesta?'],
			'Opt-Out': ['stop'],
			Other: ['qué horarios tienen?'],
		});
		expect(intentOf(run.output('Intent', 2)[0].json).name).toBe('HORARIO');
	});

	it('names its outputs after INTENTS, in their order, from the expression n8n evaluates', () => {
		const outputs = configuredOutputs({});
		expect(outputs.map((o) => o.displayName)).toEqual(OUTPUTS);
		expect(outputs).toHaveLength(INTENTS.length);
		const source = `(${configuredOutputs.toString()})`;
		// n8n evaluates the function from its source text, so it must work without its module.
		const evaluated = (0, eval)(source)({ routedIntents: ['HUMANO', 'SALUDO'] }) as Array<{
			displayName: string;
		}>;
		expect(evaluated.map((o) => o.displayName)).toEqual(['Greeting', 'Human', 'Other']);
	});

	it('with continue on fail, sends an item whose text cannot be read to Other with the error, and goes on', async () => {
		const run = await runIntent(
			{ text: '={{ $json.message.text || $json.payload }}' },
			[messageItem('', { payload: { not: 'text' } }), messageItem('precio?')],
			{ settings: { onError: 'continueRegularOutput' } },
		);

		const [failed] = run.output('Intent', OUTPUTS.indexOf('Other'));
		expect(failed.json.error).toMatch(/Text parameter is not a text/);
		expect(failed.json.payload).toEqual({ not: 'text' });
		expect(failed.pairedItem).toEqual({ item: 0 });
		expect(run.output('Intent', OUTPUTS.indexOf('Price'))).toHaveLength(1);
	});

	it('without continue on fail, stops with an error that says how to fix the text', async () => {
		const run = await runIntent({ text: '={{ $json.payload }}' }, [
			messageItem('', { payload: { not: 'text' } }),
		]);

		expect(() => run.output('Intent')).toThrow(/Text parameter is not a text/);
	});
});
