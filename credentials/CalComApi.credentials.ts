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
			description:
				'Cal.com → Settings → Developer → API Keys. It starts with cal_live_ or cal_test_.',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.cal.com',
			description:
				'Where the v2 API answers, without /v2. Change it only for a self-hosted Cal.com (the address of its API v2 service).',
		},
		{
			displayName: 'Public Booking Page URL',
			name: 'bookingPageUrl',
			type: 'string',
			default: '',
			placeholder: 'https://cal.com/your-academy/trial-class',
			description:
				'The page leads open to book the free trial class. Used when the academy profile has no booking page of its own.',
		},
		{
			displayName: 'Event Type ID',
			name: 'eventTypeId',
			type: 'number',
			default: 0,
			description:
				'The trial-class event type, used for free slots. Leave 0 to find the event type from the booking page URL.',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Cal.com signs each webhook with it; webhooks with a missing or wrong signature are refused. For a webhook you create by hand in Cal.com, paste the same secret there.',
		},
		{
			displayName:
				'Cal.com pins each API area to a version date sent in the cal-api-version header. Change these only when Cal.com announces a new version for an area.',
			name: 'apiVersionsNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Slots API Version',
			name: 'slotsApiVersion',
			type: 'string',
			default: '2024-09-04',
		},
		{
			displayName: 'Event Types API Version',
			name: 'eventTypesApiVersion',
			type: 'string',
			default: '2024-06-14',
		},
		{
			displayName: 'Webhooks API Version',
			name: 'webhooksApiVersion',
			type: 'string',
			default: '',
			description:
				"Cal.com's webhook endpoints take no version today; leave empty unless Cal.com starts asking for one",
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
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "").replace(/\\/v2$/, "")}}',
			url: '/v2/me',
			method: 'GET',
		},
	};
}
