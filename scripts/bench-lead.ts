/**
 * Lead node benchmark (`npm run bench:lead`): one inbound message as the conversation template
 * handles it, Lead upsert (find or create the lead, log the message) → log the answer →
 * transition, run as workflows in n8n-core's real engine against the real Postgres, with and
 * without Redis. Prints throughput and latency; asserts nothing.
 */
import '../test/setup/env';

import { cpus } from 'node:os';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { isolatedStorage } from '../test/helpers/storage';
import { PACKAGE_NAME, runWorkflow } from '../test/helpers/workflow-runner';
import { createAcademy, inbound } from '../test/nodes/AcademyLead/lead-node';
import { STORAGE_NODE_TYPES, type StorageResource } from '../nodes/AcademyLead/storage-nodes';

const LEADS = Number(process.env.BENCH_LEADS ?? 150);
const MESSAGES_PER_LEAD = Number(process.env.BENCH_MESSAGES_PER_LEAD ?? 3);
/** One at a time shows the latency of a message alone; several at once, what the machine sustains. */
const CONCURRENCY = [1, Number(process.env.BENCH_CONCURRENCY ?? 8)];
const WARM_UP = 20;
const STEPS = ['Upsert', 'Log Answer', 'Transition'] as const;

function leadNode(name: (typeof STEPS)[number], x: number, parameters: INodeParameters, redis: boolean): INode {
	return {
		id: name,
		name,
		type: `${PACKAGE_NAME}.${STORAGE_NODE_TYPES[parameters.resource as StorageResource]}`,
		typeVersion: 1,
		position: [x, 0],
		parameters,
		credentials: {
			academyPostgresApi: { id: 'pg', name: 'Academy Postgres' },
			...(redis ? { academyRedisApi: { id: 'redis', name: 'Academy Redis' } } : {}),
		},
	};
}

function conversation(redis: boolean) {
	const link = (node: string) => ({ main: [[{ node, type: 'main' as const, index: 0 }]] });
	return {
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} },
			leadNode('Upsert', 200, { resource: 'lead', operation: 'upsert' }, redis),
			leadNode(
				'Log Answer',
				400,
				{
					resource: 'message',
					operation: 'log',
					direction: 'out',
					messageId: "={{ 'wamid.out.' + $json.message.messageId }}",
					text: 'Hola! La primera clase es gratis. ¿Qué día te queda mejor?',
				},
				redis,
			),
			leadNode('Transition', 600, { resource: 'lead', operation: 'transition', toState: 'ENGAGED' }, redis),
		],
		connections: { Start: link('Upsert'), Upsert: link('Log Answer'), 'Log Answer': link('Transition') },
	};
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const fixed = (value: number) => value.toFixed(1).padStart(7);

interface Figures {
	label: string;
	concurrency: number;
	messages: number;
	seconds: number;
	latencies: number[];
	nodeTimes: Record<string, number[]>;
}

async function measure(label: string, redis: boolean, concurrency: number): Promise<Figures> {
	const storage = isolatedStorage(`bench_lead_${redis ? 'redis' : 'pg'}`);
	const credentials = {
		academyPostgresApi: storage.postgres as ICredentialDataDecryptedObject,
		academyRedisApi: storage.redis as ICredentialDataDecryptedObject,
	};
	const workflow = conversation(redis);
	try {
		await createAcademy(storage);
		const phone = (lead: number) => String(5491160000000 + lead);
		// Each lead writes MESSAGES_PER_LEAD times; the first creates it (NEW → ENGAGED), the rest find it.
		const messages = Array.from({ length: LEADS * MESSAGES_PER_LEAD }, (_, i) => ({
			message: inbound({ waId: phone(i % LEADS), text: `mensaje ${i}` }) as unknown as IDataObject,
		}));
		const warmUp = Array.from({ length: WARM_UP }, (_, i) => ({ message: inbound({ waId: phone(LEADS + i) }) as unknown as IDataObject }));
		const latencies: number[] = [];
		const nodeTimes: Record<string, number[]> = Object.fromEntries(STEPS.map((step) => [step, []]));
		const runOne = async (item: IDataObject, record: boolean) => {
			const started = process.hrtime.bigint();
			const run = await runWorkflow(workflow, { credentials, items: [{ json: item }] });
			const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
			const transition = run.output('Transition');
			if (transition.length !== 1) throw new Error('The conversation workflow did not reach the transition');
			if (!record) return;
			latencies.push(elapsed);
			for (const step of STEPS) nodeTimes[step].push(run.run.data.resultData.runData[step][0].executionTime);
		};
		const pool = async (items: IDataObject[], record: boolean) => {
			let next = 0;
			await Promise.all(
				Array.from({ length: concurrency }, async () => {
					while (next < items.length) await runOne(items[next++], record);
				}),
			);
		};
		await pool(warmUp, false);
		const started = process.hrtime.bigint();
		await pool(messages, true);
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		return { label, concurrency, messages: messages.length, seconds, latencies, nodeTimes };
	} finally {
		await storage.cleanup();
	}
}

function print(all: Figures[]) {
	console.log('\nLead node: upsert + log + transition per inbound message, n8n-core engine in-process, real Postgres');
	console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`);
	console.log(`${LEADS} leads × ${MESSAGES_PER_LEAD} messages, after ${WARM_UP} warm-up messages\n`);
	console.log('                         at once   msg/s   p50 ms  p95 ms  p99 ms   node p50/p95 ms: upsert | log | transition');
	for (const figures of all) {
		const sorted = [...figures.latencies].sort((a, b) => a - b);
		const nodes = STEPS.map((step) => {
			const times = [...figures.nodeTimes[step]].sort((a, b) => a - b);
			return `${percentile(times, 50).toFixed(1)}/${percentile(times, 95).toFixed(1)}`;
		}).join(' | ');
		console.log(
			`${figures.label.padEnd(20)}${String(figures.concurrency).padStart(10)} ${fixed(figures.messages / figures.seconds)} ${fixed(percentile(sorted, 50))} ${fixed(percentile(sorted, 95))} ${fixed(percentile(sorted, 99))}   ${nodes}`,
		);
	}
	console.log('');
}

async function main() {
	const results: Figures[] = [];
	for (const concurrency of CONCURRENCY) {
		results.push(await measure('Postgres only', false, concurrency), await measure('Postgres + Redis', true, concurrency));
	}
	print(results);
}

main().catch((error: Error) => {
	console.error(`bench:lead failed: ${error.message}`);
	process.exitCode = 1;
});
