import { hmacSha256Hex } from '../../nodes/shared/signature';
import { seededRandom } from './seeded';

/** One generated webhook request and what it is. */
export interface FuzzCase {
	kind: string;
	body: Buffer;
	headers: Record<string, string>;
	/** Carries a valid signature of its exact bytes: Meta (or someone holding the App Secret) sent it. */
	signed: boolean;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/**
 * Seeded bad webhook traffic for the WhatsApp trigger: malformed, truncated, mutated and random
 * bodies, wrong and odd signature headers, wrong content types, and signed bodies that are not a
 * WhatsApp payload. `validBody(i)` makes a well-formed message body to start from.
 */
export function webhookFuzz(options: {
	seed: number;
	count: number;
	appSecret: string;
	validBody: (i: number) => string;
}): FuzzCase[] {
	const random = seededRandom(options.seed);
	const int = (max: number) => Math.floor(random() * max);
	const pick = <T>(items: T[]): T => items[int(items.length)];
	const bytes = (length: number) => Buffer.from(Array.from({ length }, () => int(256)));
	const hex = (length: number) => Array.from({ length }, () => '0123456789abcdef'[int(16)]).join('');
	const sign = (body: Buffer | string, secret = options.appSecret) => `sha256=${hmacSha256Hex(secret, body)}`;

	const unsigned: Array<(i: number) => Omit<FuzzCase, 'signed'>> = [
		() => ({ kind: 'random bytes, no signature', body: bytes(int(2048)), headers: JSON_TYPE }),
		(i) => {
			const valid = options.validBody(i);
			return {
				kind: 'truncated body, signature of the whole',
				body: Buffer.from(valid.slice(0, int(valid.length))),
				headers: { ...JSON_TYPE, 'x-hub-signature-256': sign(valid) },
			};
		},
		(i) => {
			const body = options.validBody(i);
			return { kind: 'signed with another secret', body: Buffer.from(body), headers: { ...JSON_TYPE, 'x-hub-signature-256': sign(body, `not-${options.appSecret}`) } };
		},
		(i) => {
			const body = Buffer.from(options.validBody(i));
			const header = pick([
				`sha256=${hex(64)}`,
				`sha1=${hex(40)}`,
				'sha256=',
				`sha256=${hex(63)}`,
				`sha256=${sign(body).slice(7, 70)}zz`,
				`${sign(body).slice(7)}`,
				`sha512=${sign(body).slice(7)}`,
				`sha256=${'a'.repeat(int(6000))}`,
				`sha256=${sign(options.validBody(i + 1)).slice(7)}`,
				'',
				' ',
			]);
			return { kind: 'wrong or odd signature header', body, headers: { ...JSON_TYPE, 'x-hub-signature-256': header } };
		},
		(i) => {
			const body = Buffer.from(options.validBody(i));
			const type = pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', '']);
			const headers: Record<string, string> = type ? { 'content-type': type } : {};
			return { kind: `content type "${type}", no valid signature`, body, headers };
		},
		(i) => {
			const valid = options.validBody(i);
			const body = Buffer.from(valid);
			body[int(body.length)] ^= 1 << int(8);
			return { kind: 'one bit flipped after signing', body, headers: { ...JSON_TYPE, 'x-hub-signature-256': sign(valid) } };
		},
		() => ({ kind: 'deeply nested JSON, no signature', body: Buffer.from(`${'['.repeat(5000)}${']'.repeat(5000)}`), headers: JSON_TYPE }),
		(i) => ({ kind: 'valid body, no signature', body: Buffer.from(options.validBody(i)), headers: JSON_TYPE }),
	];

	const oddPayloads: Array<(i: number) => unknown> = [
		() => null,
		() => [],
		() => int(1000),
		() => 'whatsapp_business_account',
		() => ({}),
		() => ({ object: 'page', entry: [] }),
		() => ({ object: 'whatsapp_business_account' }),
		() => ({ object: 'whatsapp_business_account', entry: pick([null, 5, 'x', {}, [null], [5]]) }),
		() => ({ object: 'whatsapp_business_account', entry: [{ changes: pick([null, 'x', [null], [{}], [{ field: 'messages' }]]) }] }),
		() => ({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: pick([null, 3, 'x', [], {}]) }] }] }),
		() => ({
			object: 'whatsapp_business_account',
			entry: [{ changes: [{ field: 'messages', value: { messages: pick([null, 'x', {}, [null], [5], ['x']]), contacts: pick([null, 'x', {}, [null]]) } }] }],
		}),
		() => ({
			object: 'whatsapp_business_account',
			entry: [{ changes: [{ field: 'messages', value: { statuses: pick([null, 'x', {}, [null], [5]]), errors: pick([null, 'x', 5, [null]]) } }] }],
		}),
	];

	const signed: Array<(i: number) => Omit<FuzzCase, 'signed'>> = [
		() => {
			const body = bytes(1 + int(1024));
			return { kind: 'signed random bytes', body, headers: { ...JSON_TYPE, 'x-hub-signature-256': sign(body) } };
		},
		(i) => {
			const valid = options.validBody(i);
			const body = Buffer.from(valid.slice(0, 1 + int(valid.length - 2)));
			return { kind: 'signed truncated body', body, headers: { ...JSON_TYPE, 'x-hub-signature-256': sign(body) } };
		},
		(i) => {
			const body = Buffer.from(JSON.stringify(pick(oddPayloads)(i)));
			return { kind: 'signed JSON that is not a WhatsApp payload', body, headers: { ...JSON_TYPE, 'x-hub-signature-256': sign(body) } };
		},
	];

	return Array.from({ length: options.count }, (_, i) => {
		// Four of five are unsigned or wrongly signed; the rest are signed nonsense.
		if (random() < 0.8) return { ...pick(unsigned)(i), signed: false };
		return { ...pick(signed)(i), signed: true };
	});
}
