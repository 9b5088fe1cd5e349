import { existsSync } from 'node:fs';
import { join } from 'node:path';

import packageJson from '../../package.json';
import { e2eWorkflow } from '../harness/e2e-workflows';
import { N8nServer } from '../harness/n8n-server';

const ROOT = join(__dirname, '..', '..');
const echo = e2eWorkflow('harness-echo.json');

/** What n8n itself reads from a built file: the first exported class, instantiated. */
function builtClass(file: string): Record<string, unknown> {
	const path = join(ROOT, file);
	if (!existsSync(path)) throw new Error(`${file} is listed in package.json but the build has no such file`);
	const exported = require(path) as Record<string, new () => Record<string, unknown>>;
	return new (Object.values(exported)[0])();
}

describe('this package installed in a real n8n', () => {
	let n8n: N8nServer;

	beforeAll(async () => {
		n8n = await N8nServer.launch({ workflows: [echo] });
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	it('loads every node listed in package.json, under this package name', async () => {
		// n8n drops the whole package when one listed file fails; its log says which and why.
		const log = n8n.logs().split('\n');
		const loadErrors = log.flatMap((line, i) =>
			line.includes(`Failed to load package "${packageJson.name}"`) ? [line, log[i + 1]] : [],
		);
		expect(loadErrors).toEqual([]);
		const loaded = new Set((await n8n.ownerGet<Array<{ name: string }>>('/types/nodes.json')).map((t) => t.name));
		const expected = packageJson.n8n.nodes.map((file) => {
			const description = builtClass(file).description as { name: string };
			return `${packageJson.name}.${description.name}`;
		});

		expect(expected).toHaveLength(packageJson.n8n.nodes.length);
		expect(expected.filter((type) => !loaded.has(type))).toEqual([]);
	});

	it('loads every credential listed in package.json', async () => {
		const loaded = new Set(
			(await n8n.ownerGet<Array<{ name: string }>>('/types/credentials.json')).map((t) => t.name),
		);
		const expected = packageJson.n8n.credentials.map((file) => builtClass(file).name as string);

		expect(expected.filter((name) => !loaded.has(name))).toEqual([]);
	});

	it('runs a published workflow on its production webhook and records the execution', async () => {
		const answer = await n8n.post('/webhook/e2e-echo', { name: 'Maria' });

		expect(answer.status).toBe(200);
		expect(answer.json()).toEqual({ greeting: 'Olá Maria' });
		const [execution] = await n8n.waitForExecutions(echo.id, 1);
		expect(execution).toMatchObject({ workflowId: echo.id, status: 'success', mode: 'webhook' });
	});

	it('keeps its workflows and executions across a restart', async () => {
		const before = (await n8n.executions(echo.id)).length;
		await n8n.restart();

		const answer = await n8n.post('/webhook/e2e-echo', { name: 'João' });

		expect(answer.json()).toEqual({ greeting: 'Olá João' });
		expect(await n8n.waitForExecutions(echo.id, before + 1)).toHaveLength(before + 1);
	});
});
