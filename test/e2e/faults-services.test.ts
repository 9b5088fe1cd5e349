import { randomBytes } from 'node:crypto';

import { getPool } from '../../nodes/shared/storage/postgres';
import { CalApiFake } from '../fakes/cal-api';
import { GraphApiFake, metaError } from '../fakes/graph-api';
import type { RecordedRequest } from '../fakes/loopback-server';
import { FakeOpenAi } from '../fakes/openai';
import { academyCredentials, conversationWorkflow, inboundTextBody, shippedWorkflow, whatsappPath } from '../harness/academy-n8n';
import { deliverUntilAcknowledged, personalDataIn } from '../harness/meta-delivery';
import { N8nServer, type Execution, type WorkflowJson } from '../harness/n8n-server';
import { isolatedStorage } from '../helpers/storage';
import { SAMPLE_ACADEMY } from '../data/academy-profile';
import { createSampleAcademy, withSettings, type TemplateEnv } from '../workflows/template-harness';

const OPERATOR = '13055550198';
const OWNER = SAMPLE_ACADEMY.ownerNumber;
const SENDS = /\/messages$/;
const isSend = (request: RecordedRequest) => (request.body as { status?: string } | undefined)?.status === undefined;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The outside services fail: the model errors or never answers, the Graph API rate-limits, fails
 * or refuses a message outside the 24-hour window. Each message is answered once, or its failed
 * run is kept in n8n (and the operator told) to be retried.
 */
describe('service faults: the model and the Graph API fail', () => {
	const graph = new GraphApiFake();
	const cal = new CalApiFake();
	const openAi = new FakeOpenAi();
	const storage = isolatedStorage('e2e_faults_services');
	const run = randomBytes(3).toString('hex');
	let numberSeq = 17867000000 + (Number.parseInt(run, 16) % 1000) * 1000;
	const numbers: string[] = [];
	const texts: string[] = [];
	const shipped = conversationWorkflow({ settings: { burstSeconds: 0 } });
	// The model gets 2 s per call and the lead waits at most 6 s, so a dead model costs seconds, not minutes.
	const withModel = conversationWorkflow({
		settings: { burstSeconds: 0 },
		model: true,
		copy: { id: 'e2eFaultsModel01', path: 'whatsapp-model' },
		parameters: { 'Write the answer': { answerSource: 'model', options: { suggestButtons: true, attemptTimeout: 2, timeBudget: 6 } } },
	});
	const errors = withSettings(shippedWorkflow('errors.json') as never, { operatorNumber: OPERATOR }) as unknown as WorkflowJson;
	let n8n: N8nServer;

	const sendsTo = (number: string) => graph.sends().filter((body) => body.to === number);
	const attemptsTo = (number: string) =>
		graph.server.received(SENDS, 'POST').filter((r) => isSend(r) && (r.body as { to?: string }).to === number).length;

	/** A new lead writes `text` to `workflow`; resolves once n8n has nothing of it running. */
	async function leadWrites(workflow: WorkflowJson, text: string): Promise<{ lead: string; tookMs: number }> {
		const lead = String((numberSeq += 1));
		numbers.push(lead);
		texts.push(text);
		const body = inboundTextBody({ from: lead, messageId: `wamid.services.${run}.${numbers.length}`, text, name: 'Service Lead' });
		const started = Date.now();
		expect((await deliverUntilAcknowledged(`${n8n.baseUrl}${whatsappPath(workflow)}`, body, graph.appSecret)).pop()).toBe(200);
		await settle(workflow);
		return { lead, tookMs: Date.now() - started };
	}

	async function settle(workflow: WorkflowJson): Promise<void> {
		const deadline = Date.now() + 90_000;
		await sleep(500);
		while (Date.now() < deadline) {
			const running = (await n8n.executions(workflow.id)).filter((e) => e.status === 'running' || e.status === 'new');
			if (!running.length) return;
			await sleep(300);
		}
	}

	async function failedRuns(workflow: WorkflowJson): Promise<Execution[]> {
		return (await n8n.executions(workflow.id, { includeData: true })).filter((e) => e.status === 'error');
	}

	beforeAll(async () => {
		await Promise.all([graph.start(), cal.start(), openAi.start()]);
		const workflows = [shipped, withModel, errors];
		const credentials = academyCredentials(workflows, { graph, cal, openAi, postgres: storage.postgres, redis: storage.redis });
		await createSampleAcademy({ credentials: Object.fromEntries(credentials.map((c) => [c.type, c.data])) } as unknown as TemplateEnv);
		n8n = new N8nServer();
		await n8n.prepare();
		await n8n.importCredentials(credentials);
		// n8n 2.41 runs an error workflow only when it is published (otherwise: "is not active and cannot be executed").
		await n8n.importWorkflows([shipped, withModel, errors]);
		await n8n.start();
	}, 300_000);

	afterEach(() => {
		graph.server.clearFaults();
		openAi.reset();
	});

	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([graph.stop(), cal.stop(), openAi.stop()]);
		await storage.cleanup();
	});

	it('answers with the model when it works', async () => {
		openAi.responder = () => '¡Hola! Con gusto te cuento sobre nuestras clases. ¿Qué día te queda mejor para venir?';
		const { lead } = await leadWrites(withModel, 'hola, me cuentan un poco de las clases?');

		expect(sendsTo(lead)).toHaveLength(1);
		expect(JSON.stringify(sendsTo(lead)[0])).toContain('Con gusto te cuento sobre nuestras clases');
		expect(openAi.chatRequests().length).toBeGreaterThan(0);
	});

	it('a failing model: the lead gets the ready-made answer and the owner is told', async () => {
		openAi.failChat({ status: 500, body: { error: { message: 'The server had an error', type: 'server_error' } } }, 20);
		const ownerBefore = sendsTo(OWNER).length;
		const { lead } = await leadWrites(withModel, 'hola, cuánto sale la mensualidad?');

		expect(sendsTo(lead)).toHaveLength(1);
		expect(JSON.stringify(sendsTo(lead)[0])).toMatch(/189/);
		expect(sendsTo(OWNER).length - ownerBefore).toBe(1);
		expect(JSON.stringify(sendsTo(OWNER).at(-1))).toMatch(/ready-made answer/);
	});

	it('a model that never answers: the ready-made answer goes out once the time budget is spent, and the owner is told', async () => {
		openAi.failChat('hang', 20);
		const ownerBefore = sendsTo(OWNER).length;
		const { lead, tookMs } = await leadWrites(withModel, 'what time are the beginner classes?');
		process.stderr.write(`[faults] hanging model: the lead had an answer ${tookMs} ms after writing (time budget 6 s)\n`);

		expect(sendsTo(lead)).toHaveLength(1);
		expect(sendsTo(OWNER).length - ownerBefore).toBe(1);
		expect(openAi.chatRequests().length).toBeGreaterThan(0);
	});

	it('Graph API rate limit (429 with Retry-After) and 5xx: the send is retried and arrives once', async () => {
		graph.server.inject(SENDS, { status: 429, headers: { 'retry-after': '1' }, body: metaError(130429).body }, 2, isSend);
		const limited = await leadWrites(shipped, 'hola! dónde queda la academia?');
		graph.server.inject(SENDS, { status: 503, body: { error: { message: 'Service temporarily unavailable', code: 2 } } }, 2, isSend);
		const failing = await leadWrites(shipped, 'tienen clases para chicos?');

		// Two attempts refused, the third accepted, and nothing sent after it.
		expect([limited.lead, failing.lead].map(attemptsTo)).toEqual([3, 3]);
		expect(await failedRuns(shipped)).toEqual([]);
	});

	it('Graph API down for longer than the retries: the run fails and is kept, the operator is told, and a retry answers once', async () => {
		graph.server.inject(SENDS, { status: 503, body: { error: { message: 'Service temporarily unavailable', code: 2 } } }, 4, isSend);
		const failedBefore = (await failedRuns(shipped)).length;
		const { lead } = await leadWrites(shipped, 'quanto custa a mensalidade?');
		const failed = await failedRuns(shipped);

		expect(failed.length - failedBefore).toBe(1);
		expect(graph.sends().some((body) => body.to === OPERATOR)).toBe(true);
		const pool = await getPool(storage.postgres);
		const { rows } = await pool.query<{ count: number }>("SELECT count(*)::int AS count FROM messages WHERE direction = 'in' AND lead_id IN (SELECT id FROM leads)");
		expect(rows[0].count).toBeGreaterThan(0);

		await n8n.api('POST', `/executions/${failed[0].id}/retry`, { loadWorkflow: false });
		await settle(shipped);
		const accepted = graph.server.received(SENDS, 'POST').filter((r) => isSend(r) && (r.body as { to?: string }).to === lead);
		// Four refused attempts, then the retry's one accepted send.
		expect(accepted).toHaveLength(5);
	});

	it('131047 (the 24-hour window closed): no blind retries, and the kept run says what to do, without personal data', async () => {
		graph.server.inject(SENDS, metaError(131047), 1, isSend);
		const failedBefore = (await failedRuns(shipped)).length;
		const { lead } = await leadWrites(shipped, 'hello, do you have classes on saturday?');
		const failed = await failedRuns(shipped);

		expect(attemptsTo(lead)).toBe(1);
		expect(failed.length - failedBefore).toBe(1);
		const error = failed[0].data?.resultData.error as { message?: string; description?: string } | undefined;
		expect(`${error?.message} ${error?.description}`).toMatch(/24 hours.*template/i);
		expect(personalDataIn(JSON.stringify(error), { numbers: [lead], texts: [texts.at(-1)!] })).toEqual([]);
	});

	it('writes no phone number and no message text into its log', () => {
		expect(personalDataIn(n8n.logs(), { numbers, texts })).toEqual([]);
	});
});
