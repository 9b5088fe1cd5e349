import { signedHeaders } from './academy-n8n';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One webhook POST as Meta makes it; 0 when no HTTP answer came (refused, reset, timed out). */
export async function postWebhook(url: string, body: string | Buffer, headers: Record<string, string>, timeoutMs = 30_000): Promise<number> {
	try {
		const response = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(timeoutMs) });
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}

/**
 * Meta's delivery: the signed body is POSTed again until it is acknowledged with a 200 (Meta
 * keeps trying for days, with growing gaps; here every `gapMs`, at most `tries` times).
 * Resolves with every status the deliveries got, the last one 200 unless it gave up.
 */
export async function deliverUntilAcknowledged(
	url: string,
	body: string,
	appSecret: string,
	{ tries = 40, gapMs = 1_000 } = {},
): Promise<number[]> {
	const statuses: number[] = [];
	for (let attempt = 0; attempt < tries; attempt++) {
		const status = await postWebhook(url, body, signedHeaders(body, appSecret));
		statuses.push(status);
		if (status === 200) break;
		await sleep(gapMs);
	}
	return statuses;
}

/**
 * Phone numbers and message texts found in `output` (an n8n log, an error message): what must
 * never be written there. A number also counts when written with a leading +.
 */
export function personalDataIn(output: string, { numbers, texts }: { numbers: string[]; texts: string[] }): string[] {
	return [
		...numbers.filter((number) => output.includes(number)).map((number) => `phone number ${number}`),
		...texts.filter((text) => text.length >= 8 && output.includes(text)).map((text) => `message text "${text}"`),
	];
}
