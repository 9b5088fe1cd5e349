import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
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
			description:
				'Leave empty for a local server that needs none (for example Ollama). With OpenAI and no key, the bot answers without AI.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.openai.com/v1',
			description:
				'Any OpenAI-compatible endpoint: Ollama (http://localhost:11434/v1), OpenRouter (https://openrouter.ai/api/v1), Azure OpenAI (https://RESOURCE.openai.azure.com/openai/v1), a gateway',
		},
		{
			displayName: 'Organization ID',
			name: 'organization',
			type: 'string',
			default: '',
			description: 'Only for OpenAI accounts in several organizations; sent as the OpenAI-Organization header',
		},
		{
			displayName: 'Default Model',
			name: 'model',
			type: 'string',
			default: 'gpt-4o-mini',
			description: 'Used by the nodes that do not name their own model',
		},
		{
			displayName: 'Transcription Model',
			name: 'transcriptionModel',
			type: 'string',
			default: '',
			placeholder: 'whisper-1',
			description: 'Set it to transcribe voice notes; leave empty when the endpoint has no transcription',
		},
		{
			displayName: 'Extra Header Name',
			name: 'headerName',
			type: 'string',
			default: '',
			placeholder: 'api-key',
			description:
				'A header the endpoint needs besides the API key, for example "api-key" for Azure OpenAI or "HTTP-Referer" for OpenRouter',
		},
		{
			displayName: 'Extra Header Value',
			name: 'headerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
	];

	/** Headers only when they have a value: a keyless local server must not get "Bearer ". */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers: Record<string, string> = { ...(requestOptions.headers as Record<string, string>) };
		if (credentials.apiKey) headers.Authorization = `Bearer ${credentials.apiKey as string}`;
		if (credentials.organization) headers['OpenAI-Organization'] = credentials.organization as string;
		if (credentials.headerName) headers[credentials.headerName as string] = (credentials.headerSecret as string) ?? '';
		return { ...requestOptions, headers };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/models',
			method: 'GET',
		},
	};
}
