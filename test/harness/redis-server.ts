import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';

import { freePort } from './free-port';
import { stopGroup, trackGroup, untrackGroup } from './process-group';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A redis-server of a test's own on a free loopback port (no persistence), which the test may
 * stop and start: the machine's Redis, which other tests share, is never touched.
 */
export class RedisServer {
	readonly dir = mkdtempSync(join(tmpdir(), 'academy-bot-redis-'));

	port = 0;

	private child?: ChildProcess;

	get connection() {
		return { host: '127.0.0.1', port: this.port };
	}

	async start(): Promise<this> {
		this.port ||= await freePort();
		const out = openSync(join(this.dir, 'redis.log'), 'a');
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test harness, not a node
		const child = spawn(
			'redis-server',
			['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir],
			{ cwd: this.dir, detached: true, stdio: ['ignore', out, out] },
		);
		closeSync(out);
		child.once('error', () => undefined);
		this.child = child;
		trackGroup(child.pid!);
		const deadline = Date.now() + 15_000;
		for (;;) {
			const probe = new Redis({ ...this.connection, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
			probe.on('error', () => undefined);
			try {
				await probe.connect();
				await probe.ping();
				return this;
			} catch (error) {
				if (Date.now() > deadline) {
					throw new Error(`redis-server on port ${this.port} did not start (${(error as Error).message}): ${this.logs().slice(-1000)}`);
				}
				await sleep(100);
			} finally {
				probe.disconnect();
			}
		}
	}

	async stop(): Promise<void> {
		const child = this.child;
		if (!child?.pid) return;
		this.child = undefined;
		await stopGroup(child.pid, 5_000);
		untrackGroup(child.pid);
	}

	async destroy(): Promise<void> {
		await this.stop();
		rmSync(this.dir, { recursive: true, force: true });
	}

	logs(): string {
		try {
			return readFileSync(join(this.dir, 'redis.log'), 'utf8');
		} catch {
			return '';
		}
	}
}
