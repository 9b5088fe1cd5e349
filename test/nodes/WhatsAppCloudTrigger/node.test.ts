import { resolveWebhookDescriptionField, type ICredentialsDecrypted, type ICredentialTestFunctions, type INode } from 'n8n-workflow';

import { WhatsAppCloudTrigger } from '../../../nodes/WhatsAppCloudTrigger/WhatsAppCloudTrigger.node';
import { isolatedStorage } from '../../helpers/storage';

const storage = isolatedStorage('wa_trigger_node');
afterAll(async () => await storage.cleanup());

const node = new WhatsAppCloudTrigger();
const credentialTest = (name: string, data: object) =>
	node.methods.credentialTest[name as keyof typeof node.methods.credentialTest].call(
		{} as ICredentialTestFunctions,
		{ id: 'c', name: 'c', type: 't', data } as unknown as ICredentialsDecrypted,
	);

describe('WhatsApp Cloud Trigger: credentials', () => {
	it('always needs WhatsApp and Postgres, and Redis only when Redis is chosen', () => {
		expect(node.description.credentials).toEqual([
			{ name: 'whatsAppCloudApi', required: true },
			{ name: 'academyPostgresApi', required: true, testedBy: 'academyPostgresConnectionTest' },
			{
				name: 'academyRedisApi',
				required: true,
				testedBy: 'academyRedisConnectionTest',
				displayOptions: { show: { deliveryStore: ['redis'] } },
			},
		]);
		const store = node.description.properties.find((p) => p.name === 'deliveryStore');
		expect(store?.default).toBe('postgres');
	});

	it('tests the Postgres and Redis credentials by connecting to them', async () => {
		expect(await credentialTest('academyPostgresConnectionTest', storage.postgres)).toMatchObject({ status: 'OK' });
		expect(await credentialTest('academyRedisConnectionTest', storage.redis)).toMatchObject({ status: 'OK' });
		expect(await credentialTest('academyPostgresConnectionTest', { ...storage.postgres, port: 1 })).toMatchObject({
			status: 'Error',
		});
		expect(await credentialTest('academyRedisConnectionTest', { ...storage.redis, port: 1 })).toMatchObject({
			status: 'Error',
		});
	});
});

describe('WhatsApp Cloud Trigger: webhook path', () => {
	const trigger = { parameters: { path: 'academy-one/whatsapp' } } as unknown as INode;

	it('is read from the Path parameter without an expression, and the editor still gets the template', () => {
		for (const webhook of node.description.webhooks ?? []) {
			expect(resolveWebhookDescriptionField(trigger, webhook, 'path')).toEqual({ resolved: true, value: 'academy-one/whatsapp' });
			expect(JSON.parse(JSON.stringify(webhook)).path).toBe('={{$parameter["path"]}}');
		}
	});
});
