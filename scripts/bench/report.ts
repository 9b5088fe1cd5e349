import { ENGINES } from './engines';
import { CONVERSATION_STEPS } from './floor';
import type { LoadResult } from './load';
import type { NodeTimes } from './node-times';
import { percentile, spread } from './stats';

export interface PhaseFigures extends LoadResult {
	name: string;
	/** CPU time of n8n's process group (n8n and its task runner) per message, ms. */
	cpuMsPerMessage: number;
	/** Peak resident memory of n8n's process group during the phase, MiB. */
	peakMiB: number;
}

/** Both workflows at one offered load below saturation. */
export interface SteadyFigures {
	/** The share of the slower workflow's saturated throughput. */
	share: number;
	/** Messages per second offered. */
	rate: number;
	floor: PhaseFigures;
	conversation: PhaseFigures;
}

export interface EngineFigures {
	engine: string;
	/** One small committed write on the academy Postgres, ms. */
	commitMs: number;
	idleMiB: number;
	floorSaturated: PhaseFigures;
	/** The floor with No Operation steps up to the conversation's length: n8n's own cost per step. */
	longFloorSaturated: PhaseFigures;
	/** The conversation template with this package's steps as No Operation: n8n's own cost for it. */
	shapeSaturated: PhaseFigures;
	conversationSaturated: PhaseFigures;
	/** Status webhooks the conversation template lets start a run ("read"). */
	statusesRun: PhaseFigures;
	/** Status webhooks its trigger keeps out ("delivered"). */
	statusesDropped: PhaseFigures;
	levels: SteadyFigures[];
	profiledSteady: PhaseFigures;
	times: NodeTimes;
	unexpectedReplies: number;
}

/** Messages per second that were acknowledged (and, with `replies`, replied to). */
export function throughput(phase: LoadResult, replies = false): number {
	const done = phase.samples.filter((s) => s.status === 200 && (!replies || s.replyMs !== undefined)).length;
	return done / phase.seconds;
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : '–').padStart(6);
const rate = (value: number) => value.toFixed(1).padStart(7);

function phaseLine(label: string, phase: PhaseFigures, replies: boolean): string {
	const acks = spread(phase.samples.filter((s) => s.status).map((s) => s.ackMs));
	const replyTimes = spread(phase.samples.flatMap((s) => (s.replyMs === undefined ? [] : [s.replyMs])));
	const failed = phase.samples.filter((s) => s.status !== 200).length;
	const lost = phase.samples.filter((s) => s.lost).length;
	return [
		label.padEnd(34),
		String(phase.samples.length).padStart(6),
		rate(throughput(phase, replies)),
		ms(acks.p50),
		ms(acks.p95),
		ms(acks.p99),
		replies ? ms(replyTimes.p50) : '     –',
		replies ? ms(replyTimes.p95) : '     –',
		phase.cpuMsPerMessage.toFixed(1).padStart(7),
		phase.peakMiB.toFixed(0).padStart(7),
		`${failed ? `  ${failed} not 200` : ''}${lost ? `  ${lost} without reply` : ''}`,
	].join(' ');
}

const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');

const ackP99 = (phase: PhaseFigures) => percentile(phase.samples.filter((s) => s.status).map((s) => s.ackMs), 99);

export function ratios(figures: EngineFigures) {
	return {
		/** Per offered load: conversation ack p99 over the floor's. */
		ackP99: figures.levels.map((level) => ({ rate: level.rate, ratio: ackP99(level.conversation) / ackP99(level.floor) })),
		throughput: throughput(figures.conversationSaturated, true) / throughput(figures.floorSaturated),
		longFloor: throughput(figures.longFloorSaturated) / throughput(figures.floorSaturated),
		shape: throughput(figures.shapeSaturated) / throughput(figures.floorSaturated),
		packageP95: percentile(figures.times.packageMs, 95),
	};
}

export function printEngine(figures: EngineFigures): void {
	const engineName = ENGINES[figures.engine]?.label ?? figures.engine;
	console.log(
		`\n== ${engineName}: n8n idle ${figures.idleMiB.toFixed(0)} MiB; one committed write on the academy Postgres ${figures.commitMs.toFixed(1)} ms ==`,
	);
	console.log(
		`${'phase'.padEnd(34)}   sent   msg/s  ack50  ack95  ack99  rpl50  rpl95  cpu/msg  peakMiB   (ms; rpl = POST to reply at the Graph API)`,
	);
	console.log(phaseLine('floor, saturated', figures.floorSaturated, false));
	console.log(phaseLine(`floor over ${CONVERSATION_STEPS} steps, saturated`, figures.longFloorSaturated, false));
	console.log(phaseLine('template, package steps as NoOp, sat.', figures.shapeSaturated, false));
	console.log(phaseLine('conversation, saturated', figures.conversationSaturated, true));
	console.log(phaseLine('"read" statuses (run), saturated', figures.statusesRun, false));
	console.log(phaseLine('"delivered" statuses (left out)', figures.statusesDropped, false));
	for (const level of figures.levels) {
		console.log(phaseLine(`floor at ${level.rate} msg/s`, level.floor, false));
		console.log(phaseLine(`conversation at ${level.rate} msg/s`, level.conversation, true));
	}
	console.log(phaseLine('conversation, data saved, 1 at a time', figures.profiledSteady, true));
	const { times } = figures;
	const pkg = spread(times.packageMs);
	const n8nNodes = spread(times.n8nNodesMs);
	const whole = spread(times.executionMs);
	console.log(
		`\nper message, one at a time, from ${times.executions} saved executions (ms, p50/p95/p99): this package's nodes ${pkg.p50}/${pkg.p95}/${pkg.p99}; n8n's own nodes ${n8nNodes.p50}/${n8nNodes.p95}/${n8nNodes.p99}; whole execution ${whole.p50}/${whole.p95}/${whole.p99}`,
	);
	const nodes = [...times.byNode].sort((a, b) => percentile(b[1], 95) - percentile(a[1], 95));
	console.log(`  package nodes by p95: ${nodes.map(([name, t]) => `${name} ${percentile(t, 50)}/${percentile(t, 95)}`).join(', ')}`);
	if (times.failed) console.log(`  ${times.failed} executions in that window did not succeed: ${[...new Set(times.failures)].join('; ')}`);
	if (figures.unexpectedReplies) console.log(`  ${figures.unexpectedReplies} sends nobody waited for (a second reply, or a late one)`);
	const run = figures.statusesRun.cpuMsPerMessage;
	const dropped = figures.statusesDropped.cpuMsPerMessage;
	console.log(
		`Meta's sent, delivered and read for each reply: n8n CPU ${(3 * run).toFixed(1)} ms when each starts a run, ${(run + 2 * dropped).toFixed(1)} ms when only "read" does (the template's choice; "failed" is rare)`,
	);
	const r = ratios(figures);
	console.log(
		`ratios: ack p99 conversation/floor ${r.ackP99.map((a) => `at ${a.rate} msg/s ${ratio(a.ratio)}`).join(', ')} (target ≤ 1.2×); saturated throughput conversation/floor ${ratio(r.throughput)} (target ≥ 0.5×; n8n's own ${CONVERSATION_STEPS} empty steps/floor ${ratio(r.longFloor)}; the template with this package's steps as No Operation/floor ${ratio(r.shape)}); package p95 ${r.packageP95} ms (target < 10 ms)`,
	);
}

/** This package's CPU time per message on n8n's thread, from the CPU profile (see packageCpuPerMessage). */
export function printPackageCpu(engine: string, perMessageMs: number[]): void {
	const cpu = spread(perMessageMs.map((msValue) => Math.round(msValue * 10) / 10));
	console.log(
		`\n${engine}: this package's code and what it calls, CPU on n8n's thread per message (one at a time, from ${perMessageMs.length} messages; the profiler adds its own cost): p50/p95/p99 ${cpu.p50}/${cpu.p95}/${cpu.p99} ms`,
	);
}

export function printSummary(all: EngineFigures[], settings: Record<string, unknown>): void {
	console.log(`\n== summary (${JSON.stringify(settings)}) ==`);
	console.log(`engine    floor msg/s  conv msg/s  conv/floor  ${CONVERSATION_STEPS} empty steps/floor  NoOp template/floor  ack99 conv/floor (by load)  rpl95 ms  package p95 ms  peak MiB`);
	for (const figures of all) {
		const r = ratios(figures);
		const last = figures.levels[figures.levels.length - 1];
		const replyTimes = last.conversation.samples.flatMap((s) => (s.replyMs === undefined ? [] : [s.replyMs]));
		const phases = [figures.floorSaturated, figures.longFloorSaturated, figures.shapeSaturated, figures.conversationSaturated, figures.statusesRun, figures.statusesDropped, figures.profiledSteady, ...figures.levels.flatMap((l) => [l.floor, l.conversation])];
		const peak = Math.max(...phases.map((p) => p.peakMiB));
		console.log(
			[
				figures.engine.padEnd(8),
				rate(throughput(figures.floorSaturated)).padStart(12),
				rate(throughput(figures.conversationSaturated, true)).padStart(11),
				ratio(r.throughput).padStart(11),
				ratio(r.longFloor).padStart(21),
				ratio(r.shape).padStart(20),
				r.ackP99.map((a) => ratio(a.ratio)).join(' ').padStart(26),
				ms(percentile(replyTimes, 95)).padStart(9),
				String(r.packageP95).padStart(15),
				peak.toFixed(0).padStart(9),
			].join(' '),
		);
	}
}
