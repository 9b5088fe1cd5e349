import { LoopbackServer } from '../../fakes/loopback-server';
import { OPENAI_ERRORS } from '../../fakes/openai';
import { openAiCredentials, replyItem, runReply, useFakeClock, useFakeOpenAi } from './reply-workflow';

const fake = useFakeOpenAi();
const clock = useFakeClock();

const GOOD = 'The Unlimited plan is $189 per month, and your first class is free.';
const price = () => [replyItem({ intent: 'PRECIO', language: 'en', text: 'how much?' })];

describe("the seed's retry policy under the item's time budget", () => {
	it('waits as long as a 429 asks (Retry-After) when that is longer than the policy delay', async () => {
		fake.rateLimitChat(2, '3').replyWith(GOOD);
		const { reply, replied } = await runReply(price(), { credentials: openAiCredentials(fake) });
		expect(clock.current.sleeps).toEqual([3000, 4000]);
		expect(fake.chatRequests()).toHaveLength(3);
		expect(replied).toHaveLength(1);
		expect(reply).toMatchObject({ mode: 'model', text: GOOD, attempts: 3 });
	});

	it('reads Retry-After given as an HTTP date', async () => {
		const inSixSeconds = new Date(Date.now() + 6000).toUTCString();
		fake.rateLimitChat(1, inSixSeconds).replyWith(GOOD);
		await runReply(price(), { credentials: openAiCredentials(fake) });
		expect(clock.current.sleeps).toHaveLength(1);
		expect(clock.current.sleeps[0]).toBeGreaterThan(4000);
		expect(clock.current.sleeps[0]).toBeLessThanOrEqual(6000);
	});

	it('retries 5xx after 2, 4 and 8 s, then sends the ready-made answer by the Fallback output', async () => {
		fake.failChat({ status: 500, body: OPENAI_ERRORS.server }, 4);
		const { reply, replied, fellBack } = await runReply(price(), { credentials: openAiCredentials(fake) });
		expect(clock.current.sleeps).toEqual([2000, 4000, 8000]);
		expect(fake.chatRequests()).toHaveLength(4);
		expect(replied).toHaveLength(0);
		expect(fellBack).toHaveLength(1);
		expect(fellBack[0].pairedItem).toEqual({ item: 0 });
		expect(reply.mode).toBe('fallback');
		expect(reply.fallbackCode).toBe('server_error');
		expect(reply.fallbackReason).toBe(
			'The AI service had an error (HTTP 500: The server had an error while processing your request. Sorry about that!); after 4 attempts',
		);
		expect(reply.text).toContain('• Unlimited: $189 per month');
		expect(reply.attempts).toBe(4);
	});

	it('retries a dropped connection', async () => {
		fake.failChat('reset', 1).replyWith(GOOD);
		const { reply } = await runReply(price(), { credentials: openAiCredentials(fake) });
		expect(clock.current.sleeps).toEqual([2000]);
		expect(reply).toMatchObject({ mode: 'model', attempts: 2 });
	});

	it('gives up on a model that never answers, each attempt cut at the attempt timeout', async () => {
		fake.failChat('hang', 4);
		const { reply, fellBack } = await runReply(price(), {
			credentials: openAiCredentials(fake),
			parameters: { options: { attemptTimeout: 0.3 } },
		});
		expect(clock.current.sleeps).toEqual([2000, 4000, 8000]);
		expect(fellBack).toHaveLength(1);
		expect(reply.fallbackCode).toBe('timeout');
		expect(reply.fallbackReason).toMatch(/did not answer in time; after 4 attempts$/);
		expect(reply.slow).toBe(true);
	});

	it('stops retrying when the next wait would overrun the time budget', async () => {
		fake.failChat('hang', 4);
		const { reply } = await runReply(price(), {
			credentials: openAiCredentials(fake),
			parameters: { options: { attemptTimeout: 0.3, timeBudget: 5 } },
		});
		// 0.3 s + 2 s wait + 0.3 s leaves 2.4 s of 5 s: the 4 s wait does not fit.
		expect(clock.current.sleeps).toEqual([2000]);
		expect(reply.attempts).toBe(2);
		expect(reply.mode).toBe('fallback');
		expect(reply.fallbackReason).toContain('gave up to stay within the 5 s time budget');
	});

	it('never lets one attempt run past the time budget', async () => {
		fake.failChat('hang', 1);
		const { reply } = await runReply(price(), {
			credentials: openAiCredentials(fake),
			parameters: { options: { attemptTimeout: 30, timeBudget: 1 } },
		});
		expect(clock.current.sleeps).toEqual([]);
		expect(reply).toMatchObject({ mode: 'fallback', fallbackCode: 'timeout', attempts: 1 });
		expect(reply.latencyMs).toBeGreaterThanOrEqual(1000);
	});

	it('does not wait when a 429 asks for longer than the time budget', async () => {
		fake.rateLimitChat(1, '60');
		const { reply } = await runReply(price(), { credentials: openAiCredentials(fake) });
		expect(clock.current.sleeps).toEqual([]);
		expect(reply.fallbackCode).toBe('rate_limited');
		expect(reply.fallbackReason).toContain('it asked to wait 60 s, longer than the 25 s time budget allows');
	});

	it.each([
		['a refused API key', 'auth', { status: 401, body: OPENAI_ERRORS.invalidKey }, 'check the API key in the credential'],
		['an account without credit', 'quota', { status: 429, body: OPENAI_ERRORS.quota }, 'add credit or use another API key'],
		['an unknown model', 'not_found', { status: 404, body: OPENAI_ERRORS.unknownModel }, 'check the model name and the base URL'],
		['a bad request', 'bad_request', { status: 400, body: { error: { message: 'Unsupported parameter', type: 'invalid_request_error', param: 'max_tokens', code: null } } }, 'rejected the request (HTTP 400: Unsupported parameter)'],
	])('does not retry %s, and tells the owner what to fix', async (_, code, fault, advice) => {
		fake.failChat(fault, 1);
		const { reply, fellBack } = await runReply(price(), { credentials: openAiCredentials(fake) });
		expect(clock.current.sleeps).toEqual([]);
		expect(fake.chatRequests()).toHaveLength(1);
		expect(fellBack).toHaveLength(1);
		expect(reply.fallbackCode).toBe(code);
		expect(reply.fallbackReason).toContain(advice);
	});

	it('falls back when the AI service cannot be reached at all', async () => {
		const closed = new LoopbackServer();
		await closed.start();
		const address = closed.url;
		await closed.stop();
		const { reply } = await runReply(price(), {
			credentials: openAiCredentials(fake, { baseUrl: `${address}/v1` }),
		});
		expect(clock.current.sleeps).toEqual([2000, 4000, 8000]);
		expect(reply.fallbackCode).toBe('connection');
		expect(reply.fallbackReason).toContain(
			`Could not reach the AI service at ${address.replace('http://', '')} (ECONNREFUSED): check the base URL`,
		);
	});
});
