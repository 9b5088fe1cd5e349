import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

export class CalComApi implements ICredentialType {
	name = 'calComApi';

	displayName = 'Academy Bot Cal.com API';

	icon: Icon = { light: 'file:../icons/calcom.svg', dark: 'file:../icons/calcom.dark.svg' };

	documentationUrl = 'https://cal.com/docs/api-reference/v2/introduction';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.cal.com',
			description: 'Change for a self-hosted Cal.com',
		},
		{
			displayName: 'Public Booking Page URL',
			name: 'bookingPageUrl',
			type: 'string',
			default: '',
			placeholder: 'https://cal.com/your-academy/trial-class',
			description: 'The page leads open to book the free trial class',
		},
		{
			displayName: 'Event Type ID',
			name: 'eventTypeId',
			type: 'number',
			default: 0,
			description: 'The trial-class event type, used for free slots',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Cal.com signs each webhook with it; webhooks with a missing or wrong signature are refused',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/$/, "")}}',
			url: '/v2/me',
			method: 'GET',
			headers: { 'cal-api-version': '2024-06-14' },
		},
	};
}
