import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import Redis from 'ioredis';
import { Client } from 'pg';

import { ensureN8n } from '../../scripts/install-n8n';
import { TEST_POSTGRES, TEST_REDIS } from '../helpers/services';
import type { N8nCredential } from './credentials';
import { N8nServer, type N8nServerOptions, type WorkflowJson } from './n8n-server';
import { groupMembers, stopGroup, trackGroup, untrackGroup } from './process-group';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface N8nQueueOptions extends Pick<N8nServerOptions, 'log' | 'startTimeoutMs'> {
	/** How many `n8n worker` processes (default 2). */
	workers?: number;
	/** Jobs each worker runs at once (`--concurrency`, default 10). */
	concurrency?: number;
	/** Extra environment for the main process and every worker. */
	env?: Record<string, string>;
	credentials?: N8nCredential[];
	workflows?: WorkflowJson[];
}

/** One `n8n worker`: its own user folder with this package installed, the instance's settings. */
export class N8nWorker {
	readonly host: N8nServer;

	private child?: ChildProcess;

	private exited?: string;

	constructor(
		options: N8nServerOptions,
		private readonly concurrency: number,
	) {
		this.host = new N8nServer(options);
	}

	get pid(): number | undefined {
		return this.child && !this.exited ? this.child.pid : undefined;
	}

	logs(): string {
		return this.host.logs();
	}

	async start(timeoutMs: number): Promise<void> {
		const runtime = await ensureN8n({ log: () => undefined });
		const env = await this.host.env();
		const logStart = this.logs().length;
		const out = openSync(this.host.logFile, 'a');
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- the harness runs n8n itself, not a node
		const child = spawn(runtime.node.nodeBin, [runtime.n8nBin, 'worker', `--concurrency=${this.concurrency}`], {
			cwd: this.host.userFolder,
			env,
			detached: true,
			stdio: ['ignore', out, out],
		});
		closeSync(out);
		this.child = child;
		this.exited = undefined;
		trackGroup(child.pid!);
		child.once('exit', (code, signal) => {
			if (this.child === child) this.exited = signal ?? `exit code ${code}`;
		});
		const deadline = Date.now() + timeoutMs;
		while (!this.logs().slice(logStart).includes('n8n worker is now ready')) {
			if (this.exited) throw new Error(`n8n worker exited while starting (${this.exited}):\n${this.logs().slice(-3000)}`);
			if (Date.now() > deadline) throw new Error(`n8n worker not ready after ${timeoutMs / 1000} s:\n${this.logs().slice(-3000)}`);
			await sleep(200);
		}
	}

	async stop(): Promise<void> {
		const child = this.child;
		this.child = undefined;
		if (child?.pid && groupMembers(child.pid).length) await stopGroup(child.pid, 15_000);
		if (child?.pid) untrackGroup(child.pid);
	}

	/** How many executions this worker took from the queue, by its own log. */
	executionsStarted(): number {
		return (this.logs().match(/Worker started execution/g) ?? []).length;
	}
}

/**
 * n8n in queue mode on loopback, as a user scales out: a main process (editor, webhooks, the
 * schedule) that puts executions on a Redis (Bull) queue, and workers that run them. n8n's own
 * database is a fresh database on the machine's Postgres (every process must share it), Bull uses
 * a key prefix of its own on the machine's Redis; both are removed by stop(). Every process gets
 * the same encryption key and this package installed in its own user folder.
 */
export class N8nQueue {
	readonly main: N8nServer;

	readonly workers: N8nWorker[] = [];

	readonly database = `n8n_queue_${randomBytes(5).toString('hex')}`;

	readonly bullPrefix = `academy-e2e-bull-${randomBytes(4).toString('hex')}`;

	private readonly options: N8nQueueOptions;

	constructor(options: N8nQueueOptions = {}) {
		this.options = options;
		this.main = new N8nServer({ ...options, env: this.queueEnv(), stopGraceMs: 10_000 });
	}

	static async launch(options: N8nQueueOptions = {}): Promise<N8nQueue> {
		const queue = new N8nQueue(options);
		try {
			await queue.createDatabase();
			await queue.main.prepare();
			if (options.credentials?.length) await queue.main.importCredentials(options.credentials);
			if (options.workflows?.length) await queue.main.importWorkflows(options.workflows);
			const timeoutMs = options.startTimeoutMs ?? 180_000;
			await queue.main.start();
			for (let i = 0; i < (options.workers ?? 2); i++) {
				// Webhook URLs a worker writes into executions point at the main process.
				const worker = new N8nWorker(
					{ log: options.log, env: { ...queue.queueEnv(), N8N_WEBHOOK_URL: `${queue.main.baseUrl}/` } },
					options.concurrency ?? 10,
				);
				queue.workers.push(worker);
				await worker.host.prepare();
				await worker.start(timeoutMs);
			}
		} catch (error) {
			await queue.stop();
			throw error;
		}
		return queue;
	}

	/** Everything the main process and the workers printed. */
	logs(): string {
		return [this.main.logs(), ...this.workers.map((worker) => worker.logs())].join('\n');
	}

	async stop(): Promise<void> {
		await Promise.all(this.workers.map(async (worker) => await worker.stop()));
		await this.main.stop();
		for (const worker of this.workers) await worker.host.stop();
		await this.dropDatabase().catch(() => undefined);
		const redis = new Redis({ ...TEST_REDIS, lazyConnect: true, retryStrategy: () => null });
		redis.on('error', () => undefined);
		try {
			await redis.connect();
			const keys = await redis.keys(`${this.bullPrefix}:*`);
			if (keys.length) await redis.del(...keys);
		} catch {
			// Redis already gone: nothing left to clean
		} finally {
			redis.disconnect();
		}
	}

	private queueEnv(): Record<string, string> {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: TEST_POSTGRES.host,
			DB_POSTGRESDB_PORT: String(TEST_POSTGRES.port),
			DB_POSTGRESDB_DATABASE: this.database,
			DB_POSTGRESDB_USER: TEST_POSTGRES.user,
			DB_POSTGRESDB_PASSWORD: TEST_POSTGRES.password,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: TEST_REDIS.host,
			QUEUE_BULL_REDIS_PORT: String(TEST_REDIS.port),
			QUEUE_BULL_PREFIX: this.bullPrefix,
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			...this.options.env,
		};
	}

	private async admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
		const client = new Client({ ...TEST_POSTGRES, database: 'postgres' });
		await client.connect();
		try {
			return await work(client);
		} finally {
			await client.end();
		}
	}

	private async createDatabase(): Promise<void> {
		await this.admin(async (client) => await client.query(`CREATE DATABASE "${this.database}"`));
	}

	private async dropDatabase(): Promise<void> {
		await this.admin(async (client) => await client.query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`));
	}
}
