import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class AcademyRedisApi implements ICredentialType {
	name = 'academyRedisApi';

	displayName = 'Academy Bot Redis API';

	icon: Icon = { light: 'file:../icons/redis.svg', dark: 'file:../icons/redis.dark.svg' };

	documentationUrl = 'https://redis.io/docs/latest/operate/oss_and_stack/management/config/';

	properties: INodeProperties[] = [
		{ displayName: 'Host', name: 'host', type: 'string', default: 'localhost' },
		{ displayName: 'Port', name: 'port', type: 'number', default: 6379 },
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			description: 'Leave empty unless your Redis uses ACL users',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Database Number', name: 'database', type: 'number', default: 0 },
		{
			displayName: 'TLS',
			name: 'tls',
			type: 'boolean',
			default: false,
			description: 'Whether to connect over TLS',
		},
		{
			displayName: 'Key Prefix',
			name: 'keyPrefix',
			type: 'string',
			default: 'academy-bot:',
			description: 'Every key this package writes starts with this, so one Redis can serve several installations',
		},
	];
}
