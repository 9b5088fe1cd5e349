import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

export class WhatsAppCloudApi implements ICredentialType {
	name = 'whatsAppCloudApi';

	displayName = 'WhatsApp Cloud API';

	icon: Icon = { light: 'file:../icons/whatsapp.svg', dark: 'file:../icons/whatsapp.dark.svg' };

	documentationUrl =
		'https://developers.facebook.com/documentation/business-messaging/whatsapp/get-started';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'System-user or business access token with whatsapp_business_messaging permission',
		},
		{
			displayName: 'Default Phone Number ID',
			name: 'phoneNumberId',
			type: 'string',
			default: '',
			required: true,
			description:
				'The number the WhatsApp node sends from when a call does not name its own (Meta App Dashboard → WhatsApp → API Setup)',
		},
		{
			displayName: 'WhatsApp Business Account ID',
			name: 'businessAccountId',
			type: 'string',
			default: '',
			description: 'Shown next to the phone number ID in Meta App Dashboard → WhatsApp → API Setup',
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			description:
				'With an app ID the trigger registers its callback URL with Meta when the workflow is activated, and removes it when deactivated; without one, paste the URL into the Meta dashboard by hand',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Signs every webhook Meta sends (App Dashboard → Settings → Basic)',
		},
		{
			displayName: 'Previous App Secret',
			name: 'previousAppSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'During a secret rotation, webhooks signed with this secret are still accepted. Clear it when the rotation is done.',
		},
		{
			displayName: 'Webhook Verify Token',
			name: 'verifyToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'A secret phrase you choose. Type the same phrase next to the callback URL in Meta App Dashboard → WhatsApp → Configuration; with an App ID the trigger sends it to Meta itself.',
		},
		{
			displayName: 'Graph API Version',
			name: 'graphApiVersion',
			type: 'string',
			default: 'v24.0',
			placeholder: 'v24.0',
			description: 'The Graph API version every request uses, for example v24.0 or v25.0',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://graph.facebook.com',
			description: 'Change only for a proxy, a test server or the demo simulator',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/$/, "")}}/{{$credentials.graphApiVersion}}',
			url: '=/{{$credentials.phoneNumberId}}',
			method: 'GET',
		},
	};
}
