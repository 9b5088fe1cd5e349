import type { IDataObject } from 'n8n-workflow';

import { getPool } from '../../nodes/shared/storage/postgres';
import { useDeduplicationStore } from '../helpers/deduplication';
import { withValues } from './staff-tools';
import {
	runTemplate,
	sentMessages,
	startTemplateEnv,
	template,
	type TemplateEnv,
} from './template-harness';

const OPERATOR = '5491155550999';
const AT = '2026-11-24T15:00:00.000Z';

let env: TemplateEnv;

beforeAll(async () => {
	env = await startTemplateEnv('errors_template');
	await useDeduplicationStore(await getPool(env.storage.postgres));
});
afterAll(() => env.stop());
beforeEach(() => env.graph.reset());

/** What n8n hands the Error Trigger when an execution fails (docs: flow-logic/error-handling). */
function failure(
	message: string,
	node = 'Send answer',
	workflow = 'Academy bot · 1 · Conversation',
): IDataObject {
	return {
		execution: {
			id: '231',
			url: 'https://n8n.example.com/workflow/acadConversatio1/executions/231',
			error: {
				message,
				stack: `NodeOperationError: ${message}\n    at ExecuteContext.execute`,
				node: { name: node },
			},
			lastNodeExecuted: node,
			mode: 'webhook',
		},
		workflow: { id: 'acadConversatio1', name: workflow },
	};
}

async function report(error: IDataObject, settings: Record<string, unknown> = {}) {
	const workflow = withValues(template('errors.json'), 'Settings', {
		operatorNumber: OPERATOR,
		failedAt: AT,
		...settings,
	});
	await runTemplate(workflow, env, { items: [error] });
	return sentMessages(env.graph).map(({ to, text }) => ({ to, text }));
}

describe('errors template', () => {
	it('tells the operator which workflow and step failed, why in short, and where to look', async () => {
		const sent = await report(
			failure(
				'The academy database (Postgres) cannot be used. Check the Academy Bot Postgres credential.',
			),
		);
		expect(sent).toEqual([
			{
				to: OPERATOR,
				text: [
					'⚠️ Falló «Academy bot · 1 · Conversation» en el paso «Send answer»: The academy database (Postgres) cannot be used. Check the Academy Bot Postgres credential.',
					'https://n8n.example.com/workflow/acadConversatio1/executions/231',
					'(Otros fallos de los próximos 30 min no se avisan: míralos en n8n → Executions.)',
				].join('\n'),
			},
		]);
	});

	const LEAKS: Array<[string, string, string]> = [
		[
			'a quoted message text',
			'Could not send "Hola, soy Ana, mi número es el de siempre" to the lead',
			'Could not send … to the lead',
		],
		[
			'a phone number in any format',
			'Recipient +54 9 11 5555-0000 is not on WhatsApp (also 5491155550000)',
			'Recipient … is not on WhatsApp (also …)',
		],
		[
			'a body dumped as JSON',
			'Bad request {"to":"5491155550000","text":{"body":"quiero una clase"}}',
			'Bad request …',
		],
		[
			'a message id and an e-mail',
			'Status for wamid.HBgNNTQ5MTE1NTU1MDAwMBUCABEYEjQ5 of ana.souza@example.com',
			'Status for … of …',
		],
		['a second line with details', 'Request failed\nlead said: me llamo Ana', 'Request failed'],
	];
	// Each case an hour later than the one before: the repeat time must not hold any of them back.
	it.each(
		LEAKS.map(([what, message, expected], i): [string, string, string, number] => [
			what,
			message,
			expected,
			i + 1,
		]),
	)('keeps personal data out: %s', async (_what, message, expected, hour) => {
		const [sent] = await report(failure(message), {
			failedAt: new Date(Date.parse(AT) + hour * 3_600_000).toISOString(),
		});
		const line = sent.text.split('\n')[0];
		expect(line).toBe(
			`⚠️ Falló «Academy bot · 1 · Conversation» en el paso «Send answer»: ${expected}`,
		);
		expect(sent.text).not.toMatch(/\d{7,}|5555|Ana|Hola|quiero|llamo/);
	});

	it("keeps words with apostrophes and shortens long errors, in the operator's language", async () => {
		const [sent] = await report(failure(`Can't reach the AI service: ${'timeout '.repeat(40)}`), {
			failedAt: '2030-01-01T00:00:00.000Z',
			language: 'en',
			maxErrorLength: 40,
		});
		expect(sent.text.split('\n')[0]).toBe(
			'⚠️ "Academy bot · 1 · Conversation" failed at step "Send answer": Can\'t reach the AI service: timeout tim…',
		);
	});

	it('sends one alert per repeat time when everything fails at once', async () => {
		const at = '2031-06-01T10:00:00.000Z';
		const later = (minutes: number) => new Date(Date.parse(at) + minutes * 60_000).toISOString();
		expect(await report(failure('boom'), { failedAt: at })).toHaveLength(1);
		env.graph.reset();
		expect(await report(failure('boom again', 'Save the answer'), { failedAt: later(10) })).toEqual(
			[],
		);
		expect(await report(failure('boom later'), { failedAt: later(31) })).toHaveLength(1);
	});

	it('sends nothing until an operator number is set', async () => {
		expect(
			await report(failure('boom'), { operatorNumber: '', failedAt: '2032-01-01T00:00:00.000Z' }),
		).toEqual([]);
	});
});
