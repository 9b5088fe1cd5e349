import { randomBytes } from 'node:crypto';

import { closeAllPools, getPool, type AcademyPostgresCredentials } from '../../nodes/shared/storage/postgres';
import { closeAllRedis, type AcademyRedisCredentials } from '../../nodes/shared/storage/redis';
import { CalApiFake } from '../fakes/cal-api';
import { GraphApiFake } from '../fakes/graph-api';
import {
	academyCredentials,
	conversationWorkflow,
	inBatches,
	inboundTextBody,
	shippedWorkflow,
	signedHeaders,
	whatsappPath,
} from '../harness/academy-n8n';
import { deliverUntilAcknowledged, personalDataIn, postWebhook } from '../harness/meta-delivery';
import { N8nServer, type WorkflowJson } from '../harness/n8n-server';
import { PostgresCluster } from '../harness/postgres-cluster';
import { RedisServer } from '../harness/redis-server';
import { createSampleAcademy, withSettings, type TemplateEnv } from '../workflows/template-harness';

const OPERATOR = '13055550199';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The academy's Postgres and Redis are a cluster and a redis-server of this test's own, so it can
 * crash and stop them while messages flow (the machine's services are never touched). n8n keeps
 * its own data in SQLite, as a single instance does by default.
 */
describe('storage faults: the academy database restarts, Redis goes away', () => {
	const graph = new GraphApiFake();
	const cal = new CalApiFake();
	const postgresServer = new PostgresCluster();
	const redisServer = new RedisServer();
	const run = randomBytes(3).toString('hex');
	let numberSeq = 17865000000 + (Number.parseInt(run, 16) % 1000) * 1000;
	const newLead = () => String((numberSeq += 1));
	const texts: string[] = [];
	const numbers: string[] = [];
	// As shipped: deliveries remembered in Postgres. And a copy that remembers them in Redis.
	const shipped = conversationWorkflow({ settings: { burstSeconds: 0 } });
	const withRedis = conversationWorkflow({ settings: { burstSeconds: 0 }, redis: true, copy: { id: 'e2eFaultsRedis01', path: 'whatsapp-redis' } });
	const errors = withSettings(shippedWorkflow('errors.json') as never, { operatorNumber: OPERATOR }) as unknown as WorkflowJson;
	let postgres: AcademyPostgresCredentials;
	let redis: AcademyRedisCredentials;
	let n8n: N8nServer;

	const repliesTo = (lead: string) => graph.sends().filter((body) => body.to === lead).length;
	const message = (lead: string, text: string) => {
		numbers.push(lead);
		texts.push(text);
		return inboundTextBody({ from: lead, messageId: `wamid.faults.${run}.${numbers.length}`, text, name: 'Faults Lead' });
	};

	/** Waits until n8n runs nothing of `workflow` and the Graph API heard nothing for a while. */
	async function settle(workflow: WorkflowJson, quietMs = 4_000): Promise<void> {
		const deadline = Date.now() + 120_000;
		let sends = -1;
		while (Date.now() < deadline) {
			const running = (await n8n.executions(workflow.id)).filter((e) => e.status === 'running' || e.status === 'new');
			if (!running.length && graph.requests.length === sends) return;
			sends = graph.requests.length;
			await sleep(quietMs);
		}
	}

	beforeAll(async () => {
		await Promise.all([graph.start(), cal.start(), postgresServer.start(), redisServer.start()]);
		postgres = { ...postgresServer.connection, schema: 'academy_faults', encryptionSecret: `faults-${run}` };
		redis = { ...redisServer.connection, database: 0, keyPrefix: `faults:${run}:` };
		const workflows = [shipped, withRedis, errors];
		const credentials = academyCredentials(workflows, { graph, cal, postgres, redis });
		await createSampleAcademy({ credentials: Object.fromEntries(credentials.map((c) => [c.type, c.data])) } as unknown as TemplateEnv);
		n8n = new N8nServer();
		await n8n.prepare();
		await n8n.importCredentials(credentials);
		// n8n 2.41 runs an error workflow only when it is published (otherwise: "is not active and cannot be executed").
		await n8n.importWorkflows([shipped, withRedis, errors]);
		await n8n.start();
	}, 300_000);

	afterAll(async () => {
		await n8n?.stop();
		await closeAllPools();
		await closeAllRedis();
		await Promise.all([graph.stop(), cal.stop(), postgresServer.destroy(), redisServer.destroy()]);
	});

	it('Postgres crashing and restarting mid-traffic: every message is answered once, or its failed run is kept, the operator is told, and a retry answers it once', async () => {
		const url = `${n8n.baseUrl}${whatsappPath(shipped)}`;
		const leads = Array.from({ length: 40 }, newLead);
		const bodies = leads.map((lead, i) => message(lead, `hola, cuánto sale la mensualidad? (${i})`));
		const restart = (async () => {
			await sleep(2_500);
			await postgresServer.restart('immediate');
		})();
		// Four deliveries a second; one that is not acknowledged is delivered again, as Meta does.
		const statuses = await inBatches(bodies, 4, async (body, i) => {
			await sleep(i * 60);
			return await deliverUntilAcknowledged(url, body, graph.appSecret);
		});
		await restart;
		await settle(shipped);

		const counts0 = leads.map(repliesTo);
		const failedRuns = (await n8n.executions(shipped.id)).filter((e) => e.status === 'error').length;
		process.stderr.write(
			`[faults] Postgres restart: ${statuses.filter((s) => s.length > 1).length} of ${bodies.length} messages needed a redelivery (answers ${JSON.stringify(statuses.flat().filter((s) => s !== 200))}); ${counts0.filter((c) => c === 1).length} answered at once, ${failedRuns} runs failed and were kept\n`,
		);

		expect(statuses.map((s) => s[s.length - 1])).toEqual(bodies.map(() => 200));
		const counts = leads.map(repliesTo);
		expect(counts.filter((count) => count > 1)).toEqual([]);
		const failed = (await n8n.executions(shipped.id)).filter((e) => e.status === 'error');
		expect(counts.filter((count) => count === 0).length).toBeLessThanOrEqual(failed.length);
		// The operator hears of it once per 30 minutes, not once per failed message.
		const alerts = graph.sends().filter((body) => body.to === OPERATOR);
		expect(alerts).toHaveLength(failed.length ? 1 : 0);

		for (const execution of failed) await n8n.api('POST', `/executions/${execution.id}/retry`, { loadWorkflow: false });
		await settle(shipped);

		expect(leads.map(repliesTo)).toEqual(leads.map(() => 1));
		const pool = await getPool(postgres);
		const { rows } = await pool.query<{ count: number }>("SELECT count(*)::int AS count FROM messages WHERE direction = 'in'");
		expect(rows[0].count).toBeGreaterThanOrEqual(leads.length);
	});

	it('Redis stopped: messages are still answered once, deliveries remembered in Postgres; a redelivery after Redis is back is still not answered twice', async () => {
		const url = `${n8n.baseUrl}${whatsappPath(withRedis)}`;
		const leads = Array.from({ length: 12 }, newLead);
		const bodies = leads.map((lead) => message(lead, 'what time are the beginner classes?'));
		await redisServer.stop();

		const first = await inBatches(bodies, 4, async (body) => await postWebhook(url, body, signedHeaders(body, graph.appSecret)));
		const again = await inBatches(bodies, 4, async (body) => await postWebhook(url, body, signedHeaders(body, graph.appSecret)));
		await settle(withRedis);

		expect([...first, ...again]).toEqual([...bodies, ...bodies].map(() => 200));
		expect(leads.map(repliesTo)).toEqual(leads.map(() => 1));

		// Redis back, knowing nothing of those deliveries: the message log still recognises them.
		await redisServer.start();
		const late = await inBatches(bodies, 4, async (body) => await postWebhook(url, body, signedHeaders(body, graph.appSecret)));
		await settle(withRedis);

		expect(late).toEqual(bodies.map(() => 200));
		expect(leads.map(repliesTo)).toEqual(leads.map(() => 1));
	});

	it("Meta's redelivery of a webhook it saw no answer to does not answer twice, also while the first is still running", async () => {
		const url = `${n8n.baseUrl}${whatsappPath(shipped)}`;
		const leads = Array.from({ length: 10 }, newLead);
		const bodies = leads.map((lead) => message(lead, 'tienen clases para chicos?'));
		// Meta gives up waiting after a few seconds: here it gives up at once and delivers again at once.
		await Promise.all(bodies.map(async (body) => await postWebhook(url, body, signedHeaders(body, graph.appSecret), 1)));
		const redelivered = await Promise.all(
			bodies.flatMap((body) => [body, body]).map(async (body) => await postWebhook(url, body, signedHeaders(body, graph.appSecret))),
		);
		await settle(shipped);

		expect(redelivered.every((status) => status === 200)).toBe(true);
		expect(leads.map(repliesTo)).toEqual(leads.map(() => 1));
	});

	it('writes no phone number and no message text into its log or its error messages', async () => {
		const failures = (await n8n.executions(undefined, { includeData: true }))
			.map((e) => JSON.stringify(e.data?.resultData.error ?? ''))
			.join('\n');
		const lead = numbers.filter((number) => number !== OPERATOR);

		expect(personalDataIn(n8n.logs(), { numbers: lead, texts })).toEqual([]);
		expect(personalDataIn(failures, { numbers: lead, texts })).toEqual([]);
	});
});
