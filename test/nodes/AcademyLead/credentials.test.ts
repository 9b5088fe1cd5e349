import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';

import { AcademyPostgresApi } from '../../../credentials/AcademyPostgresApi.credentials';
import { AcademyRedisApi } from '../../../credentials/AcademyRedisApi.credentials';
import { AcademyLead } from '../../../nodes/AcademyLead/AcademyLead.node';
import { isolatedStorage } from '../../helpers/storage';

const storage = isolatedStorage('lead_credentials');
afterAll(() => storage.cleanup());

const node = new AcademyLead();
const credentialTest = node.methods.credentialTest;

async function test(name: string, type: string, data: object) {
	const fn = credentialTest[name as keyof typeof credentialTest];
	return fn.call({} as ICredentialTestFunctions, { id: 'c', name: 'c', type, data } as unknown as ICredentialsDecrypted);
}

describe('Academy Lead › credentials', () => {
	it('requires Postgres, offers Redis, and tests both by connecting', () => {
		expect(node.description.credentials).toEqual([
			{ name: 'academyPostgresApi', required: true, testedBy: 'academyPostgresConnectionTest' },
			{ name: 'academyRedisApi', required: false, testedBy: 'academyRedisConnectionTest' },
		]);
		for (const credential of node.description.credentials ?? []) {
			expect(typeof credentialTest[credential.testedBy as keyof typeof credentialTest]).toBe('function');
		}
	});

	it('asks for every connection field of the issue, secrets hidden', () => {
		const fields = (properties: Array<{ name: string; typeOptions?: { password?: boolean } }>) =>
			Object.fromEntries(properties.map((p) => [p.name, Boolean(p.typeOptions?.password)]));
		expect(fields(new AcademyPostgresApi().properties)).toEqual({
			secretConnectionString: true,
			host: false,
			port: false,
			database: false,
			user: false,
			password: true,
			ssl: false,
			schema: false,
			encryptionSecret: true,
		});
		expect(fields(new AcademyRedisApi().properties)).toEqual({
			host: false,
			port: false,
			user: false,
			password: true,
			database: false,
			tls: false,
			keyPrefix: false,
		});
	});

	it('says OK for a reachable Postgres, and why not otherwise', async () => {
		expect(await test('academyPostgresConnectionTest', 'academyPostgresApi', storage.postgres)).toEqual({
			status: 'OK',
			message: 'Connection successful',
		});
		const wrongPort = await test('academyPostgresConnectionTest', 'academyPostgresApi', { ...storage.postgres, port: 1 });
		expect(wrongPort).toMatchObject({ status: 'Error', message: expect.stringMatching(/Could not connect to Postgres/) });
		const noSecret = await test('academyPostgresConnectionTest', 'academyPostgresApi', { ...storage.postgres, encryptionSecret: '' });
		expect(noSecret).toMatchObject({ status: 'Error' });
	});

	it('says OK for a reachable Redis, and why not otherwise', async () => {
		expect(await test('academyRedisConnectionTest', 'academyRedisApi', storage.redis)).toEqual({
			status: 'OK',
			message: 'Connection successful',
		});
		const wrongPort = await test('academyRedisConnectionTest', 'academyRedisApi', { ...storage.redis, port: 1 });
		expect(wrongPort).toMatchObject({ status: 'Error', message: expect.stringMatching(/Could not connect to Redis/) });
	});
});
