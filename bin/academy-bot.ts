#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

import { classifyOffline, type OfflineOptions } from '../nodes/AcademyIntent/engine/classify';
import {
	evaluate,
	formatEvaluation,
	parseLabelledMessages,
} from '../nodes/AcademyIntent/engine/evaluate';
import { isLeadLanguage, type LeadLanguage } from '../nodes/shared/types';

const USAGE = `Usage:
  academy-bot classify "text"          classify one message
  academy-bot classify < messages.jsonl
                                       classify JSON lines {"text": "..."}; writes one JSON line
                                       {"intent", "confidence", "language", "secondary"} per input line
  academy-bot evaluate labelled.jsonl  accuracy on JSON lines {"text", "intent", "language"}
Options:
  --mode model|keywords   the offline model (default) or the keyword table of the original design
  --language es|pt|en     the language to report when a message does not show one (default es)
Offline: nothing leaves this computer.`;

function fail(message: string): never {
	process.stderr.write(`academy-bot: ${message}\n\n${USAGE}\n`);
	process.exit(2);
}

function optionsFrom(values: { mode?: string; language?: string }): OfflineOptions {
	const mode = values.mode ?? 'model';
	if (mode !== 'model' && mode !== 'keywords')
		fail(`--mode must be model or keywords, not ${mode}`);
	const language = values.language ?? 'es';
	if (!isLeadLanguage(language))
		fail(`--language must be es, pt or en, not ${language}`);
	return { mode, fallbackLanguage: language as LeadLanguage };
}

function answer(text: string, options: OfflineOptions): string {
	const { name, confidence, language, secondary } = classifyOffline(text, options);
	return JSON.stringify({ intent: name, confidence, language, secondary });
}

function textOf(line: string): string | undefined {
	try {
		const value = JSON.parse(line) as { text?: unknown };
		return typeof value?.text === 'string' ? value.text : undefined;
	} catch {
		return undefined;
	}
}

/** One output line per input line; a bad line gets an error line and the rest still run. */
async function classifyLines(options: OfflineOptions): Promise<void> {
	let number = 0;
	let bad = 0;
	for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
		number++;
		if (!line.trim()) continue;
		const text = textOf(line);
		if (text === undefined) {
			bad++;
			process.stdout.write(
				`${JSON.stringify({ error: `line ${number} is not a JSON object with a "text" string` })}\n`,
			);
			continue;
		}
		process.stdout.write(`${answer(text, options)}\n`);
	}
	if (bad) process.exitCode = 1;
}

async function main(): Promise<void> {
	const { values, positionals } = parseArgs({
		allowPositionals: true,
		options: {
			mode: { type: 'string' },
			language: { type: 'string' },
			help: { type: 'boolean', short: 'h' },
		},
	});
	const [command, ...rest] = positionals;
	if (values.help || !command) return void process.stdout.write(`${USAGE}\n`);
	const options = optionsFrom(values);
	if (command === 'classify') {
		if (rest.length) return void process.stdout.write(`${answer(rest.join(' '), options)}\n`);
		return classifyLines(options);
	}
	if (command === 'evaluate') {
		if (rest.length !== 1) fail('evaluate needs one file of labelled JSON lines');
		const messages = parseLabelledMessages(readFileSync(rest[0], 'utf8'));
		// Training happens on the first message; timing it would report the warm-up, not a message.
		classifyOffline('hola', options);
		return void process.stdout.write(
			`${formatEvaluation(evaluate(messages, (text) => classifyOffline(text, options)))}\n`,
		);
	}
	fail(`unknown command ${command}`);
}

main().catch((error: Error) => fail(error.message));
