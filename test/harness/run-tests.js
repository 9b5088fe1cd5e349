#!/usr/bin/env node
// Runs the fast tests (in parallel), then the end-to-end tests (one file at a time, each with its
// own n8n) so the two never compete for the machine's 2 cores, and prints one closing total.
// Arguments are passed on to both jest runs.
'use strict';

const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const jest = require.resolve('jest/bin/jest');
const stages = [
	{ project: 'fast', args: [] },
	{ project: 'e2e', args: ['--runInBand'] },
];

const total = { passed: 0, failed: 0, skipped: 0 };
let ok = true;
const took = [];
for (const { project, args } of stages) {
	const started = Date.now();
	const report = join(tmpdir(), `academy-bot-jest-${project}-${process.pid}.json`);
	const run = spawnSync(
		process.execPath,
		[jest, '--selectProjects', project, '--passWithNoTests', '--json', `--outputFile=${report}`, ...args, ...process.argv.slice(2)],
		{ stdio: 'inherit' },
	);
	if (run.status !== 0) ok = false;
	took.push(`${project} ${Math.round((Date.now() - started) / 1000)} s`);
	if (!existsSync(report)) {
		total.failed += 1; // jest itself failed before it could report
		continue;
	}
	const results = JSON.parse(readFileSync(report, 'utf8'));
	rmSync(report, { force: true });
	total.passed += results.numPassedTests;
	// A test file that cannot even start counts as one failure: its tests never ran.
	total.failed += results.numFailedTests + results.numRuntimeErrorTestSuites;
	total.skipped += results.numPendingTests + results.numTodoTests;
}
process.stdout.write(`\ntest time: ${took.join(', ')}`);
process.stdout.write(`\ntotal: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(ok ? 0 : 1);
