import { existsSync, readdirSync, readFileSync } from 'node:fs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Live (non-zombie) processes of a process group. Zombies are skipped: a grandchild whose parent
 * died waits for init to reap it and would otherwise look alive forever.
 */
export function groupMembers(pgid: number): number[] {
	if (!existsSync('/proc/self/stat')) {
		try {
			process.kill(-pgid, 0);
			return [pgid];
		} catch {
			return [];
		}
	}
	const members: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue; // the process ended while we looked
		}
		// "pid (comm) state ppid pgrp ..." where comm may hold spaces and parentheses
		const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(pgrp) === pgid && state !== 'Z') members.push(Number(entry));
	}
	return members;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pgid, signal);
	} catch {
		// already gone
	}
}

async function waitForEmptyGroup(pgid: number, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (groupMembers(pgid).length) {
		if (Date.now() > deadline) return false;
		await sleep(100);
	}
	return true;
}

/** SIGTERM to the whole group, SIGKILL to whatever is left after `graceMs`. Resolves once all are gone. */
export async function stopGroup(pgid: number, graceMs: number): Promise<'terminated' | 'killed'> {
	signalGroup(pgid, 'SIGTERM');
	if (await waitForEmptyGroup(pgid, graceMs)) return 'terminated';
	signalGroup(pgid, 'SIGKILL');
	await waitForEmptyGroup(pgid, 10_000);
	return 'killed';
}

const liveGroups = new Set<number>();
let trackingInstalled = false;

/** Kills registered groups if the test process exits without stopping them (a crash, a forced exit). */
export function trackGroup(pgid: number): void {
	if (!trackingInstalled) {
		trackingInstalled = true;
		process.once('exit', () => liveGroups.forEach((group) => signalGroup(group, 'SIGKILL')));
	}
	liveGroups.add(pgid);
}

export function untrackGroup(pgid: number): void {
	liveGroups.delete(pgid);
}
