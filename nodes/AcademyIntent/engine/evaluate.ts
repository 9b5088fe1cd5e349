import { INTENTS, LEAD_LANGUAGES, type Intent, type IntentResult, type LeadLanguage } from '../../shared/types';

/** One labelled message, as the development set and agencies' own files hold them (JSON lines). */
export interface LabelledMessage {
	text: string;
	intent: Intent;
	language?: LeadLanguage;
	secondary?: Intent[];
}

export interface Tally {
	total: number;
	correct: number;
}

export interface Evaluation {
	intent: Tally;
	language: Tally;
	byIntent: Record<Intent, Tally>;
	byLanguage: Record<LeadLanguage, Tally>;
	/** Messages whose expected secondary intents were all found. */
	secondary: Tally;
	mistakes: Array<{ message: LabelledMessage; got: IntentResult }>;
	/** Time to classify each message, in milliseconds, in the order given. */
	timesMs: number[];
}

const tally = (): Tally => ({ total: 0, correct: 0 });

function count(t: Tally, correct: boolean): void {
	t.total++;
	if (correct) t.correct++;
}

export function ratio({ total, correct }: Tally): number {
	return total ? correct / total : 0;
}

export function percentile(sortedValues: number[], p: number): number {
	if (!sortedValues.length) return 0;
	return sortedValues[
		Math.min(sortedValues.length - 1, Math.floor((p / 100) * sortedValues.length))
	];
}

/** Accuracy of a classifier on labelled messages, per intent and per language, with the time of each call. */
export function evaluate(
	messages: readonly LabelledMessage[],
	classify: (text: string) => IntentResult,
): Evaluation {
	const evaluation: Evaluation = {
		intent: tally(),
		language: tally(),
		byIntent: Object.fromEntries(INTENTS.map((i) => [i, tally()])) as Record<Intent, Tally>,
		byLanguage: Object.fromEntries(LEAD_LANGUAGES.map((l) => [l, tally()])) as Record<
			LeadLanguage,
			Tally
		>,
		secondary: tally(),
		mistakes: [],
		timesMs: [],
	};
	for (const message of messages) {
		const start = process.hrtime.bigint();
		const got = classify(message.text);
		evaluation.timesMs.push(Number(process.hrtime.bigint() - start) / 1e6);
		const right = got.name === message.intent;
		count(evaluation.intent, right);
		count(evaluation.byIntent[message.intent], right);
		if (message.language) {
			count(evaluation.byLanguage[message.language], right);
			count(evaluation.language, got.language === message.language);
		}
		if (message.secondary?.length) {
			count(
				evaluation.secondary,
				message.secondary.every((s) => got.secondary.includes(s)),
			);
		}
		if (!right) evaluation.mistakes.push({ message, got });
	}
	return evaluation;
}

function parseLine(line: string): unknown {
	try {
		return JSON.parse(line) as unknown;
	} catch {
		return undefined;
	}
}

/** Parses JSON lines of labelled messages; names the first bad line. */
export function parseLabelledMessages(jsonLines: string): LabelledMessage[] {
	return jsonLines
		.split('\n')
		.map((line, index) => ({ line: line.trim(), number: index + 1 }))
		.filter(({ line }) => line.length > 0)
		.map(({ line, number }) => {
			const value = parseLine(line) as Partial<LabelledMessage> | undefined;
			if (
				typeof value?.text !== 'string' ||
				!(INTENTS as readonly unknown[]).includes(value.intent)
			) {
				throw new Error(
					`Line ${number} is not {"text": "...", "intent": one of ${INTENTS.join(', ')}}`,
				);
			}
			return value as LabelledMessage;
		});
}

const percent = (t: Tally) => `${(ratio(t) * 100).toFixed(1)}%`.padStart(7);

/** The accuracy tables as text, for the command line and the benchmark. */
export function formatEvaluation(evaluation: Evaluation): string {
	const sorted = [...evaluation.timesMs].sort((a, b) => a - b);
	const lines = [
		`accuracy ${percent(evaluation.intent).trim()} (${evaluation.intent.correct}/${evaluation.intent.total})` +
			`  language ${percent(evaluation.language).trim()}` +
			`  secondary found ${evaluation.secondary.correct}/${evaluation.secondary.total}` +
			`  p50 ${percentile(sorted, 50).toFixed(3)} ms  p99 ${percentile(sorted, 99).toFixed(3)} ms`,
		'  intent          n  accuracy',
		...Object.entries(evaluation.byIntent).map(
			([intent, t]) => `  ${intent.padEnd(13)}${String(t.total).padStart(4)}  ${percent(t)}`,
		),
		'  language        n  accuracy of the intent',
		...Object.entries(evaluation.byLanguage).map(
			([language, t]) => `  ${language.padEnd(13)}${String(t.total).padStart(4)}  ${percent(t)}`,
		),
	];
	return lines.join('\n');
}
