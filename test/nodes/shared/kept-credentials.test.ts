import type { IExecuteFunctions } from 'n8n-workflow';

import { CREDENTIAL_KEEP_MS, keptCredentials } from '../../../nodes/shared/kept-credentials';

/** A node's context (a step or a webhook) whose credential reads are counted. */
function context(read: () => Promise<object>, credentialId: string | null = 'cred-1') {
	const getCredentials = jest.fn(read);
	const credentials = credentialId ? { academyPostgresApi: { id: credentialId, name: 'Academy Bot Postgres' } } : {};
	return { context: { getNode: () => ({ credentials }), getCredentials } as unknown as IExecuteFunctions, getCredentials };
}

describe('keptCredentials: each credential is read at most once every few seconds', () => {
	beforeEach(() => jest.useFakeTimers({ now: new Date('2026-12-04T12:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] }));
	afterEach(() => jest.useRealTimers());

	it('answers every step and webhook from one read, and an edited credential applies within CREDENTIAL_KEEP_MS', async () => {
		let host = 'db-1';
		const read = async () => ({ host });
		expect(await keptCredentials(context(read).context, 'academyPostgresApi')).toEqual({ host: 'db-1' });
		host = 'db-2';
		const soon = context(read);
		expect(await keptCredentials(soon.context, 'academyPostgresApi')).toEqual({ host: 'db-1' });
		expect(soon.getCredentials).not.toHaveBeenCalled();
		jest.advanceTimersByTime(CREDENTIAL_KEEP_MS);
		expect(await keptCredentials(context(read).context, 'academyPostgresApi')).toEqual({ host: 'db-2' });
	});

	it('keeps each credential apart: another credential of the same type is read on its own', async () => {
		await keptCredentials(context(async () => ({ host: 'db-a' }), 'cred-a').context, 'academyPostgresApi');
		const other = context(async () => ({ host: 'db-b' }), 'cred-b');
		expect(await keptCredentials(other.context, 'academyPostgresApi')).toEqual({ host: 'db-b' });
		expect(other.getCredentials).toHaveBeenCalledTimes(1);
	});

	it('does not keep a failed read: the next step asks n8n again', async () => {
		const failing = context(async () => {
			throw new Error('Credential with ID "cred-3" does not exist');
		}, 'cred-3');
		await expect(keptCredentials(failing.context, 'academyPostgresApi')).rejects.toThrow('does not exist');
		const retried = context(async () => ({ host: 'db' }), 'cred-3');
		expect(await keptCredentials(retried.context, 'academyPostgresApi')).toEqual({ host: 'db' });
	});

	it('reads every time when the node names its credential without an id', async () => {
		const anonymous = context(async () => ({ host: 'db' }), null);
		await keptCredentials(anonymous.context, 'academyPostgresApi');
		await keptCredentials(anonymous.context, 'academyPostgresApi');
		expect(anonymous.getCredentials).toHaveBeenCalledTimes(2);
	});
});
