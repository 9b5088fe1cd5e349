#!/usr/bin/env node
// Usage: guardian.js <watched pid> <process group id>
// Ends the process group (SIGTERM, then SIGKILL) once the watched process is gone, and exits by
// itself when the group is gone first. Test processes start one per server they spawn, so a jest
// run that crashed or was killed never leaves n8n, Postgres or Redis running: jest's sandboxed
// `process` never emits 'exit' to the tests' own listeners.
'use strict';

const watched = Number(process.argv[2]);
const group = Number(process.argv[3]);
const WATCH_INTERVAL_MS = 1000;
const KILL_AFTER_MS = 10_000;

function exists(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

function signalGroup(signal) {
	try {
		process.kill(-group, signal);
	} catch {
		// already gone
	}
}

const watch = setInterval(() => {
	if (!exists(-group)) process.exit(0);
	if (exists(watched)) return;
	clearInterval(watch);
	signalGroup('SIGTERM');
	setTimeout(() => {
		signalGroup('SIGKILL');
		process.exit(0);
	}, KILL_AFTER_MS);
}, WATCH_INTERVAL_MS);
