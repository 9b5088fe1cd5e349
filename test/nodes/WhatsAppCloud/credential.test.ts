import { Workflow, type IDataObject } from 'n8n-workflow';

import { WhatsAppCloudApi } from '../../../credentials/WhatsAppCloudApi.credentials';
import { nodeTypes } from '../../helpers/workflow-runner';
import { useGraphFake } from './run';

const graph = useGraphFake();
const credential = new WhatsAppCloudApi();

/** The credential's test request with its expressions resolved, as n8n's credential test does. */
function testRequest(data: IDataObject) {
	const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes });
	const node = { id: 'n', name: 'n', type: 'x', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const resolve = (value: string) =>
		workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: data }) as string;
	const { baseURL, url, method } = credential.test.request;
	const authorization = resolve(credential.authenticate.properties.headers!.Authorization as string);
	return { url: `${resolve(baseURL!)}${resolve(url!)}`, method: method ?? 'GET', authorization };
}

describe('WhatsApp Cloud API credential', () => {
	it('tests the connection by reading the default phone number from the Graph API', async () => {
		const data = { ...graph.credentials(), baseUrl: `${graph.url}/` } as IDataObject;
		const { url, method, authorization } = testRequest(data);
		expect(url).toBe(`${graph.url}/v24.0/${graph.phoneNumberId}`);
		expect(authorization).toBe(`Bearer ${graph.accessToken}`);
		const response = await fetch(url, { method, headers: { authorization } });
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ id: graph.phoneNumberId, display_phone_number: '15550783881' });
	});

	it('defaults to a current Graph API version and Meta\'s base URL', () => {
		const defaults = Object.fromEntries(credential.properties.map((p) => [p.name, p.default]));
		expect(defaults.graphApiVersion).toBe('v24.0');
		expect(defaults.baseUrl).toBe('https://graph.facebook.com');
	});
});
