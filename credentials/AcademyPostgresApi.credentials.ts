import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class AcademyPostgresApi implements ICredentialType {
	name = 'academyPostgresApi';

	displayName = 'Academy Bot Postgres API';

	icon: Icon = { light: 'file:../icons/postgres.svg', dark: 'file:../icons/postgres.dark.svg' };

	documentationUrl = 'https://www.postgresql.org/docs/current/libpq-connect.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Connection String',
			name: 'secretConnectionString',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'postgres://user:password@host:5432/database',
			description: 'When set, it replaces host, port, database, user and password below',
		},
		{ displayName: 'Host', name: 'host', type: 'string', default: 'localhost' },
		{ displayName: 'Port', name: 'port', type: 'number', default: 5432 },
		{ displayName: 'Database', name: 'database', type: 'string', default: 'postgres' },
		{ displayName: 'User', name: 'user', type: 'string', default: 'postgres' },
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'SSL',
			name: 'ssl',
			type: 'options',
			options: [
				{ name: 'Disable', value: 'disable' },
				{ name: 'Require', value: 'require', description: 'Encrypt, without checking the certificate' },
				{ name: 'Verify Full', value: 'verify-full', description: 'Encrypt and check the certificate' },
			],
			default: 'disable',
		},
		{
			displayName: 'Schema',
			name: 'schema',
			type: 'string',
			default: 'academy_bot',
			description: 'The package creates and migrates its tables in this schema on first use',
		},
		{
			displayName: 'Data Encryption Secret',
			name: 'encryptionSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Encrypts phone numbers and message texts at rest. Use a long random value (for example `openssl rand -base64 32`) and keep it: data written with one key cannot be read with another.',
		},
	];
}
