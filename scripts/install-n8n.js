#!/usr/bin/env node
// Installs the pinned n8n release, and the Node.js it needs, once into a cache outside the
// clone (~/.cache/academy-bot by default) so repeated test runs, the demo and the benchmarks
// on the same machine reuse it, while a new machine installs it from the npm registry.
// Plain CommonJS with no dependencies: it runs before `npm ci` has finished in any project.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const N8N_VERSION = '2.41.1';
const NODE_VERSION = '24.21.0';
const MIN_NODE_MAJOR = 24; // n8n 2.41 declares engines node >=24
const RUNTIME_TEMPLATE = path.join(__dirname, 'n8n-runtime');

function cacheRoot() {
	if (process.env.ACADEMY_BOT_CACHE) return path.resolve(process.env.ACADEMY_BOT_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'academy-bot');
}

/** The machine's Node when it is new enough for n8n, otherwise a pinned Node from the npm registry. */
function nodeRuntime(root) {
	const major = Number(process.versions.node.split('.')[0]);
	if (major >= MIN_NODE_MAJOR && !process.env.ACADEMY_BOT_FORCE_NODE_PACKAGE) {
		return { dir: null, nodeBin: process.execPath, headersDir: null, version: process.versions.node };
	}
	const pkg = `node-${process.platform}-${process.arch}`;
	const dir = path.join(root, `node-${NODE_VERSION}`);
	const home = path.join(dir, 'node_modules', pkg);
	return { dir, pkg, nodeBin: path.join(home, 'bin', 'node'), headersDir: home, version: NODE_VERSION };
}

/** Where everything lives; nothing is installed by calling this. */
function runtimePaths() {
	const root = cacheRoot();
	const node = nodeRuntime(root);
	const n8nDir = path.join(root, `n8n-${N8N_VERSION}`);
	return {
		root,
		n8nVersion: N8N_VERSION,
		n8nDir,
		n8nBin: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		node,
		/** PATH and npm settings under which npm and node-gyp run on the n8n Node. */
		env: runtimeEnv(node),
	};
}

function runtimeEnv(node) {
	const env = { ...process.env };
	env.PATH = `${path.dirname(node.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`;
	// ~/.npmrc may point node-gyp at the system Node's headers; native builds must match the n8n Node.
	if (node.headersDir) env.npm_config_nodedir = node.headersDir;
	return env;
}

const markerOf = (dir) => path.join(dir, '.installed.json');

function isInstalled(dir) {
	return fs.existsSync(markerOf(dir));
}

/** Runs a command with its output in `logFile`, printing a line every 30 s so CI shows progress. */
function run(command, args, { cwd, env, logFile, log, label }) {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n$ ${command} ${args.join(' ')}\n`);
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out] });
		const started = Date.now();
		const ticker = setInterval(
			() => log(`  ${label}: still running (${Math.round((Date.now() - started) / 1000)} s)`),
			30_000,
		);
		child.on('error', (error) => {
			clearInterval(ticker);
			fs.closeSync(out);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			clearInterval(ticker);
			fs.closeSync(out);
			if (code === 0) return resolve();
			const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
			reject(new Error(`${label} failed (${signal ?? `exit ${code}`}); last lines of ${logFile}:\n${tail}`));
		});
	});
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** One installer per target at a time across processes; a lock left by a dead process is taken over. */
async function withLock(lockFile, log, fn) {
	fs.mkdirSync(path.dirname(lockFile), { recursive: true });
	let announced = false;
	for (;;) {
		try {
			fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const holder = Number(fs.readFileSync(lockFile, 'utf8')) || 0;
			if (holder && !alive(holder)) {
				fs.rmSync(lockFile, { force: true });
				continue;
			}
			if (!announced) log(`  waiting for another install (pid ${holder}) to finish`);
			announced = true;
			await sleep(2000);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockFile, { force: true });
	}
}

/**
 * Installs into a fresh staging folder and renames it into place only when complete, so an
 * interrupted install never leaves a folder that looks usable.
 */
async function installOnce(target, what, log, steps) {
	if (isInstalled(target)) return false;
	return withLock(`${target}.lock`, log, async () => {
		if (isInstalled(target)) return false;
		const staging = `${target}.staging-${process.pid}`;
		fs.rmSync(staging, { recursive: true, force: true });
		fs.mkdirSync(staging, { recursive: true });
		const logFile = path.join(staging, 'install.log');
		const started = Date.now();
		log(`Installing ${what} into ${target} (log: ${path.join(target, 'install.log')})`);
		try {
			await steps(staging, logFile);
		} catch (error) {
			fs.rmSync(staging, { recursive: true, force: true });
			throw error;
		}
		const seconds = Math.round((Date.now() - started) / 1000);
		fs.writeFileSync(markerOf(staging), JSON.stringify({ what, seconds, at: new Date().toISOString() }, null, '\t'));
		fs.rmSync(target, { recursive: true, force: true });
		fs.renameSync(staging, target);
		log(`Installed ${what} in ${seconds} s`);
		return true;
	});
}

/**
 * Makes sure the pinned n8n and a Node.js it runs on are in the cache, installing what is
 * missing; returns where they are. Quick and quiet when both are already there.
 */
async function ensureN8n({ log = (line) => console.log(line) } = {}) {
	const paths = runtimePaths();
	const { node } = paths;
	const npm = 'npm';
	const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];

	if (node.dir) {
		await installOnce(node.dir, `Node.js ${NODE_VERSION} (${node.pkg} from npm)`, log, async (dir, logFile) => {
			fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'node-runtime', private: true }));
			await run(npm, ['install', `${node.pkg}@${NODE_VERSION}`, ...quiet], {
				cwd: dir,
				env: process.env,
				logFile,
				log,
				label: 'Node.js install',
			});
		});
	}

	await installOnce(paths.n8nDir, `n8n ${N8N_VERSION} (4 to 9 minutes on 2 cores, once per machine)`, log, async (dir, logFile) => {
		for (const file of ['package.json', 'package-lock.json']) {
			const from = path.join(RUNTIME_TEMPLATE, file);
			if (fs.existsSync(from)) fs.copyFileSync(from, path.join(dir, file));
		}
		const locked = fs.existsSync(path.join(dir, 'package-lock.json'));
		// n8n's kafka client tries to download native libraries from the internet in its install
		// script and npm then rolls the whole install back; sqlite3 is the one native module n8n needs.
		log(`  step 1/2: npm ${locked ? 'ci' : 'install'} --ignore-scripts`);
		await run(npm, [locked ? 'ci' : 'install', '--ignore-scripts', ...quiet], {
			cwd: dir,
			env: paths.env,
			logFile,
			log,
			label: 'n8n install',
		});
		log('  step 2/2: building sqlite3 (about 1 minute)');
		await run(npm, ['rebuild', 'sqlite3', ...quiet], {
			cwd: dir,
			env: { ...paths.env, npm_config_build_from_source: 'true', JOBS: String(os.cpus().length) },
			logFile,
			log,
			label: 'sqlite3 build',
		});
	});
	return paths;
}

module.exports = { N8N_VERSION, cacheRoot, ensureN8n, installOnce, run, runtimePaths };

if (require.main === module) {
	const started = Date.now();
	ensureN8n()
		.then((paths) => {
			console.log(`n8n ${paths.n8nVersion} ready (${Math.round((Date.now() - started) / 100) / 10} s)`);
			console.log(`  node: ${paths.node.nodeBin} (v${paths.node.version})`);
			console.log(`  n8n:  ${paths.n8nBin}`);
		})
		.catch((error) => {
			console.error(error.message);
			process.exit(1);
		});
}
