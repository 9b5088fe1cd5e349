import { sleep } from 'n8n-workflow';

/** The seed's retry policy: three retries after 2, 4 and 8 seconds. */
export const SEED_RETRY_DELAYS_MS = [2000, 4000, 8000];

/** Time as the retry loop sees it; tests pass a fake to assert the schedule without waiting. */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep };

export interface RetryDecision {
	retry: boolean;
	/** What the server asked for (Retry-After); wins over the policy's delay when longer. */
	retryAfterMs?: number;
}

export interface RetryOptions {
	delaysMs?: number[];
	/** Give up rather than start a wait that would end after this many ms from the first attempt. */
	budgetMs?: number;
	clock?: Clock;
	/** Called before each wait, for logs and outputs. */
	onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
}

/**
 * Runs `attempt` until it succeeds, `classify` says the error is permanent, the delays run out or
 * the next wait would overrun the budget. The last error is rethrown unchanged.
 */
export async function withRetry<T>(
	attempt: (attemptNumber: number) => Promise<T>,
	classify: (error: unknown) => RetryDecision,
	options: RetryOptions = {},
): Promise<T> {
	const delays = options.delaysMs ?? SEED_RETRY_DELAYS_MS;
	const clock = options.clock ?? systemClock;
	const started = clock.now();
	for (let attemptNumber = 0; ; attemptNumber++) {
		try {
			return await attempt(attemptNumber);
		} catch (error) {
			const decision = classify(error);
			if (!decision.retry || attemptNumber >= delays.length) throw error;
			const delayMs = Math.max(delays[attemptNumber], decision.retryAfterMs ?? 0);
			const budgetLeft =
				options.budgetMs === undefined ? Infinity : options.budgetMs - (clock.now() - started);
			if (delayMs >= budgetLeft) throw error;
			options.onRetry?.(attemptNumber + 1, delayMs, error);
			await clock.sleep(delayMs);
		}
	}
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined | null, now = Date.now()): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'ECONNABORTED',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
]);

/** Connection errors and timeouts, wherever in the cause chain the code sits. */
export function isTransientNetworkError(error: unknown): boolean {
	for (let e = error as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
		if (typeof e.code === 'string' && TRANSIENT_NETWORK_CODES.has(e.code)) return true;
		e = e.cause as typeof e;
	}
	return false;
}
