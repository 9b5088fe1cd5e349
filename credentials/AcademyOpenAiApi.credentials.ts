import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

export class AcademyOpenAiApi implements ICredentialType {
	name = 'academyOpenAiApi';

	displayName = 'Academy Bot OpenAI-Compatible API';

	icon: Icon = { light: 'file:../icons/openai.svg', dark: 'file:../icons/openai.dark.svg' };

	documentationUrl = 'https://platform.openai.com/docs/api-reference/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Leave empty for a local server that needs none (for example Ollama)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.openai.com/v1',
			description:
				'Any OpenAI-compatible endpoint: Ollama (http://localhost:11434/v1), OpenRouter (https://openrouter.ai/api/v1), a gateway',
		},
		{
			displayName: 'Organization ID',
			name: 'organization',
			type: 'string',
			default: '',
		},
		{
			displayName: 'Default Model',
			name: 'model',
			type: 'string',
			default: 'gpt-4o-mini',
		},
		{
			displayName: 'Transcription Model',
			name: 'transcriptionModel',
			type: 'string',
			default: '',
			placeholder: 'whisper-1',
			description: 'Set it to transcribe voice notes; leave empty when the endpoint has no transcription',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '={{$credentials.apiKey ? "Bearer " + $credentials.apiKey : undefined}}',
				'OpenAI-Organization': '={{$credentials.organization || undefined}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/$/, "")}}',
			url: '/models',
			method: 'GET',
		},
	};
}
