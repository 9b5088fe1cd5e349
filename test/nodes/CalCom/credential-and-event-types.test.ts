import { LoadOptionsContext } from 'n8n-core';
import { Workflow, type IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { CalComApi } from '../../../credentials/CalComApi.credentials';
import { getEventTypes, getEventTypesOrAll } from '../../../nodes/CalCom/methods/loadOptions';
import { CAL_API_KEY, CalApiFake, CAL_API_VERSIONS } from '../../fakes/cal-api';
import { isolatedStorage } from '../../helpers/storage';
import { nodeTypes } from '../../helpers/workflow-runner';
import { calTrigger } from '../CalComTrigger/trigger-harness';

const fake = new CalApiFake();
const storage = isolatedStorage('cal_credential');
beforeAll(async () => void (await fake.start()));
afterAll(async () => {
	await fake.stop();
	await storage.cleanup();
});
beforeEach(() => void (fake.requests.length = 0));

/** The credential's test request, resolved the way n8n resolves it, sent to the fake. */
async function testCredential(data: { apiKey: string; baseUrl: string }) {
	const credential = new CalComApi();
	const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes });
	const resolve = (value: string) =>
		String(
			workflow.expression.getSimpleParameterValue(
				{ id: 'n', name: 'n', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} },
				value,
				'internal',
				{ $credentials: data },
			),
		);
	const { baseURL, url, method } = credential.test.request;
	const authorization = resolve(
		credential.authenticate.properties.headers!.Authorization as string,
	);
	return await fetch(`${resolve(baseURL!)}${url}`, {
		method,
		headers: { Authorization: authorization },
	});
}

describe('Cal.com credential', () => {
	it('is tested with GET /v2/me and the Bearer key, also when the base URL ends in / or /v2', async () => {
		for (const baseUrl of [fake.url, `${fake.url}/`, `${fake.url}/v2`]) {
			const response = await testCredential({ apiKey: CAL_API_KEY, baseUrl });
			expect(response.status).toBe(200);
		}
		expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(Array(3).fill('GET /v2/me'));
	});

	it('fails the test with a wrong key', async () => {
		expect((await testCredential({ apiKey: 'cal_live_wrong', baseUrl: fake.url })).status).toBe(
			401,
		);
	});
});

describe('Event type choice lists', () => {
	function loadOptionsContext(calComApi: Record<string, string>) {
		const trigger = calTrigger({ fake, storage, calComApi });
		const additionalData = (
			trigger as unknown as { additionalData: IWorkflowExecuteAdditionalData }
		).additionalData;
		return new LoadOptionsContext(
			trigger.workflow,
			trigger.node,
			additionalData,
			'options.eventTypeId',
		);
	}

	it("lists the key owner's event types with the event types API version", async () => {
		const context = loadOptionsContext({});
		expect(await getEventTypes.call(context)).toEqual([
			{ name: 'From Credential or Booking Page', value: 0 },
			{ name: 'Free trial class (trial-class)', value: 1001 },
			{ name: 'Private lesson (private-lesson)', value: 1002 },
		]);
		expect((await getEventTypesOrAll.call(context))[0]).toEqual({
			name: 'All Event Types',
			value: 0,
		});
		expect(fake.requests[0].headers['cal-api-version']).toBe(CAL_API_VERSIONS.eventTypes);
	});

	it('points at the credential field when the event types answer comes in an older shape', async () => {
		const context = loadOptionsContext({ eventTypesApiVersion: '2024-01-01' });
		await expect(getEventTypes.call(context)).rejects.toThrow(
			/version 2024-01-01 of its eventTypes API/,
		);
	});
});

describe('Webhook registration with Cal.com cloud', () => {
	it('explains that Cal.com needs a public https address before trying to register', async () => {
		const trigger = calTrigger({
			fake,
			storage,
			parameters: { registration: 'automatic' },
			calComApi: { baseUrl: 'https://api.cal.com/' },
		});
		await expect(trigger.lifecycle('create')).rejects.toThrow(
			'Cal.com only sends webhooks to public https:// addresses',
		);
	});
});
