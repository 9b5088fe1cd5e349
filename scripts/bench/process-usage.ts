import { readFileSync } from 'node:fs';

import { groupMembers } from '../../test/harness/process-group';

const CLOCK_TICKS_PER_SECOND = 100;

function read(path: string): string {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return ''; // the process ended while we looked
	}
}

export interface GroupUsage {
	/** Resident memory of every process in the group (n8n and its task runner), MiB. */
	rssMiB: number;
	/** CPU time the group used so far (user + system), ms. */
	cpuMs: number;
}

/** Memory and CPU of a process group, from /proc. */
export function groupUsage(pgid: number): GroupUsage {
	let rssKiB = 0;
	let ticks = 0;
	for (const pid of groupMembers(pgid)) {
		const rss = /VmRSS:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`));
		rssKiB += rss ? Number(rss[1]) : 0;
		const stat = read(`/proc/${pid}/stat`);
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// utime and stime are fields 14 and 15 of stat, 12 and 13 after "pid (comm) ".
		ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
	}
	return { rssMiB: rssKiB / 1024, cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND };
}

/** Samples a group's memory while a phase runs; the peak is what the phase needed. */
export class MemorySampler {
	peakMiB = 0;

	private timer?: NodeJS.Timeout;

	constructor(private readonly pgid: number) {}

	start(intervalMs = 500): this {
		this.timer = setInterval(() => {
			this.peakMiB = Math.max(this.peakMiB, groupUsage(this.pgid).rssMiB);
		}, intervalMs);
		this.timer.unref();
		return this;
	}

	stop(): number {
		clearInterval(this.timer);
		this.peakMiB = Math.max(this.peakMiB, groupUsage(this.pgid).rssMiB);
		return this.peakMiB;
	}
}

/**
 * Waits until n8n's process group is idle (under a tenth of a core for a second), up to
 * `maxSeconds`; resolves with the seconds waited. Runs acknowledged before they ran are still
 * going after their senders are done.
 */
export async function untilIdle(pgid: number, maxSeconds = 120): Promise<number> {
	const started = Date.now();
	let last = groupUsage(pgid).cpuMs;
	while (Date.now() - started < maxSeconds * 1000) {
		await new Promise((resolve) => setTimeout(resolve, 1000));
		const now = groupUsage(pgid).cpuMs;
		if (now - last < 100) break;
		last = now;
	}
	return (Date.now() - started) / 1000;
}
