import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
// Its own build folder: a build of the whole package elsewhere empties dist/ while this runs.
const OUT = mkdtempSync(join(tmpdir(), 'academy-bot-cli-build-'));
const BUILT = join(OUT, 'bin', 'academy-bot.js');

/** Runs the command as `npx academy-bot` would, on the compiled file. */
function academyBot(args: string[], input?: string) {
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- the test runs the command line, not a node
	const result = spawnSync(process.execPath, [BUILT, ...args], {
		input,
		encoding: 'utf8',
		timeout: 60_000,
	});
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (stdout: string) =>
	stdout
		.trim()
		.split('\n')
		.map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(() => {
	const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
	const options = [
		'--rootDir',
		ROOT,
		'--outDir',
		OUT,
		'--module',
		'commonjs',
		'--target',
		'es2021',
		'--esModuleInterop',
		'--resolveJsonModule',
		'--skipLibCheck',
		'--strict',
	];
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- compiles the command the test runs
	spawnSync(process.execPath, [tsc, join(ROOT, 'bin', 'academy-bot.ts'), ...options], {
		cwd: ROOT,
		timeout: 240_000,
	});
	if (!existsSync(BUILT)) throw new Error(`tsc did not emit ${BUILT}`);
}, 250_000);

describe('academy-bot classify', () => {
	it('classifies JSON lines from standard input, one JSON line out per line in', () => {
		const input = [
			'{"text": "hola, cuánto sale?"}',
			'{"text": "onde fica a academia?"}',
			'{"text": "please stop texting me"}',
		].join('\n');
		const { code, stdout } = academyBot(['classify'], `${input}\n`);

		expect(code).toBe(0);
		expect(lines(stdout)).toEqual([
			{ intent: 'PRECIO', confidence: expect.any(Number), language: 'es', secondary: ['SALUDO'] },
			{ intent: 'UBICACION', confidence: expect.any(Number), language: 'pt', secondary: [] },
			{ intent: 'BAJA', confidence: expect.any(Number), language: 'en', secondary: [] },
		]);
	});

	it('answers a bad line with an error line that names it, goes on, and exits with 1', () => {
		const input = [
			'{"text": "horarios?"}',
			'horarios?',
			'{"message": "hi"}',
			'{"text": "hi there"}',
		].join('\n');
		const { code, stdout } = academyBot(['classify'], input);

		const out = lines(stdout);
		expect(out).toHaveLength(4);
		expect(out[0].intent).toBe('HORARIO');
		expect(out[1]).toEqual({ error: 'line 2 is not a JSON object with a "text" string' });
		expect(out[2]).toEqual({ error: 'line 3 is not a JSON object with a "text" string' });
		expect(out[3].intent).toBe('SALUDO');
		expect(code).toBe(1);
	});

	it('classifies a text given as an argument', () => {
		const { code, stdout } = academyBot(['classify', 'quiero hablar con alguien']);

		expect(code).toBe(0);
		expect(lines(stdout)).toEqual([
			{ intent: 'HUMANO', confidence: expect.any(Number), language: 'es', secondary: [] },
		]);
	});

	it('uses the keyword table when asked', () => {
		const { stdout } = academyBot(['classify', '--mode', 'keywords', 'quiero hablar con alguien']);

		expect(lines(stdout)[0]).toMatchObject({ intent: 'OTRO' });
	});

	it('refuses an unknown mode with the usage', () => {
		const { code, stderr } = academyBot(['classify', '--mode', 'magic', 'hola']);

		expect(code).toBe(2);
		expect(stderr).toMatch(/--mode must be model or keywords/);
		expect(stderr).toMatch(/Usage:/);
	});
});

describe('academy-bot evaluate', () => {
	it('prints accuracy per intent and per language for a labelled file', () => {
		const file = join(mkdtempSync(join(tmpdir(), 'academy-bot-cli-')), 'labelled.jsonl');
		writeFileSync(
			file,
			[
				'{"text": "precio?", "intent": "PRECIO", "language": "es"}',
				'{"text": "oi", "intent": "SALUDO", "language": "pt"}',
			].join('\n'),
		);
		const { code, stdout } = academyBot(['evaluate', file]);

		expect(code).toBe(0);
		expect(stdout).toMatch(/accuracy 100\.0% \(2\/2\)/);
		expect(stdout).toMatch(/PRECIO +1 +100\.0%/);
		expect(stdout).toMatch(/pt +1 +100\.0%/);
	});
});
