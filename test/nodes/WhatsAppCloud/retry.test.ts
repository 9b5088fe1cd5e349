import { systemClock } from '../../../nodes/shared/retry';
import { setRetryClock } from '../../../nodes/WhatsAppCloud/transport/graph';
import { captureLogs } from '../../helpers/webhook-context';
import { errorOf, inboundItem, runSendNode, useGraphFake } from './run';

const graph = useGraphFake();
const sendText = { resource: 'message', operation: 'sendText', text: 'Hola' };

/** Time as the retry loop sees it: waits are recorded and pass at once. */
let waits: number[] = [];
beforeEach(() => {
	waits = [];
	let now = Date.parse('2026-03-02T10:00:00Z');
	setRetryClock({
		now: () => now,
		sleep: async (ms) => {
			waits.push(ms);
			now += ms;
		},
	});
});
afterAll(() => setRetryClock(systemClock));

const attempts = () => graph.requests.length;

describe('WhatsApp Cloud: retries', () => {
	it('retries server errors after 2 and 4 seconds and then sends', async () => {
		graph.failWithStatus(503, 2);
		const run = await runSendNode(graph, sendText);
		expect(errorOf(run)).toBeUndefined();
		expect(waits).toEqual([2000, 4000]);
		expect(attempts()).toBe(3);
		expect(run.items[0].json.sent).toMatchObject({ messageIds: ['wamid.FAKE000001'] });
	});

	it('waits as long as Retry-After asks on HTTP 429', async () => {
		graph.rateLimit(5);
		const run = await runSendNode(graph, sendText);
		expect(errorOf(run)).toBeUndefined();
		expect(waits).toEqual([5000]);
	});

	it.each([130429, 131056])('retries Meta rate-limit error %i on the 2, 4 s schedule', async (code) => {
		graph.failWithMetaError(code, 2, { retryAfterSeconds: 1 });
		const run = await runSendNode(graph, sendText);
		expect(errorOf(run)).toBeUndefined();
		expect(waits).toEqual([2000, 4000]);
		expect(attempts()).toBe(3);
	});

	it('retries a dropped connection', async () => {
		graph.resetConnection(1);
		const run = await runSendNode(graph, sendText);
		expect(errorOf(run)).toBeUndefined();
		expect(waits).toEqual([2000]);
		expect(attempts()).toBe(2);
	});

	it('retries an answer slower than the timeout', async () => {
		graph.slow(1500, 1);
		const run = await runSendNode(graph, { ...sendText, options: { timeoutSeconds: 1 } });
		expect(errorOf(run)).toBeUndefined();
		expect(waits).toEqual([2000]);
		expect(attempts()).toBe(2);
	});

	it('gives up after three retries (2, 4, 8 s) and says so', async () => {
		graph.failWithStatus(500, 4);
		const run = await runSendNode(graph, sendText);
		expect(waits).toEqual([2000, 4000, 8000]);
		expect(attempts()).toBe(4);
		expect(errorOf(run)?.message).toBe("WhatsApp's servers had a problem. Try again later. (tried 4 times)");
	});

	it('does not hold the execution when Meta asks to wait longer than a minute', async () => {
		graph.rateLimit(120);
		const run = await runSendNode(graph, sendText);
		expect(waits).toEqual([]);
		expect(attempts()).toBe(1);
		expect(errorOf(run)?.message).toContain('This phone number is sending faster than WhatsApp allows');
	});

	it('logs each retry without the recipient or the text', async () => {
		const logs = captureLogs();
		graph.failWithMetaError(131056, 1);
		const item = inboundItem();
		await runSendNode(graph, sendText, { items: [item] });
		const retries = logs.filter((l) => l.message.includes('retrying'));
		expect(retries).toEqual([
			{
				level: 'warn',
				message: 'WhatsApp Graph API call failed; retrying',
				meta: { attempt: 1, delayMs: 2000, reason: 'Meta error 131056' },
			},
		]);
		expect(JSON.stringify(logs)).not.toContain((item.json.message as { waId: string }).waId);
	});
});

describe('WhatsApp Cloud: permanent errors', () => {
	it.each([
		[131047, 'More than 24 hours have passed since this person last wrote, so WhatsApp only allows an approved template now. Use the Send Template operation.'],
		[190, 'The WhatsApp access token has expired or was revoked. Create a new one (a System User token does not expire) and save it in the WhatsApp Cloud API credential.'],
		[131026, 'This person cannot receive the message: the number may not use WhatsApp, may have an old app version or may have blocked the academy. Do not retry; reach them another way.'],
		[131030, "The number is not in the test number's list of allowed recipients. Add it in Meta App Dashboard → WhatsApp → API Setup, or send from the academy's real number."],
	])('fails at once on Meta error %i with plain advice', async (code, advice) => {
		graph.failWithMetaError(code, 1);
		const run = await runSendNode(graph, sendText);
		expect(attempts()).toBe(1);
		expect(waits).toEqual([]);
		expect(errorOf(run)?.message).toBe(advice);
		expect(errorOf(run)?.description).toMatch(new RegExp(`^Meta error ${code}.* · fbtrace_id \\S+$`));
	});

	it('explains a wrong access token the same way as an expired one', async () => {
		const run = await runSendNode(graph, sendText, { credentials: { accessToken: 'EAAG-revoked' } });
		expect(errorOf(run)?.message).toMatch(/^The WhatsApp access token has expired or was revoked/);
	});

	it('names the item that failed', async () => {
		graph.server.inject(/messages$/, { status: 200, body: {} }, 1);
		graph.failWithMetaError(131047, 1);
		const run = await runSendNode(graph, sendText, { items: [inboundItem(), inboundItem()] });
		const error = run.run.data.resultData.runData.Send[0].error as unknown as { context: { itemIndex: number } };
		expect(error.context.itemIndex).toBe(1);
	});

	it('with "continue on fail" reports the failed item and sends the others', async () => {
		graph.failWithMetaError(131047, 1);
		const items = [inboundItem('wa-inbound-text'), inboundItem('wa-inbound-image')];
		const run = await runSendNode(graph, sendText, { items, continueOnFail: true });
		expect(run.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(run.items[0].json.error).toMatch(/^More than 24 hours have passed/);
		expect(run.items[0].json.sent).toBeUndefined();
		expect(run.items[1].json.sent).toMatchObject({ messageId: expect.stringMatching(/^wamid\./) });
		expect(run.items[1].json.message).toEqual(items[1].json.message);
	});
});
