/**
 * `npm run bench`: this package's conversation template against n8n's own floor, in the real
 * n8n 2.41 on this machine, for n8n's default expression engine and the legacy one. Prints
 * figures; asserts nothing. The README's Performance section says what each figure means.
 */
import '../../test/setup/env';

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

import { CalApiFake } from '../../test/fakes/cal-api';
import { GraphApiFake } from '../../test/fakes/graph-api';
import { academyCredentials, conversationWorkflow, whatsappPath } from '../../test/harness/academy-n8n';
import { N8nServer, type WorkflowJson } from '../../test/harness/n8n-server';
import { isolatedStorage } from '../../test/helpers/storage';
import { createSampleAcademy, type TemplateEnv } from '../../test/workflows/template-harness';
import { PostgresCluster } from '../../test/harness/postgres-cluster';
import { commitLatencyMs } from './commit-latency';
import { packageCpuPerMessage, readCpuProfiles, summariseCpuProfiles } from './cpu-profile';
import { ENGINES } from './engines';
import { CONVERSATION_STEPS, floorWorkflow, FLOOR_PATH, LONG_FLOOR_PATH } from './floor';
import { closedLoop, openLoop, type LoadResult, type Send } from './load';
import { nodeTimes, type NodeTimes } from './node-times';
import { SHAPE_PATH, templateShapeWorkflow } from './template-shape';
import { groupUsage, MemorySampler, untilIdle } from './process-usage';
import { printEngine, printPackageCpu, printSummary, throughput, type EngineFigures, type PhaseFigures, type SteadyFigures } from './report';
import { conversationSender, floorSender, Leads, ReplyWatcher, statusSender } from './traffic';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SETTINGS = {
	phaseSeconds: num('BENCH_SECONDS', 20),
	concurrency: num('BENCH_CONCURRENCY', 16),
	leads: num('BENCH_LEADS', 600),
	/** Offered loads below saturation, as shares of the slower workflow's saturated throughput. */
	belowSaturation: (process.env.BENCH_BELOW_SATURATION ?? '0.25,0.5').split(',').map(Number),
	profiledMessages: num('BENCH_PROFILED_MESSAGES', 200),
	/**
	 * Messages sent to each workflow before measuring: n8n's and this package's code paths are
	 * compiled by then. With 40, the first saturated phase still ran partly unoptimised code and
	 * the same build measured 19.5 to 25.8 msg/s from one run to the next.
	 */
	warmUpMessages: num('BENCH_WARM_UP', 300),
	engines: (process.env.BENCH_ENGINES ?? 'vm,legacy').split(',').map((e) => e.trim()).filter(Boolean),
	seed: num('BENCH_SEED', 20261124),
	/** Also record n8n's CPU profile (node --cpu-prof) and print where its time went. */
	cpuProfile: process.env.BENCH_CPU_PROFILE === '1',
	/**
	 * `machine`: the academy data in the machine's Postgres (as configured: each commit waits for
	 * the disk). `throwaway`: a Postgres cluster of the benchmark's own with fsync off, to show the
	 * package's time without the disk's flush time.
	 */
	postgres: process.env.BENCH_POSTGRES ?? 'machine',
};
/** The ceiling per phase: a phase ends at its time or at this many messages, whichever comes first. */
const MAX_MESSAGES_PER_PHASE = 20_000;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<void> {
	const unknown = SETTINGS.engines.filter((engine) => !ENGINES[engine]);
	if (unknown.length) throw new Error(`BENCH_ENGINES: unknown ${unknown.join(', ')}; use ${Object.keys(ENGINES).join(', ')}`);
	const results: EngineFigures[] = [];
	for (const engine of SETTINGS.engines) results.push(await benchEngine(engine));
	printSummary(results, SETTINGS);
}

async function benchEngine(engine: string): Promise<EngineFigures> {
	const cluster = SETTINGS.postgres === 'throwaway' ? await new PostgresCluster().start() : undefined;
	const storage = isolatedStorage(`bench_${engine}`);
	if (cluster) Object.assign(storage.postgres, cluster.connection);
	const graph = await new GraphApiFake().start();
	const cal = await new CalApiFake().start();
	const watcher = new ReplyWatcher(graph);
	const leads = new Leads(SETTINGS.leads, SETTINGS.seed);
	const runId = randomBytes(3).toString('hex');
	// Several quick messages are normally joined for burstSeconds (4 s) before one answer: a fixed
	// wait that says nothing about speed. The benchmark sets it to 0.
	const settings = { burstSeconds: 0 };
	const conversation = conversationWorkflow({ settings, redis: true });
	const profiled = conversationWorkflow({
		settings,
		redis: true,
		saveExecutions: true,
		copy: { id: 'benchProfiled001', path: 'whatsapp-profiled' },
	});
	const floor = floorWorkflow(conversation.settings ?? {});
	const longFloor = floorWorkflow(conversation.settings ?? {}, CONVERSATION_STEPS);
	const shape = templateShapeWorkflow(conversation);
	const workflows: WorkflowJson[] = [floor, longFloor, shape, conversation, profiled];
	let n8n: N8nServer | undefined;
	let profiledCount = 0;
	const profileDir = mkdtempSync(join(tmpdir(), 'academy-bench-cpu-'));
	try {
		const credentials = academyCredentials(workflows, { graph, cal, postgres: storage.postgres, redis: storage.redis });
		await createSampleAcademy({ credentials: Object.fromEntries(credentials.map((c) => [c.type, c.data])) } as unknown as TemplateEnv);
		log(`${engine}: starting n8n`);
		n8n = await N8nServer.launch({
			workflows,
			credentials,
			log,
			env: {
				...ENGINES[engine].env,
				...(SETTINGS.cpuProfile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}),
			},
		});
		const pgid = n8n.pid!;
		const commitMs = await commitLatencyMs(storage.postgres);
		const idleMiB = groupUsage(pgid).rssMiB;
		const floorSend = floorSender(`${n8n.baseUrl}${FLOOR_PATH}`, leads, graph.appSecret);
		const longFloorSend = floorSender(`${n8n.baseUrl}${LONG_FLOOR_PATH}`, leads, graph.appSecret);
		const shapeSend = floorSender(`${n8n.baseUrl}${SHAPE_PATH}`, leads, graph.appSecret);
		const conversationSend = conversationSender(`${n8n.baseUrl}${whatsappPath(conversation)}`, leads, graph.appSecret, watcher, runId);
		const profiledSend = conversationSender(`${n8n.baseUrl}${whatsappPath(profiled)}`, leads, graph.appSecret, watcher, `${runId}p`);
		let index = 0;
		const phase = async (
			name: string,
			run: (firstIndex: number) => Promise<LoadResult>,
		): Promise<PhaseFigures> => {
			log(`${engine}: ${name}`);
			const sampler = new MemorySampler(pgid).start();
			const cpuBefore = groupUsage(pgid).cpuMs;
			const result = await run(index);
			index += result.samples.length;
			const cpuMs = groupUsage(pgid).cpuMs - cpuBefore;
			return { name, ...result, cpuMsPerMessage: cpuMs / Math.max(1, result.samples.length), peakMiB: sampler.stop() };
		};
		const saturate = (send: Send) => (firstIndex: number) =>
			closedLoop({ concurrency: SETTINGS.concurrency, durationMs: SETTINGS.phaseSeconds * 1000, maxMessages: MAX_MESSAGES_PER_PHASE, send, firstIndex });

		await phase('warm-up', async (firstIndex) => {
			const count = SETTINGS.warmUpMessages;
			const warm = (send: Send, from: number) => closedLoop({ concurrency: 4, durationMs: 120_000, maxMessages: count, send, firstIndex: from });
			const results = [
				await warm(floorSend, firstIndex),
				await warm(conversationSend, firstIndex + count),
				await warm(profiledSend, firstIndex + 2 * count),
				await warm(longFloorSend, firstIndex + 3 * count),
				await warm(shapeSend, firstIndex + 4 * count),
			];
			return { samples: results.flatMap((r) => r.samples), seconds: results.reduce((s, r) => s + r.seconds, 0) };
		});
		const floorSaturated = await phase(`floor at saturation (${SETTINGS.concurrency} at once)`, saturate(floorSend));
		const conversationSaturated = await phase(`conversation at saturation (${SETTINGS.concurrency} leads waiting for their reply)`, saturate(conversationSend));
		const longFloorSaturated = await phase(`floor over ${CONVERSATION_STEPS} steps at saturation`, saturate(longFloorSend));
		const shapeSaturated = await phase("the template's n8n steps, this package's as No Operation, at saturation", saturate(shapeSend));
		const statusSend = (status: 'delivered' | 'read') =>
			statusSender(`${n8n!.baseUrl}${whatsappPath(conversation)}`, leads, graph.appSecret, status, runId);
		// The trigger answers Meta before the run, so a status phase lasts until n8n has finished them.
		const statusPhase = (status: 'delivered' | 'read') => async (firstIndex: number) => {
			const sent = await saturate(statusSend(status))(firstIndex);
			return { ...sent, seconds: sent.seconds + (await untilIdle(pgid)) };
		};
		const statusesRun = await phase('"read" statuses at saturation (each starts a run)', statusPhase('read'));
		const statusesDropped = await phase('"delivered" statuses at saturation (left out)', statusPhase('delivered'));
		const slower = Math.min(throughput(floorSaturated), throughput(conversationSaturated, true));
		const steady = (rate: number, send: Send, maxMessages = MAX_MESSAGES_PER_PHASE) => (firstIndex: number) =>
			openLoop({ ratePerSecond: rate, durationMs: SETTINGS.phaseSeconds * 1000, maxMessages, send, firstIndex });
		const levels: SteadyFigures[] = [];
		for (const share of SETTINGS.belowSaturation) {
			const rate = Math.max(1, Math.round(share * slower * 10) / 10);
			levels.push({
				share,
				rate,
				floor: await phase(`floor at ${rate} msg/s`, steady(rate, floorSend)),
				conversation: await phase(`conversation at ${rate} msg/s`, steady(rate, conversationSend)),
			});
		}
		// This package's own time is read with one message at a time: under load a step's time
		// also holds the other executions' turns on n8n's event loop, and saving every run's data
		// (which this copy of the template does) slows n8n down by itself. The run goes on after
		// the reply (the answer is saved), so the next message waits a little longer.
		const profiledSince = Date.now();
		const profiledSteady = await phase('conversation with execution data saved, one message at a time', (firstIndex) =>
			closedLoop({
				concurrency: 1,
				pauseMs: 250,
				durationMs: SETTINGS.phaseSeconds * 1000,
				maxMessages: SETTINGS.profiledMessages,
				send: profiledSend,
				firstIndex,
			}),
		);
		profiledCount = profiledSteady.samples.length;
		const times: NodeTimes = await nodeTimes(n8n, profiled, { since: profiledSince, expected: profiledSteady.samples.length });
		const figures: EngineFigures = {
			engine,
			commitMs,
			idleMiB,
			floorSaturated,
			longFloorSaturated,
			shapeSaturated,
			conversationSaturated,
			statusesRun,
			statusesDropped,
			levels,
			profiledSteady,
			times,
			unexpectedReplies: watcher.unexpected,
		};
		printEngine(figures);
		return figures;
	} catch (error) {
		if (n8n) log(`n8n log tail:\n${n8n.logTail(40)}`);
		throw error;
	} finally {
		await n8n?.stop();
		if (SETTINGS.cpuProfile) {
			const profiles = readCpuProfiles(profileDir);
			printPackageCpu(engine, packageCpuPerMessage(profiles, profiledCount));
			console.log(`\nn8n CPU profile (${engine}), whole run:${summariseCpuProfiles(profiles)}`);
		}
		if (process.env.BENCH_KEEP_PROFILE) log(`CPU profiles kept in ${profileDir}`);
		else rmSync(profileDir, { recursive: true, force: true });
		await graph.stop();
		await cal.stop();
		await storage.cleanup();
		await cluster?.destroy();
	}
}

log(`${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version} for the load; engines: ${SETTINGS.engines.join(', ')}`);
main().catch((error: Error) => {
	console.error(`bench failed: ${error.stack ?? error.message}`);
	process.exitCode = 1;
});
