import { hexDigestsEqual, hmacSha256Hex } from '../shared/signature';

/**
 * Meta signs "an escaped unicode version of the payload, with lowercase hex digits" (äöå →
 * \u00e4\u00f6\u00e5), one escape per UTF-16 unit, so emoji become surrogate pairs.
 */
export function escapeUnicode(body: string): string {
	return body.replace(/[^\0-~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Whether `header` (`sha256=<hex>`) signs these exact bytes with one of the secrets, over the raw
 * bytes or, for bodies with non-ASCII text, over their escaped-unicode form. Every secret is
 * tried, so a previous secret keeps working during a rotation.
 */
export function isSignedByMeta(rawBody: Buffer, header: string | undefined, secrets: string[]): boolean {
	const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
	if (!match) return false;
	const received = match[1];
	const text = rawBody.toString('utf8');
	const escaped = /[^\0-~]/.test(text) ? escapeUnicode(text) : undefined;
	let valid = false;
	// No early exit: the time taken does not tell which secret or form matched.
	for (const secret of secrets.filter(Boolean)) {
		valid = hexDigestsEqual(hmacSha256Hex(secret, rawBody), received) || valid;
		if (escaped !== undefined) valid = hexDigestsEqual(hmacSha256Hex(secret, escaped), received) || valid;
	}
	return valid;
}
