import { AcademyOpenAiApi } from '../../../credentials/AcademyOpenAiApi.credentials';
import { useFakeOpenAi } from './reply-workflow';

const fake = useFakeOpenAi();
const credential = new AcademyOpenAiApi();

/** The credential's connection test as n8n runs it: its request, with the credential's headers. */
async function connectionTest(data: Record<string, string>): Promise<Response> {
	const { headers } = await credential.authenticate(data, { url: '/models', headers: {} });
	expect(credential.test.request.url).toBe('/models');
	return await fetch(`${data.baseUrl}/models`, { headers: headers as Record<string, string> });
}

describe('the OpenAI-compatible credential', () => {
	it('passes its connection test with a key the endpoint accepts, and fails with one it refuses', async () => {
		const good = await connectionTest({ apiKey: 'sk-test-academy', baseUrl: fake.baseUrl, organization: 'org-academy-test' });
		expect(good.status).toBe(200);
		expect(await good.json()).toMatchObject({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model' }, { id: 'whisper-1' }] });
		expect(fake.server.requests[0].headers['openai-organization']).toBe('org-academy-test');

		const bad = await connectionTest({ apiKey: 'sk-wrong', baseUrl: fake.baseUrl });
		expect(bad.status).toBe(401);
	});

	it('sends no Authorization header at all to a server that needs no key', async () => {
		fake.apiKey = null;
		const response = await connectionTest({ apiKey: '', baseUrl: fake.baseUrl });
		expect(response.status).toBe(200);
		expect(fake.server.requests[0].headers.authorization).toBeUndefined();
	});

	it('adds the extra header a gateway needs', async () => {
		await connectionTest({ apiKey: 'sk-test-academy', baseUrl: fake.baseUrl, headerName: 'api-key', headerSecret: 'azure-secret' });
		expect(fake.server.requests[0].headers['api-key']).toBe('azure-secret');
	});
});
