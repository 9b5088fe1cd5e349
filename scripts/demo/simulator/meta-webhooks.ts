import { randomBytes } from 'node:crypto';

import { hmacSha256Hex } from '../../../nodes/shared/signature';

/** The academy's WhatsApp Business number as Meta knows it. */
export interface BusinessNumber {
	businessAccountId: string;
	phoneNumberId: string;
	displayPhoneNumber: string;
}

/** What a person can send from the chat page: words, or a tap on a button or list row. */
export type PersonInput =
	| { kind: 'text'; text: string }
	| { kind: 'button_reply'; id: string; title: string; replyTo: string }
	| { kind: 'list_reply'; id: string; title: string; description?: string; replyTo: string };

/** A message id in the shape Meta uses ("wamid." and base64). */
export function newWamid(): string {
	return `wamid.${randomBytes(30).toString('base64')}`;
}

const unixSeconds = (at: Date) => String(Math.floor(at.getTime() / 1000));

function envelope(business: BusinessNumber, value: Record<string, unknown>) {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: business.businessAccountId,
				changes: [
					{
						value: {
							messaging_product: 'whatsapp',
							metadata: {
								display_phone_number: business.displayPhoneNumber,
								phone_number_id: business.phoneNumberId,
							},
							...value,
						},
						field: 'messages',
					},
				],
			},
		],
	};
}

/** An inbound message webhook, shaped exactly like Meta's (fixtures wa-inbound-text and -interactive-*). */
export function inboundMessage(
	business: BusinessNumber,
	person: { waId: string; name: string },
	input: PersonInput,
	id: string,
	at: Date,
) {
	const base = { from: person.waId, id, timestamp: unixSeconds(at) };
	const message =
		input.kind === 'text'
			? { ...base, type: 'text', text: { body: input.text } }
			: {
					context: { from: business.displayPhoneNumber, id: input.replyTo },
					...base,
					type: 'interactive',
					interactive:
						input.kind === 'button_reply'
							? { type: 'button_reply', button_reply: { id: input.id, title: input.title } }
							: {
									type: 'list_reply',
									list_reply: {
										id: input.id,
										title: input.title,
										description: input.description ?? '',
									},
								},
				};
	return envelope(business, {
		contacts: [{ profile: { name: person.name }, wa_id: person.waId }],
		messages: [message],
	});
}

/** A status webhook for a message the business sent (fixture wa-status-sent-v24-minimal: v24 omits `conversation`). */
export function statusUpdate(
	business: BusinessNumber,
	recipientWaId: string,
	id: string,
	status: 'sent' | 'delivered' | 'read',
	at: Date,
) {
	return envelope(business, {
		statuses: [
			{
				id,
				status,
				timestamp: unixSeconds(at),
				recipient_id: recipientWaId,
				...(status === 'read'
					? {}
					: {
							pricing: {
								billable: false,
								pricing_model: 'PMP',
								type: 'free_customer_service',
								category: 'service',
							},
						}),
			},
		],
	});
}

export interface Delivery {
	ok: boolean;
	status: number;
	/** Why it did not arrive, for the person looking at the page. */
	problem?: string;
}

/**
 * Posts a webhook the way the sender signs it: `header` carries HMAC-SHA256 of the exact bytes
 * sent, hex, with `prefix` before it (Meta: "sha256=", Cal.com: none).
 */
export async function postSigned(
	url: string | null,
	body: unknown,
	signing: { secret: string; header: string; prefix: string },
	extraHeaders: Record<string, string> = {},
): Promise<Delivery> {
	if (!url) {
		return {
			ok: false,
			status: 0,
			problem: 'no workflow is listening for this webhook yet (the template is not imported)',
		};
	}
	const raw = JSON.stringify(body);
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				[signing.header]: `${signing.prefix}${hmacSha256Hex(signing.secret, raw)}`,
				...extraHeaders,
			},
			body: raw,
			signal: AbortSignal.timeout(10_000),
		});
		await response.arrayBuffer();
		if (response.ok) return { ok: true, status: response.status };
		const problem =
			response.status === 404
				? 'n8n has no active workflow at this webhook URL (is the template published?)'
				: response.status === 401 || response.status === 403
					? 'n8n refused the signature (the demo credential and the simulator disagree on the secret)'
					: `n8n answered HTTP ${response.status}`;
		return { ok: false, status: response.status, problem };
	} catch (error) {
		return { ok: false, status: 0, problem: `n8n did not answer (${(error as Error).message})` };
	}
}

export const META_SIGNATURE = { header: 'x-hub-signature-256', prefix: 'sha256=' };
