/** What happened to one message the generator sent. */
export interface Sample {
	/** HTTP status of the webhook POST (0: no answer). */
	status: number;
	/** From the POST to its answer: what Meta waits for. */
	ackMs: number;
	/** From the POST to the reply reaching the Graph API; undefined when no reply is expected or none came. */
	replyMs?: number;
	/** A reply was expected and did not come in time. */
	lost?: boolean;
}

/** Sends message number `index` and resolves once it is done (answered, and replied to when that is awaited). */
export type Send = (index: number) => Promise<Sample>;

export interface LoadResult {
	samples: Sample[];
	seconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `concurrency` senders, each sending its next message as soon as the last one is done (or
 * `pauseMs` later), until `durationMs` passed or `maxMessages` were sent: the load the system can
 * sustain.
 */
export async function closedLoop(options: {
	concurrency: number;
	durationMs: number;
	maxMessages: number;
	send: Send;
	firstIndex?: number;
	pauseMs?: number;
}): Promise<LoadResult> {
	const samples: Sample[] = [];
	let next = options.firstIndex ?? 0;
	const last = next + options.maxMessages;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: options.concurrency }, async () => {
			while (next < last && Date.now() - started < options.durationMs) {
				samples.push(await options.send(next++));
				if (options.pauseMs) await sleep(options.pauseMs);
			}
		}),
	);
	return { samples, seconds: (Date.now() - started) / 1000 };
}

/**
 * Messages sent at a steady `ratePerSecond` whatever happens to earlier ones (as Meta does), for
 * `durationMs` or `maxMessages`; then waits for the ones still on their way.
 */
export async function openLoop(options: { ratePerSecond: number; durationMs: number; maxMessages: number; send: Send; firstIndex?: number }): Promise<LoadResult> {
	const pending: Array<Promise<Sample>> = [];
	const first = options.firstIndex ?? 0;
	const count = Math.min(options.maxMessages, Math.floor((options.durationMs / 1000) * options.ratePerSecond));
	const started = Date.now();
	for (let i = 0; i < count; i++) {
		const due = started + (i * 1000) / options.ratePerSecond;
		const wait = due - Date.now();
		if (wait > 0) await sleep(wait);
		pending.push(options.send(first + i));
	}
	const samples = await Promise.all(pending);
	return { samples, seconds: (Date.now() - started) / 1000 };
}
