import { hkdfSync } from 'node:crypto';

import { hexDigestsEqual, hmacSha256Hex } from '../../../shared/signature';

/**
 * Signed dashboard links: the weekly WhatsApp report carries a link that opens one academy's
 * dashboard without a password until it expires. The signature binds the academy and the
 * expiry, so changing either (another academy's id, a later date) makes the link fail.
 * The key is derived from the Postgres credential's Data Encryption Secret for this use only,
 * so a link never reveals anything that protects the stored personal data.
 */
const SALT = 'n8n-nodes-academy-bot';
const PURPOSE = 'dashboard-link';

const keys = new Map<string, string>();

function linkKey(secret: string): string {
	let key = keys.get(secret);
	if (!key) {
		key = Buffer.from(hkdfSync('sha256', secret, SALT, PURPOSE, 32)).toString('hex');
		keys.set(secret, key);
	}
	return key;
}

/** The signed text: version, academy, expiry in unix seconds. */
function signedText(academyId: string, expires: number): string {
	return `v1|${academyId.toLowerCase()}|${expires}`;
}

export function signDashboardLink(secret: string, academyId: string, expires: number): string {
	return hmacSha256Hex(linkKey(secret), signedText(academyId, expires));
}

export interface LinkParts {
	academyId: string;
	expires: string;
	signature: string;
}

export type LinkCheck =
	| { granted: true; academyId: string; expiresAt: string }
	| { granted: false; reason: 'incomplete' | 'altered' | 'expired' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks a link's parts. The signature is compared before the expiry is looked at, so a
 * link with a moved expiry reads as altered, not expired.
 */
export function checkDashboardLink(secret: string, parts: LinkParts, now: Date): LinkCheck {
	const { academyId, expires, signature } = parts;
	if (!UUID.test(academyId) || !/^\d{1,12}$/.test(expires) || !/^[0-9a-f]{64}$/i.test(signature)) {
		return { granted: false, reason: 'incomplete' };
	}
	const seconds = Number(expires);
	if (!hexDigestsEqual(signDashboardLink(secret, academyId, seconds), signature))
		return { granted: false, reason: 'altered' };
	if (seconds * 1000 <= now.getTime()) return { granted: false, reason: 'expired' };
	return {
		granted: true,
		academyId: academyId.toLowerCase(),
		expiresAt: new Date(seconds * 1000).toISOString(),
	};
}
