import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** Where a script belongs: this package, an n8n package, a library, or Node itself. */
function ownerOf(url: string): string {
	if (!url) return '(native / idle / GC)';
	if (url.includes('n8n-nodes-academy-bot')) return 'this package';
	const modules = url.split('node_modules/');
	if (modules.length > 1) {
		const last = modules[modules.length - 1].split('/');
		return last[0].startsWith('@') ? `${last[0]}/${last[1]}` : last[0];
	}
	return url.startsWith('node:') ? 'node' : url;
}

interface NamedProfile {
	file: string;
	profile: CpuProfile;
}

/** The CPU profiles (`node --cpu-prof`) in `dir`, each parsed once: they run to tens of MB. */
export function readCpuProfiles(dir: string): NamedProfile[] {
	return readdirSync(dir)
		.filter((file) => file.endsWith('.cpuprofile'))
		.map((file) => ({ file, profile: JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile }));
}

/** Self time per package and per function, for each profile with a second or more of samples. */
export function summariseCpuProfiles(profiles: NamedProfile[], top = 25): string {
	const lines: string[] = [];
	for (const { file, profile } of profiles) {
		const byId = new Map(profile.nodes.map((node) => [node.id, node]));
		const selfMs = new Map<number, number>();
		profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
		const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
		if (total < 1000) continue;
		const byOwner = new Map<string, number>();
		const byFunction = new Map<string, number>();
		for (const [id, ms] of selfMs) {
			const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
			if (functionName === '(idle)') continue;
			const owner = ownerOf(url);
			byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms);
			const key = `${functionName || '(anonymous)'} ${url.split('node_modules/').pop()}:${lineNumber + 1}`;
			byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
		}
		const busy = [...byOwner.values()].reduce((a, b) => a + b, 0);
		const pct = (ms: number) => `${((100 * ms) / busy).toFixed(1).padStart(5)} %`;
		lines.push(`\n${file}: ${(busy / 1000).toFixed(1)} s busy of ${(total / 1000).toFixed(1)} s profiled`);
		for (const [owner, ms] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`  ${pct(ms)}  ${owner}`);
		lines.push('  top functions by self time:');
		for (const [name, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(ms)}  ${name}`);
	}
	return lines.join('\n');
}

/** Idle time that separates one message's work from the next when they are sent one at a time. */
const QUIET_GAP_US = 40_000;

/**
 * Per burst of activity in n8n's main process (one message, when they are sent one at a time
 * with pauses), the CPU time spent in this package's code and in what it calls synchronously
 * (n8n helpers, the pg and ioredis drivers, JSON), in ms: time on n8n's thread, never the wait
 * for Postgres, Redis or the Graph API. The last `count` bursts that ran any of this package's code.
 */
export function packageCpuPerMessage(profiles: NamedProfile[], count: number): number[] {
	const profile = busiestProfile(profiles);
	if (!profile) return [];
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const inPackage = new Map<number, boolean>();
	const underPackage = (id: number): boolean => {
		const known = inPackage.get(id);
		if (known !== undefined) return known;
		const own = ownerOf(byId.get(id)?.callFrame.url ?? '') === 'this package';
		const up = parent.get(id);
		const result = own || (up !== undefined && underPackage(up));
		inPackage.set(id, result);
		return result;
	};
	const bursts: number[] = [];
	let current = 0;
	let quiet = 0;
	profile.samples.forEach((id, i) => {
		const us = profile.timeDeltas[i] ?? 0;
		if (byId.get(id)?.callFrame.functionName === '(idle)') {
			quiet += us;
			if (quiet >= QUIET_GAP_US && current > 0) {
				bursts.push(current / 1000);
				current = 0;
			}
			return;
		}
		quiet = 0;
		if (underPackage(id)) current += us;
	});
	if (current > 0) bursts.push(current / 1000);
	return bursts.slice(-count);
}

/** The profile of the process that was busiest: n8n's main process, not its CLI commands or task runner. */
function busiestProfile(profiles: NamedProfile[]): CpuProfile | undefined {
	let busiest: { profile: CpuProfile; busyUs: number } | undefined;
	for (const { profile } of profiles) {
		const idle = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id));
		const busyUs = profile.samples.reduce((sum, id, i) => sum + (idle.has(id) ? 0 : (profile.timeDeltas[i] ?? 0)), 0);
		if (!busiest || busyUs > busiest.busyUs) busiest = { profile, busyUs };
	}
	return busiest?.profile;
}
