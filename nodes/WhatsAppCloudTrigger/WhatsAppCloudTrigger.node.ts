import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { academyPostgresConnectionTest, academyRedisConnectionTest } from '../shared/storage/credential-tests';
import { answerHandshake } from './handshake';
import { configuredOutputs } from './outputs';
import { properties } from './properties';
import { receive } from './receive';
import { subscriptionMethods } from './subscription';
import { pathFromParameter } from './webhook-path';

export class WhatsAppCloudTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Cloud Trigger',
		name: 'whatsAppCloudTrigger',
		icon: { light: 'file:../../icons/whatsapp.svg', dark: 'file:../../icons/whatsapp.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "/webhook/" + $parameter["path"] }}',
		description: 'Starts the workflow when a WhatsApp message reaches one of the academy numbers',
		defaults: { name: 'WhatsApp Cloud Trigger' },
		inputs: [],
		outputs: `={{(${configuredOutputs})($parameter)}}`,
		credentials: [
			{ name: 'whatsAppCloudApi', required: true },
			{ name: 'academyPostgresApi', required: true, testedBy: 'academyPostgresConnectionTest' },
			{
				name: 'academyRedisApi',
				required: true,
				testedBy: 'academyRedisConnectionTest',
				displayOptions: { show: { deliveryStore: ['redis'] } },
			},
		],
		webhooks: [
			{
				name: 'setup',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				...pathFromParameter,
				isFullPath: true,
			},
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				...pathFromParameter,
				isFullPath: true,
			},
		],
		properties,
	};

	methods = {
		credentialTest: { academyPostgresConnectionTest, academyRedisConnectionTest },
	};

	webhookMethods = {
		default: subscriptionMethods,
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return this.getWebhookName() === 'setup' ? await answerHandshake.call(this) : await receive.call(this);
	}
}
