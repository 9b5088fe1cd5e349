import { OPENAI_ERRORS } from '../../fakes/openai';
import { NODE_NAME, openAiCredentials, replyItem, runReply, useFakeClock, useFakeOpenAi } from './reply-workflow';

const fake = useFakeOpenAi();
useFakeClock();

describe('the Academy AI Reply node in a workflow', () => {
	it('keeps each item whole, adds `reply`, and pairs every output item with its input', async () => {
		fake.replyWith('Unlimited is $189 per month.');
		fake.failChat({ status: 401, body: OPENAI_ERRORS.invalidKey }, 1);
		const items = [
			replyItem({ intent: 'HUMANO', language: 'en' }),
			replyItem({ intent: 'PRECIO', language: 'en' }),
			replyItem({ intent: 'PRECIO', language: 'en' }),
		];
		const { replied, fellBack } = await runReply(items, { credentials: openAiCredentials(fake) });
		expect(replied.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(fellBack.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(replied[0].json.message).toEqual(items[0].json.message);
		expect(replied[0].json.intent).toEqual(items[0].json.intent);
		expect(Object.keys(replied[1].json)).toEqual(['message', 'academy', 'lead', 'history', 'intent', 'reply']);
	});

	it('fails with a clear error, naming what to fix, when the item has no academy profile', async () => {
		const item = replyItem({ intent: 'PRECIO' });
		delete item.json.academy;
		const { run, replied } = await runReply([item], { credentials: openAiCredentials(fake) });
		const error = run.run.data.resultData.runData[NODE_NAME][0].error!;
		expect(error.message).toBe('The academy profile is missing');
		expect(error.description).toContain('Put the Academy Lead node before this node');
		expect(replied).toHaveLength(0);
		expect(fake.server.requests).toHaveLength(0);
	});

	it('refuses an intent it does not know without repeating the value, which could be the lead\'s words', async () => {
		const item = replyItem({});
		(item.json.intent as { name: string }).name = 'quiero saber el precio, soy Ana +34600111222';
		const { run } = await runReply([item], { credentials: openAiCredentials(fake) });
		const error = run.run.data.resultData.runData[NODE_NAME][0].error!;
		expect(error.message).toBe('The intent on this item is not one this node knows');
		expect(JSON.stringify(error)).not.toContain('34600111222');
		expect(error.description).toContain('SALUDO, PRECIO, HORARIO');
	});

	it('with "continue on fail", answers the good items and passes the bad one on with its error', async () => {
		const bad = replyItem({ intent: 'PRECIO' });
		bad.json.academy = { name: 'Onda' };
		const { replied } = await runReply([bad, replyItem({ intent: 'BAJA', language: 'es' })], {
			credentials: openAiCredentials(fake),
			settings: { continueOnFail: true },
		});
		expect(replied).toHaveLength(2);
		expect(replied[0]).toMatchObject({ json: { error: 'The academy profile has no prices' }, pairedItem: { item: 0 } });
		expect(replied[1].json.reply).toMatchObject({ optOut: true });
	});

	it('answers an item without an intent as "anything else"', async () => {
		const item = replyItem({ language: 'en' });
		delete item.json.intent;
		const { reply } = await runReply([item], { parameters: { answerSource: 'deterministic' }, settings: { noCredentials: true } });
		expect(reply.intent).toBe('OTRO');
	});

	it('explains a base URL that is not a web address', async () => {
		const { run } = await runReply([replyItem({ intent: 'PRECIO' })], {
			credentials: openAiCredentials(fake, { baseUrl: 'localhost:11434' }),
		});
		const error = run.run.data.resultData.runData[NODE_NAME][0].error!;
		expect(error.message).toBe('The base URL in the OpenAI-compatible credential is not a web address');
		expect(error.description).toContain('http://localhost:11434/v1');
	});

	it('asks staff for a model when neither the node nor the credential names one', async () => {
		const { run } = await runReply([replyItem({ intent: 'PRECIO' })], { credentials: openAiCredentials(fake, { model: '' }) });
		expect(run.run.data.resultData.runData[NODE_NAME][0].error!.message).toBe('No model is chosen');
	});
});
