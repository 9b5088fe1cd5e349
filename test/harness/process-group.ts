import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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

const GUARDIAN = join(__dirname, 'guardian.js');
const guardians = new Map<number, ChildProcess>();

/**
 * Makes sure the group ends with this process: a detached guardian ends it when this process is
 * gone without having called untrackGroup (a crash, a kill, a jest timeout).
 */
export function trackGroup(pgid: number): void {
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test harness, not a node
	const guardian = spawn(process.execPath, [GUARDIAN, String(process.pid), String(pgid)], {
		detached: true,
		stdio: 'ignore',
	});
	guardian.unref();
	guardians.set(pgid, guardian);
}

/** The group was stopped on purpose: its guardian is no longer needed. */
export function untrackGroup(pgid: number): void {
	guardians.get(pgid)?.kill();
	guardians.delete(pgid);
}
