import { openAiClient } from '../../../nodes/shared/openai-client';
import { FakeOpenAi } from '../../fakes/openai';

const fake = new FakeOpenAi();
beforeAll(async () => {
	await fake.start();
});
beforeEach(() => fake.reset());
afterAll(async () => {
	await fake.stop();
});

const ask = async (client: ReturnType<typeof openAiClient>) =>
	await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hola' }] });

describe('the OpenAI client the nodes share', () => {
	it('is built once per credential and tuning, and reused by every node that asks with the same ones', () => {
		const credentials = { apiKey: 'sk-a', baseUrl: `${fake.baseUrl}/`, organization: 'org-1' };
		const forReplies = openAiClient(credentials);
		expect(openAiClient({ ...credentials, baseUrl: fake.baseUrl })).toBe(forReplies);
		expect(openAiClient(credentials, { maxRetries: 0 })).toBe(forReplies);

		const forIntents = openAiClient(credentials, { timeoutMs: 20_000, maxRetries: 1 });
		expect(forIntents).not.toBe(forReplies);
		expect(openAiClient(credentials, { timeoutMs: 20_000, maxRetries: 1 })).toBe(forIntents);
		expect(openAiClient({ ...credentials, apiKey: 'sk-b' })).not.toBe(forReplies);
	});

	it('sends the API key, the organization and the custom header of the credential', async () => {
		fake.apiKey = 'sk-test-academy';
		await ask(
			openAiClient({
				apiKey: 'sk-test-academy',
				baseUrl: fake.baseUrl,
				organization: 'org-academy',
				headerName: 'X-Gateway-Key',
				headerSecret: 'gw-secret',
			}),
		);
		const [request] = fake.server.received(/chat\/completions$/);
		expect(request.headers).toMatchObject({
			authorization: 'Bearer sk-test-academy',
			'openai-organization': 'org-academy',
			'x-gateway-key': 'gw-secret',
		});
	});

	it('sends no Authorization header at all to a local server without a key', async () => {
		fake.apiKey = null;
		await ask(openAiClient({ baseUrl: fake.baseUrl }, { timeoutMs: 5000, maxRetries: 1 }));
		const [request] = fake.server.received(/chat\/completions$/);
		expect(request.headers.authorization).toBeUndefined();
	});
});
