import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { freePort } from './free-port';
import { groupMembers, stopGroup, trackGroup, untrackGroup } from './process-group';

const BIN = process.env.ACADEMY_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** uid and gid of the `postgres` system user: Postgres refuses to run as root. */
function postgresUser(): { uid: number; gid: number } {
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test harness, not a node
	const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
	const [uid, gid] = [id('-u'), id('-g')];
	if (!uid) throw new Error('A throwaway Postgres cluster needs the "postgres" system user (apt-get install postgresql)');
	return { uid, gid };
}

/**
 * A Postgres cluster of a test's own (initdb into a temporary folder, a free loopback port),
 * which the test may stop and start while traffic flows: the machine's main Postgres is never
 * touched. Started by the test process itself, so an aborted run kills it with the test.
 */
export class PostgresCluster {
	readonly dir = mkdtempSync(join(tmpdir(), 'academy-bot-pg-'));

	port = 0;

	private child?: ChildProcess;

	private readonly user = postgresUser();

	get logFile(): string {
		return join(this.dir, 'postgres.log');
	}

	/** Connection settings as the Academy Postgres credential holds them. */
	get connection() {
		return { host: '127.0.0.1', port: this.port, database: 'postgres', user: 'postgres', password: '', ssl: 'disable' as const };
	}

	async start(): Promise<this> {
		if (!this.port) {
			this.port = await freePort();
			chownSync(this.dir, this.user.uid, this.user.gid);
			// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test harness, not a node
			const init = spawnSync(
				join(BIN, 'initdb'),
				['-D', join(this.dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'],
				{ ...this.user, cwd: this.dir, encoding: 'utf8' },
			);
			if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
			mkdirSync(join(this.dir, 'socket'));
			chownSync(join(this.dir, 'socket'), this.user.uid, this.user.gid);
		}
		const out = openSync(this.logFile, 'a');
		chownSync(this.logFile, this.user.uid, this.user.gid);
		// detached: the server and its backends form one process group that stop() ends together.
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test harness, not a node
		const child = spawn(
			join(BIN, 'postgres'),
			[
				'-D', join(this.dir, 'data'),
				'-p', String(this.port),
				'-c', 'listen_addresses=127.0.0.1',
				'-c', `unix_socket_directories=${join(this.dir, 'socket')}`,
				'-c', 'fsync=off',
				'-c', 'max_connections=200',
			],
			{ ...this.user, cwd: this.dir, detached: true, stdio: ['ignore', out, out] },
		);
		closeSync(out);
		this.child = child;
		trackGroup(child.pid!);
		await this.waitUntilAccepting();
		return this;
	}

	/**
	 * Stops the server. `fast` (SIGINT) ends open sessions cleanly, `immediate` (SIGQUIT) plays a
	 * crash: clients see their connections drop mid-query.
	 */
	async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
		const child = this.child;
		if (!child?.pid) return;
		this.child = undefined;
		try {
			process.kill(child.pid, mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
		} catch {
			// already gone
		}
		const deadline = Date.now() + 15_000;
		while (groupMembers(child.pid).length && Date.now() < deadline) await sleep(50);
		if (groupMembers(child.pid).length) await stopGroup(child.pid, 1_000);
		untrackGroup(child.pid);
	}

	async restart(mode: 'fast' | 'immediate' = 'immediate'): Promise<void> {
		await this.stop(mode);
		await this.start();
	}

	/** Stops the server and removes its files. */
	async destroy(): Promise<void> {
		await this.stop('fast');
		rmSync(this.dir, { recursive: true, force: true });
	}

	logs(): string {
		try {
			return readFileSync(this.logFile, 'utf8');
		} catch {
			return '';
		}
	}

	private async waitUntilAccepting(): Promise<void> {
		const deadline = Date.now() + 30_000;
		for (;;) {
			const client = new Client({ ...this.connection, ssl: false, connectionTimeoutMillis: 1_000 });
			try {
				await client.connect();
				await client.query('SELECT 1');
				return;
			} catch (error) {
				if (Date.now() > deadline) {
					throw new Error(`The test Postgres on port ${this.port} did not start: ${(error as Error).message}\n${this.logs().slice(-2000)}`);
				}
				await sleep(100);
			} finally {
				await client.end().catch(() => undefined);
			}
		}
	}
}
