import type { IExecuteFunctions } from 'n8n-workflow';

import { runCredentials, triggerCredentials, TRIGGER_KEEP_MS } from '../../../nodes/shared/run-credentials';

/** A node step of run `executionId` whose credential reads are counted. */
function step(executionId: string | undefined, read: () => Promise<object>) {
	const getCredentials = jest.fn(read);
	const context = {
		getNode: () => ({ credentials: { academyPostgresApi: { id: 'cred-1', name: 'Academy Bot Postgres' } } }),
		getExecutionId: () => executionId,
		getCredentials,
	} as unknown as IExecuteFunctions;
	return { context, getCredentials };
}

describe('runCredentials: a credential is read once per run', () => {
	it('gives the later steps of a run what the first step read, and reads again for the next run', async () => {
		let version = 1;
		const read = async () => ({ host: `db-${version}` });
		const first = step('run-1', read);
		const second = step('run-1', read);
		expect(await runCredentials(first.context, 'academyPostgresApi')).toEqual({ host: 'db-1' });
		version = 2;
		expect(await runCredentials(second.context, 'academyPostgresApi')).toEqual({ host: 'db-1' });
		expect(second.getCredentials).not.toHaveBeenCalled();

		const nextRun = step('run-2', read);
		expect(await runCredentials(nextRun.context, 'academyPostgresApi')).toEqual({ host: 'db-2' });
	});

	it('does not keep a failed read: the next step asks n8n again', async () => {
		const failing = step('run-3', async () => {
			throw new Error('Credential with ID "cred-1" does not exist');
		});
		await expect(runCredentials(failing.context, 'academyPostgresApi')).rejects.toThrow('does not exist');
		const retried = step('run-3', async () => ({ host: 'db' }));
		expect(await runCredentials(retried.context, 'academyPostgresApi')).toEqual({ host: 'db' });
	});

	it('reads every time when the run has no id', async () => {
		const anonymous = step(undefined, async () => ({ host: 'db' }));
		await runCredentials(anonymous.context, 'academyPostgresApi');
		await runCredentials(anonymous.context, 'academyPostgresApi');
		expect(anonymous.getCredentials).toHaveBeenCalledTimes(2);
	});
});

describe('triggerCredentials: a trigger reads its credential again after a few seconds', () => {
	afterEach(() => jest.useRealTimers());

	it('answers webhooks from one read, and an edited credential applies within TRIGGER_KEEP_MS', async () => {
		jest.useFakeTimers({ now: new Date('2026-11-24T12:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
		let secret = 'old';
		const webhook = () => step(undefined, async () => ({ appSecret: secret }));
		const first = webhook();
		expect(await triggerCredentials(first.context as never, 'academyPostgresApi')).toEqual({ appSecret: 'old' });
		secret = 'new';
		const soon = webhook();
		expect(await triggerCredentials(soon.context as never, 'academyPostgresApi')).toEqual({ appSecret: 'old' });
		expect(soon.getCredentials).not.toHaveBeenCalled();
		jest.advanceTimersByTime(TRIGGER_KEEP_MS);
		expect(await triggerCredentials(webhook().context as never, 'academyPostgresApi')).toEqual({ appSecret: 'new' });
	});
});
