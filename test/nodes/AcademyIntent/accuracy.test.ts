import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { classifyOffline } from '../../../nodes/AcademyIntent/engine/classify';
import { corpusContains } from '../../../nodes/AcademyIntent/engine/corpus';
import {
	evaluate,
	parseLabelledMessages,
	ratio,
} from '../../../nodes/AcademyIntent/engine/evaluate';

const labelled = (name: string) =>
	parseLabelledMessages(readFileSync(join(__dirname, '..', '..', 'data', 'intents', name), 'utf8'));
/** Realistic WhatsApp messages written apart from the training corpus and never trained on. */
const devSet = labelled('dev.jsonl');
/** Sets written after the corpus was extended and measured once, so no corpus phrase was chosen with them in view. */
const heldOut = ['holdout.jsonl', 'holdout2.jsonl'];
const offline = (text: string) => classifyOffline(text, { mode: 'model', fallbackLanguage: 'es' });

describe('Academy Intent offline accuracy on the development set', () => {
	it('has at least 300 labelled messages across the nine intents and three languages', () => {
		expect(devSet.length).toBeGreaterThanOrEqual(300);
		const evaluation = evaluate(devSet, offline);
		for (const t of Object.values(evaluation.byIntent)) expect(t.total).toBeGreaterThanOrEqual(40);
		for (const t of Object.values(evaluation.byLanguage))
			expect(t.total).toBeGreaterThanOrEqual(100);
	});

	it('gets at least 95% of the intents right', () => {
		expect(ratio(evaluate(devSet, offline).intent)).toBeGreaterThanOrEqual(0.95);
	});

	it('gets at least 95% right on the messages whose words are not in the training corpus', () => {
		const unseen = devSet.filter((message) => !corpusContains(message.text));
		expect(unseen.length).toBeGreaterThan(devSet.length * 0.8);
		expect(ratio(evaluate(unseen, offline).intent)).toBeGreaterThanOrEqual(0.95);
	});

	it('gets at least 95% right in each language', () => {
		for (const t of Object.values(evaluate(devSet, offline).byLanguage))
			expect(ratio(t)).toBeGreaterThanOrEqual(0.95);
	});

	it.each(heldOut)('gets at least 95% right on the held-out set %s', (name) => {
		const messages = labelled(name);
		expect(messages.length).toBeGreaterThanOrEqual(150);
		expect(ratio(evaluate(messages, offline).intent)).toBeGreaterThanOrEqual(0.95);
	});

	it('detects the language of at least 95% of the messages', () => {
		expect(ratio(evaluate(devSet, offline).language)).toBeGreaterThanOrEqual(0.95);
	});

	it('finds the greeting or second question in every message labelled with one', () => {
		const { secondary } = evaluate(devSet, offline);
		expect(secondary.total).toBeGreaterThan(30);
		expect(secondary.correct).toBe(secondary.total);
	});

	it('does far better than the keyword table of the original design', () => {
		const keywords = ratio(
			evaluate(devSet, (text) =>
				classifyOffline(text, { mode: 'keywords', fallbackLanguage: 'es' }),
			).intent,
		);
		expect(keywords).toBeLessThan(0.5);
		expect(ratio(evaluate(devSet, offline).intent) - keywords).toBeGreaterThan(0.4);
	});
});
