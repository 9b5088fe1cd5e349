import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IRunExecutionData, IWorkflowBase } from 'n8n-workflow';

import { ensureN8n, type N8nRuntime } from '../../scripts/install-n8n';
import type { N8nCredential } from './credentials';
import { freePort } from './free-port';
import { communityNodesFolder } from './package-build';
import { groupMembers, stopGroup, trackGroup, untrackGroup } from './process-group';

const OWNER = { email: 'owner@academy-bot.test', firstName: 'Test', lastName: 'Owner', password: 'Academy-e2e-1' };
// Fixed, so every process of one instance (server, CLI, queue workers) decrypts the same data.
const INSTANCE_CIPHER = 'academy-bot-e2e-only';
const CLI_TIMEOUT_MS = 120_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type WorkflowJson = Partial<IWorkflowBase> & Pick<IWorkflowBase, 'id' | 'name' | 'nodes' | 'connections'>;

export interface N8nServerOptions {
	/** Extra environment for every n8n process, e.g. N8N_EXPRESSION_ENGINE or queue-mode settings. */
	env?: Record<string, string>;
	/** Install this package's packed build as a community node (default true). */
	installPackage?: boolean;
	/** Progress lines; to stderr by default so they show even under jest. */
	log?: (line: string) => void;
	/** How long start() waits for n8n to be ready (default 180 s: 2 shared cores are slow). */
	startTimeoutMs?: number;
	/** How long stop() lets n8n shut down before it is killed (default 15 s). */
	stopGraceMs?: number;
}

export interface HttpAnswer {
	status: number;
	headers: Headers;
	text: string;
	json<T = unknown>(): T;
}

export interface Execution {
	id: string;
	workflowId: string;
	status: 'new' | 'running' | 'success' | 'error' | 'canceled' | 'crashed' | 'waiting' | 'unknown';
	finished: boolean;
	mode: string;
	startedAt: string | null;
	stoppedAt: string | null;
	data?: IRunExecutionData;
}

/**
 * A real n8n on a free loopback port with its own user folder, this package installed the way
 * users install it, and credentials and workflows imported and published through n8n's CLI.
 *
 * Typical use: `N8nServer.launch({ credentials, workflows })` in beforeAll, `stop()` in afterAll.
 * Imports go through the CLI, which a running n8n does not notice: importing while the server
 * runs restarts it.
 */
export class N8nServer {
	readonly userFolder: string;

	private readonly options: N8nServerOptions;

	private readonly log: (line: string) => void;

	private runtime?: N8nRuntime;

	private port = 0;

	private child?: ChildProcess;

	private exited?: string;

	private cookie?: string;

	private apiKey?: string;

	private ownerPasswordHash?: string;

	/** Published workflows, whose webhooks start() waits for. */
	private readonly published = new Map<string, WorkflowJson>();

	constructor(options: N8nServerOptions = {}) {
		this.options = options;
		this.log = options.log ?? ((line) => process.stderr.write(`[n8n] ${line}\n`));
		this.userFolder = mkdtempSync(join(tmpdir(), 'academy-bot-e2e-n8n-'));
	}

	/** Prepares, imports and starts in one go. */
	static async launch(
		options: N8nServerOptions & { credentials?: N8nCredential[]; workflows?: WorkflowJson[] } = {},
	): Promise<N8nServer> {
		const server = new N8nServer(options);
		try {
			await server.prepare();
			if (options.credentials?.length) await server.importCredentials(options.credentials);
			if (options.workflows?.length) await server.importWorkflows(options.workflows);
			await server.start();
		} catch (error) {
			await server.stop();
			throw error;
		}
		return server;
	}

	get baseUrl(): string {
		if (!this.port) throw new Error('n8n has no port yet: call prepare() or start() first');
		return `http://127.0.0.1:${this.port}`;
	}

	get logFile(): string {
		return join(this.userFolder, 'n8n.log');
	}

	/** Everything n8n and its CLI printed so far. */
	logs(): string {
		try {
			return readFileSync(this.logFile, 'utf8');
		} catch {
			return '';
		}
	}

	logTail(lines = 60): string {
		return this.logs().split('\n').slice(-lines).join('\n');
	}

	/** Process id of the running n8n, which also names its process group (n8n and its task runner). */
	get pid(): number | undefined {
		return this.running ? this.child?.pid : undefined;
	}

	get running(): boolean {
		return Boolean(this.child && !this.exited);
	}

	/** Installs n8n if the cache lacks it, picks the port and installs this package. Idempotent. */
	async prepare(): Promise<void> {
		if (this.runtime) return;
		this.runtime = await ensureN8n({ log: this.log });
		this.port = await freePort();
		this.ownerPasswordHash = hashPassword(this.runtime, OWNER.password);
		if (this.options.installPackage !== false) {
			const nodes = await communityNodesFolder(this.log);
			cpSync(nodes, join(this.userFolder, '.n8n', 'nodes'), { recursive: true, verbatimSymlinks: true });
		}
	}

	async importCredentials(credentials: N8nCredential[]): Promise<void> {
		const file = join(this.userFolder, 'import', `credentials-${Date.now()}.json`);
		mkdirSync(join(this.userFolder, 'import'), { recursive: true });
		writeFileSync(file, JSON.stringify(credentials));
		await this.whileStopped(() => this.cli(['import:credentials', `--input=${file}`]));
	}

	/** Imports workflows (same id = overwrite) and publishes them unless `publish` is false. */
	async importWorkflows(workflows: WorkflowJson[], { publish = true } = {}): Promise<void> {
		const dir = join(this.userFolder, 'import', `workflows-${Date.now()}`);
		mkdirSync(dir, { recursive: true });
		for (const workflow of workflows) {
			if (!workflow.id) throw new Error(`Workflow "${workflow.name}" needs a fixed "id" to be imported`);
			writeFileSync(join(dir, `${workflow.id}.json`), JSON.stringify(workflow));
		}
		await this.whileStopped(async () => {
			await this.cli(['import:workflow', '--separate', `--input=${dir}`]);
			for (const workflow of publish ? workflows : []) {
				await this.cli(['publish:workflow', `--id=${workflow.id}`]);
				this.published.set(workflow.id, workflow);
			}
		});
	}

	async start(): Promise<void> {
		await this.prepare();
		if (this.running) return;
		const runtime = this.runtime!;
		const logStart = this.logs().length;
		const out = openSync(this.logFile, 'a');
		const started = Date.now();
		// detached = setsid: n8n and its task runner form one process group that stop() ends together.
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- the harness runs n8n itself, not a node
		const child = spawn(runtime.node.nodeBin, [runtime.n8nBin, 'start'], {
			cwd: this.userFolder,
			env: await this.env(),
			detached: true,
			stdio: ['ignore', out, out],
		});
		closeSync(out);
		this.child = child;
		this.exited = undefined;
		this.cookie = undefined;
		this.apiKey = undefined;
		trackGroup(child.pid!);
		child.once('exit', (code, signal) => {
			if (this.child === child) this.exited = signal ?? `exit code ${code}`;
		});

		const timeoutMs = this.options.startTimeoutMs ?? 180_000;
		// Readiness turns 200 before published workflows are activated; the editor line comes after.
		while (!(this.logs().slice(logStart).includes('Editor is now accessible') && (await this.isReady()))) {
			if (this.exited) throw new Error(`n8n exited while starting (${this.exited}); log:\n${this.logTail()}`);
			if (Date.now() - started > timeoutMs) {
				await this.stopProcess();
				throw new Error(`n8n was not ready after ${timeoutMs / 1000} s; log:\n${this.logTail()}`);
			}
			await sleep(200);
		}
		// n8n 2.x activates published workflows in the background after that line.
		for (const workflow of this.published.values()) {
			for (const paths of webhookPathsOf(workflow)) await this.waitForWebhook(paths, started + timeoutMs);
		}
		this.log(`n8n ready on ${this.baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}

	/** Stops n8n and removes its user folder (kept when ACADEMY_E2E_KEEP=1, for debugging). */
	async stop(): Promise<void> {
		await this.stopProcess();
		if (process.env.ACADEMY_E2E_KEEP === '1') {
			this.log(`kept ${this.userFolder} (log: ${this.logFile})`);
			return;
		}
		rmSync(this.userFolder, { recursive: true, force: true });
	}

	async restart(): Promise<void> {
		await this.stopProcess();
		await this.start();
	}

	/**
	 * Publishes imported workflows on the running n8n through its public API, as the editor's
	 * Publish button does (a CLI publish takes seconds per workflow and needs a restart); resolves
	 * once their webhooks are registered.
	 */
	async publish(workflows: WorkflowJson[]): Promise<void> {
		for (const workflow of workflows) {
			await this.api('POST', `/workflows/${workflow.id}/activate`);
			this.published.set(workflow.id, workflow);
			for (const paths of webhookPathsOf(workflow)) await this.waitForWebhook(paths, Date.now() + 60_000);
		}
	}

	/** POSTs to n8n; a string or Buffer body is sent byte for byte (signatures depend on it). */
	async post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
		return this.request('POST', path, body, headers);
	}

	async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
		const raw = body === undefined || typeof body === 'string' || Buffer.isBuffer(body);
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: raw ? headers : { 'content-type': 'application/json', ...headers },
			body: body === undefined ? undefined : raw ? (body as string | Buffer) : JSON.stringify(body),
		});
		const text = await response.text();
		return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
	}

	/** GET on n8n's internal REST or types endpoints as the logged-in owner. */
	async ownerGet<T = unknown>(path: string): Promise<T> {
		const answer = await this.request('GET', path, undefined, { cookie: await this.login() });
		if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
		return answer.json<T>();
	}

	/** A call to n8n's public API (`/api/v1/...`) with an API key made for the owner. */
	async api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const answer = await this.request(method, `/api/v1${path}`, body, { 'x-n8n-api-key': await this.publicApiKey() });
		if (answer.status >= 300) throw new Error(`${method} /api/v1${path} answered ${answer.status}: ${answer.text}`);
		return answer.json<T>();
	}

	/** Executions of a workflow (or of all), newest first, running ones included. */
	async executions(workflowId?: string, { includeData = false } = {}): Promise<Execution[]> {
		const query = (extra: string) =>
			`/executions?limit=250&includeData=${includeData}${workflowId ? `&workflowId=${workflowId}` : ''}${extra}`;
		// The public API leaves running executions out unless asked for them alone.
		const [done, running] = await Promise.all([
			this.api<{ data: Execution[] }>('GET', query('')),
			this.api<{ data: Execution[] }>('GET', query('&status=running')),
		]);
		return [...running.data, ...done.data].sort((a, b) => Number(b.id) - Number(a.id));
	}

	/** Waits until at least `count` executions of the workflow exist and none is still running. */
	async waitForExecutions(
		workflowId: string,
		count: number,
		{ includeData = false, timeoutMs = 60_000 } = {},
	): Promise<Execution[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const executions = await this.executions(workflowId, { includeData });
			const busy = executions.some((e) => e.status === 'running' || e.status === 'new');
			if (executions.length >= count && !busy) return executions;
			if (Date.now() > deadline) {
				throw new Error(
					`Workflow ${workflowId} has ${executions.length} executions (${executions.map((e) => e.status).join(', ')}), expected ${count} finished after ${timeoutMs / 1000} s; log:\n${this.logTail(30)}`,
				);
			}
			await sleep(250);
		}
	}

	/** Runs an n8n CLI command against this instance's database; rejects when it fails. */
	async cli(args: string[]): Promise<string> {
		await this.prepare();
		const runtime = this.runtime!;
		const env = await this.env();
		// A running server holds the task broker port; a CLI command would fail on the same one.
		env.N8N_RUNNERS_BROKER_PORT = String(await freePort());
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- the harness runs n8n itself, not a node
		const child = spawn(runtime.node.nodeBin, [runtime.n8nBin, ...args], {
			cwd: this.userFolder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
		const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
		clearTimeout(timer);
		writeFileSync(this.logFile, `\n$ n8n ${args.join(' ')}\n${output}`, { flag: 'a' });
		if (code !== 0) {
			throw new Error(`n8n ${args.join(' ')} failed (exit ${code}):\n${output.slice(-3000)}`);
		}
		return output;
	}

	private async whileStopped(fn: () => Promise<unknown>): Promise<void> {
		const wasRunning = this.running;
		if (wasRunning) await this.stopProcess();
		await fn();
		if (wasRunning) await this.start();
	}

	private async stopProcess(): Promise<void> {
		const child = this.child;
		if (!child?.pid) return;
		this.child = undefined;
		const pgid = child.pid;
		if (groupMembers(pgid).length) {
			const how = await stopGroup(pgid, this.options.stopGraceMs ?? 15_000);
			if (how === 'killed') this.log('n8n did not stop on SIGTERM in time and was killed');
		}
		untrackGroup(pgid);
	}

	/** Waits until one of `paths` is a registered production webhook. */
	private async waitForWebhook(paths: string[], deadline: number): Promise<void> {
		for (;;) {
			for (const path of paths) {
				// A CORS preflight lists the methods registered on a path and runs nothing.
				const answer = await this.request('OPTIONS', `/webhook/${path}`, undefined, { origin: this.baseUrl });
				const methods = answer.headers.get('access-control-allow-methods') ?? '';
				if (methods.split(',').some((method) => method.trim() && method.trim() !== 'OPTIONS')) return;
			}
			if (this.exited) throw new Error(`n8n exited while activating workflows (${this.exited}); log:\n${this.logTail()}`);
			if (Date.now() > deadline) {
				throw new Error(`The webhook /webhook/${paths[0]} was not registered in time; log:\n${this.logTail()}`);
			}
			await sleep(200);
		}
	}

	private async isReady(): Promise<boolean> {
		try {
			const response = await fetch(`${this.baseUrl}/healthz/readiness`);
			await response.arrayBuffer();
			return response.status === 200;
		} catch {
			return false;
		}
	}

	/**
	 * The environment every process of this instance gets: the server, its CLI commands, and queue
	 * workers started with it (test/harness/n8n-queue.ts). Each call picks a fresh task-broker port.
	 */
	async env(): Promise<NodeJS.ProcessEnv> {
		await this.prepare();
		const inherited = Object.fromEntries(
			// Jest's and a parent n8n's settings must not leak in: NODE_ENV=test changes n8n's behaviour.
			Object.entries(this.runtime!.env).filter(([key]) => !/^(N8N_|JEST_|NODE_ENV$|DB_|EXECUTIONS_|QUEUE_)/.test(key)),
		);
		return {
			...inherited,
			NODE_ENV: 'production',
			N8N_USER_FOLDER: this.userFolder,
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_WEBHOOK_URL: `${this.baseUrl}/`,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_ENCRYPTION_KEY: INSTANCE_CIPHER,
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			GENERIC_TIMEZONE: 'UTC',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
			N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
			N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
			N8N_INSTANCE_OWNER_PASSWORD_HASH: this.ownerPasswordHash,
			...this.options.env,
		};
	}

	private async login(): Promise<string> {
		if (this.cookie) return this.cookie;
		const answer = await this.post('/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
		const cookie = answer.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (answer.status !== 200 || !cookie) throw new Error(`Owner login failed (${answer.status}): ${answer.text}`);
		this.cookie = cookie.split(';')[0];
		return this.cookie;
	}

	private async publicApiKey(): Promise<string> {
		if (this.apiKey) return this.apiKey;
		const cookie = await this.login();
		const scopes = await this.ownerGet<{ data: string[] }>('/rest/api-keys/scopes');
		const answer = await this.post(
			'/rest/api-keys',
			// Two callers racing after a restart may ask in the same millisecond; labels must differ.
			{ label: `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, scopes: scopes.data, expiresAt: null },
			{ cookie },
		);
		if (answer.status !== 200) throw new Error(`Creating an API key failed (${answer.status}): ${answer.text}`);
		this.apiKey = answer.json<{ data: { rawApiKey: string } }>().data.rawApiKey;
		return this.apiKey;
	}
}

/**
 * The production webhook paths of a workflow's webhook nodes: the node's `path` parameter for
 * nodes with full paths (n8n's Webhook node, this package's triggers), `<webhookId>/<path>` for
 * the others; each node's candidates are returned together.
 */
function webhookPathsOf(workflow: WorkflowJson): string[][] {
	return workflow.nodes
		.filter((node) => node.webhookId && typeof node.parameters?.path === 'string' && !node.parameters.path.startsWith('='))
		.map((node) => {
			const path = (node.parameters.path as string).replace(/^\/+/, '');
			return [path, `${node.webhookId}/${path}`];
		});
}

/** n8n reads the env-managed owner's password as a bcrypt hash; its own bcryptjs makes one. */
function hashPassword(runtime: N8nRuntime, password: string): string {
	const bcrypt = require(join(runtime.n8nDir, 'node_modules', 'bcryptjs')) as {
		hashSync(value: string, rounds: number): string;
	};
	return bcrypt.hashSync(password, 10);
}

