import { randomBytes } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { getPool } from '../../nodes/shared/storage/postgres';
import { CalApiFake } from '../fakes/cal-api';
import { GraphApiFake } from '../fakes/graph-api';
import {
	academyCredentials,
	conversationWorkflow,
	followUpsOnWebhook,
	inBatches,
	inboundTextBody,
	shippedWorkflow,
	signedHeaders,
	whatsappPath,
} from '../harness/academy-n8n';
import { N8nQueue } from '../harness/n8n-queue';
import { shuffled } from '../harness/seeded';
import { isolatedStorage } from '../helpers/storage';
import { runLeadJson } from '../nodes/AcademyLead/lead-node';
import { createSampleAcademy, type TemplateEnv } from '../workflows/template-harness';
import type { WorkflowJson } from '../harness/n8n-server';

const LEADS = 100;
const MESSAGES_PER_LEAD = 5;
const COPIES = 3;
/** Deliveries on their way at once: Meta sends in parallel, but a bounded test stays within 2 cores. */
const IN_FLIGHT = 12;
const FOLLOW_UP_RUNS = 16;
/** About a minute per round on 2 idle cores; a busy machine takes longer. */
const ROUND_TIMEOUT_MS = 300_000;

const QUESTIONS = [
	'hola, cuánto sale la mensualidad?',
	'what time are the beginner classes?',
	'oi, qual o horário das aulas?',
	'tienen clases para chicos?',
	'quiero probar una clase',
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Guaranteed here: in n8n's queue mode (one main process taking webhooks, two workers running
 * executions, n8n's data in Postgres, Bull on Redis), every WhatsApp message gets exactly one
 * reply however often and in whatever order Meta delivers it, each number is one lead, every
 * inbound message is in the message log, and a due follow-up is sent once even when both workers
 * claim at the same moment.
 */
describe('queue mode: a main process and two workers share the work', () => {
	const graph = new GraphApiFake();
	const cal = new CalApiFake();
	const storage = isolatedStorage('e2e_queue');
	const run = randomBytes(3).toString('hex');
	const leads = Array.from({ length: LEADS }, (_, i) => String(17860000000 + Number.parseInt(run, 16) % 1000 * 1000 + i));
	// burstSeconds 0: quick messages are not waited for (a fixed 4 s pause says nothing about scale).
	const conversation = conversationWorkflow({ settings: { burstSeconds: 0 }, redis: true });
	const followUpsHook = followUpsOnWebhook('e2e-follow-ups-now');
	const workflows: WorkflowJson[] = [conversation, shippedWorkflow('follow-ups.json'), followUpsHook];
	let queue: N8nQueue;

	const repliesTo = (lead: string) => graph.sends().filter((body) => body.to === lead).length;

	beforeAll(async () => {
		await graph.start();
		await cal.start();
		const credentials = academyCredentials(workflows, { graph, cal, postgres: storage.postgres, redis: storage.redis });
		// No quiet hours: a follow-up due now goes now, whatever the time of the run.
		await createSampleAcademy({ credentials: Object.fromEntries(credentials.map((c) => [c.type, c.data])) } as unknown as TemplateEnv, {
			quietHours: { start: '00:00', end: '00:00' },
		});
		queue = await N8nQueue.launch({ workflows, credentials, workers: 2, concurrency: 5 });
	}, 420_000);

	afterAll(async () => {
		await queue?.stop();
		await graph.stop();
		await cal.stop();
		await storage.cleanup();
	});

	it('answers 500 messages from 100 leads once each, though each came three times and out of order', async () => {
		const url = `${queue.main.baseUrl}${whatsappPath(conversation)}`;
		const deliver = async (body: string) =>
			(await fetch(url, { method: 'POST', body, headers: signedHeaders(body, graph.appSecret) })).status;
		const bodyOf = (lead: number, k: number) =>
			inboundTextBody({
				from: leads[lead],
				messageId: `wamid.queue.${run}.${lead}.${k}`,
				text: QUESTIONS[(lead + k) % QUESTIONS.length],
				name: `Lead ${lead}`,
			});
		const statuses: number[] = [];
		for (let k = 0; k < MESSAGES_PER_LEAD; k++) {
			// Round k: every lead's k-th message twice (three times in the last round), and a late third
			// copy of its previous message, all shuffled: copies race each other and arrive after newer ones.
			const copies = k === MESSAGES_PER_LEAD - 1 ? COPIES : COPIES - 1;
			const round = leads.flatMap((_, lead) => [
				...Array.from({ length: copies }, () => bodyOf(lead, k)),
				...(k > 0 ? [bodyOf(lead, k - 1)] : []),
			]);
			statuses.push(...(await inBatches(shuffled(round, 1000 + k), IN_FLIGHT, deliver)));
			// Bounded: a round that is not answered in time ends the test with the counts below.
			const deadline = Date.now() + ROUND_TIMEOUT_MS;
			while (leads.some((lead) => repliesTo(lead) < k + 1) && Date.now() < deadline) await sleep(250);
			if (Date.now() >= deadline) break;
		}
		// A reply to a copy would come late: give the workers time to finish anything still queued.
		await sleep(5_000);

		expect(statuses).toHaveLength(LEADS * MESSAGES_PER_LEAD * COPIES);
		expect(statuses.filter((status) => status !== 200)).toEqual([]);
		const perLead = leads.map(repliesTo);
		expect(perLead.filter((count) => count !== MESSAGES_PER_LEAD)).toEqual([]);

		const pool = await getPool(storage.postgres);
		const { rows: leadRows } = await pool.query<{ numbers: number; leads: number }>(
			'SELECT count(DISTINCT wa_hash)::int AS numbers, count(*)::int AS leads FROM leads',
		);
		expect(leadRows[0]).toEqual({ numbers: LEADS, leads: LEADS });
		const { rows: logged } = await pool.query<{ direction: string; count: number }>(
			'SELECT direction, count(*)::int AS count FROM messages GROUP BY direction ORDER BY direction',
		);
		expect(logged).toEqual([
			{ direction: 'in', count: LEADS * MESSAGES_PER_LEAD },
			{ direction: 'out', count: LEADS * MESSAGES_PER_LEAD },
		]);
		const failed = (await queue.main.executions(conversation.id)).filter((e) => e.status !== 'success');
		expect(failed.map((e) => `${e.id} ${e.status}`)).toEqual([]);
		// Both workers took their share of the executions.
		expect(queue.workers.map((worker) => worker.executionsStarted() > 0)).toEqual([true, true]);
	}, 1_500_000);

	it('sends each due follow-up once while both workers claim at the same moment', async () => {
		const pool = await getPool(storage.postgres);
		const { rows } = await pool.query<{ id: string }>('SELECT id FROM leads ORDER BY created_at');
		const dueAt = new Date(Date.now() - 60_000).toISOString();
		for (const { id } of rows) {
			await runLeadJson(storage, { resource: 'followUp', operation: 'schedule', kind: 'offer', dueAt, options: { cancelOnReply: false } }, {
				lead: { id },
			} as IDataObject);
		}
		const sendsBefore = new Map(leads.map((lead) => [lead, repliesTo(lead)]));
		const hook = `${queue.main.baseUrl}/webhook/e2e-follow-ups-now`;
		const started = queue.workers.map((worker) => worker.executionsStarted());

		// Claim runs started together land on both workers and race for the same steps.
		const answers = await Promise.all(
			Array.from({ length: FOLLOW_UP_RUNS }, async () => (await fetch(hook, { method: 'POST', body: '{}' })).status),
		);
		expect(answers.every((status) => status === 200)).toBe(true);
		const deadline = Date.now() + 120_000;
		const pending = async () =>
			(await pool.query<{ count: number }>("SELECT count(*)::int AS count FROM follow_up_steps WHERE kind = 'offer' AND status IN ('pending', 'claimed')")).rows[0].count;
		while ((await pending()) > 0 && Date.now() < deadline) await sleep(500);
		await sleep(3_000);

		const { rows: steps } = await pool.query<{ status: string; attempts: number; count: number }>(
			"SELECT status, attempts, count(*)::int AS count FROM follow_up_steps WHERE kind = 'offer' GROUP BY status, attempts",
		);
		expect(steps).toEqual([{ status: 'sent', attempts: 1, count: LEADS }]);
		const extra = leads.map((lead) => repliesTo(lead) - sendsBefore.get(lead)!);
		expect(extra.filter((count) => count !== 1)).toEqual([]);
		const claimedBy = queue.workers.map((worker, i) => worker.executionsStarted() - started[i]);
		expect(claimedBy.every((count) => count > 0)).toBe(true);
	}, 600_000);
});
