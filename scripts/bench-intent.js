#!/usr/bin/env node
/**
 * Intent benchmark: accuracy per intent and language and time per message for the keyword table
 * and the offline model on the development set, accuracy on the held-out sets, the model's warm-up in a fresh process, and a
 * 5-fold cross-validation on the shipped corpus. Runs on the built package (npm run bench:intent).
 */
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const DIST = join(__dirname, '..', 'dist', 'nodes');
const engine = (name) => require(join(DIST, 'AcademyIntent', 'engine', name));
const { classifyOffline } = engine('classify');
const { evaluate, formatEvaluation, parseLabelledMessages, percentile, ratio } = engine('evaluate');
const { BUILT_IN_CORPUS, corpusContains } = engine('corpus');
const { composeIntent } = engine('compose');
const { featuresOf } = engine('features');
const { LinearModel } = engine('linear-model');
const { INTENTS } = require(join(DIST, 'shared', 'types'));

const TIMING_ROUNDS = 5;
const WARM_UP_RUNS = 3;
const FOLDS = 5;

const labelled = (name) =>
	parseLabelledMessages(
		readFileSync(join(__dirname, '..', 'test', 'data', 'intents', name), 'utf8'),
	);
const messages = labelled('dev.jsonl');
const HELD_OUT = ['holdout.jsonl', 'holdout2.jsonl'];
const holdout = HELD_OUT.flatMap(labelled);

/** Module load, training and the first answer, in a new Node process each time, as n8n pays it once per worker. */
function warmUpMs() {
	const program = `
		const start = process.hrtime.bigint();
		require(${JSON.stringify(join(DIST, 'AcademyIntent', 'engine', 'classify'))})
			.classifyOffline('hola, cuánto sale?', { mode: 'model', fallbackLanguage: 'es' });
		process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));`;
	const runs = Array.from({ length: WARM_UP_RUNS }, () =>
		Number(execFileSync(process.execPath, ['-e', program])),
	);
	return runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)];
}

function bench(mode) {
	const options = { mode, fallbackLanguage: 'es' };
	const classify = (text) => classifyOffline(text, options);
	const evaluation = evaluate(messages, classify);
	const times = [];
	for (let round = 0; round < TIMING_ROUNDS; round++)
		times.push(...evaluate(messages, classify).timesMs);
	times.sort((a, b) => a - b);
	console.log(`\n== ${mode === 'model' ? 'offline model' : 'keyword table (seed §3.2)'} ==`);
	console.log(formatEvaluation({ ...evaluation, timesMs: times }));
	console.log(
		`time per message after warm-up (${times.length} calls): p50 ${percentile(times, 50).toFixed(3)} ms, p99 ${percentile(times, 99).toFixed(3)} ms`,
	);
	return evaluation;
}

function crossValidation() {
	const tally = { total: 0, correct: 0 };
	for (let fold = 0; fold < FOLDS; fold++) {
		const train = BUILT_IN_CORPUS.filter((_, i) => i % FOLDS !== fold);
		const model = LinearModel.train(
			INTENTS,
			train.map((e) => ({ features: featuresOf(e.tokens), label: e.intent })),
		);
		const score = (tokens) => {
			const { label, confidence } = model.best(featuresOf(tokens));
			return { intent: label, confidence };
		};
		for (const example of BUILT_IN_CORPUS.filter((_, i) => i % FOLDS === fold)) {
			tally.total++;
			if (composeIntent(example.text, score).intent === example.intent) tally.correct++;
		}
	}
	return tally;
}

console.log(`development set: ${messages.length} labelled messages (test/data/intents/dev.jsonl)`);
console.log(
	`offline model warm-up (load + train + first answer, fresh process, median of ${WARM_UP_RUNS}): ${warmUpMs().toFixed(0)} ms`,
);
bench('keywords');
const model = bench('model');
const unseen = messages.filter((m) => !corpusContains(m.text));
const unseenRight = unseen.filter(
	(m) => classifyOffline(m.text, { mode: 'model', fallbackLanguage: 'es' }).name === m.intent,
);
console.log(
	`\noffline model on the ${unseen.length} messages whose words are not in the training corpus: ${((unseenRight.length / unseen.length) * 100).toFixed(1)}%`,
);
for (const name of HELD_OUT) {
	const set = labelled(name);
	const result = evaluate(set, (text) =>
		classifyOffline(text, { mode: 'model', fallbackLanguage: 'es' }),
	);
	console.log(
		`offline model on the held-out set ${name} (${set.length} messages): ${(ratio(result.intent) * 100).toFixed(1)}%, language ${(ratio(result.language) * 100).toFixed(1)}%`,
	);
}
const everything = [...messages, ...holdout].map((m) => ({
	m,
	got: classifyOffline(m.text, { mode: 'model', fallbackLanguage: 'es' }),
}));
const wrong = everything.filter(({ m, got }) => got.name !== m.intent);
console.log(
	`hybrid mode on all labelled sets (${everything.length} messages, ${wrong.length} offline mistakes):`,
);
for (const threshold of [0.6, 0.7, 0.8, 0.9]) {
	const asked = everything.filter(({ got }) => got.confidence < threshold).length;
	const caught = wrong.filter(({ got }) => got.confidence < threshold).length;
	console.log(
		`  threshold ${threshold}: asks the LLM for ${((asked / everything.length) * 100).toFixed(1)}% of messages, which hold ${caught} of the ${wrong.length} mistakes`,
	);
}
const folds = crossValidation();
console.log(
	`${FOLDS}-fold cross-validation on the ${BUILT_IN_CORPUS.length}-phrase training corpus: ${(ratio(folds) * 100).toFixed(1)}%`,
);
if (model.mistakes.length) {
	console.log('\noffline model mistakes on the development set:');
	for (const { message, got } of model.mistakes)
		console.log(
			`  ${message.intent} → ${got.name} (${got.confidence})  ${JSON.stringify(message.text)}`,
		);
}
