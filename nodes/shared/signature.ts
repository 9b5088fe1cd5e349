import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmacSha256Hex(secret: string, data: Buffer | string): string {
	return createHmac('sha256', secret).update(data).digest('hex');
}

/** Constant-time comparison of two hex digests; unequal lengths compare false without leaking where. */
export function hexDigestsEqual(expected: string, received: string): boolean {
	const a = Buffer.from(expected.toLowerCase(), 'utf8');
	const b = Buffer.from(received.trim().toLowerCase(), 'utf8');
	if (a.length !== b.length) return false;
	return timingSafeEqual(a, b);
}
