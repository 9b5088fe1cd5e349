import type { InboundMessage } from '../shared/types';
import { meaningOf } from '../WhatsAppCloud/errors';
import type { ChangeValue, Contact, MetaError, MetaMessage, MetaStatus, WebhookPayload } from './payload';

/** A delivery status of a message the academy sent, or an error Meta reports for the number. */
export interface StatusEvent {
	kind: 'status' | 'error';
	phoneNumberId: string;
	displayPhoneNumber: string;
	/** The wamid the send node returned as `sent.messageId`; null for number-level errors. */
	messageId: string | null;
	/** sent, delivered, read, failed or played; null for number-level errors. */
	status: string | null;
	timestamp: string | null;
	recipientId: string | null;
	recipientUserId: string | null;
	pricing: { billable: boolean | null; model: string | null; type: string | null; category: string | null } | null;
	errors: Array<{ code: number | null; title: string | null; details: string | null; meaning: string | null }>;
	original: ChangeValue;
}

export interface WebhookEvents {
	messages: InboundMessage[];
	statuses: StatusEvent[];
}

const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;

/** Meta sends unix seconds as a string. */
function isoTime(seconds: string | undefined): string {
	const value = Number(seconds);
	return seconds && Number.isFinite(value) ? new Date(value * 1000).toISOString() : '';
}

/**
 * The sender's contact entry. Its wa_id can differ from `from` (a number that changed format), so
 * a lone contact is taken as the sender's when every message of the change comes from one sender.
 */
function contactOf(value: ChangeValue, message: MetaMessage): Contact | undefined {
	const contacts = value.contacts ?? [];
	const oneSender = (value.messages ?? []).every(
		(m) => m.from === message.from && m.from_user_id === message.from_user_id,
	);
	return (
		contacts.find((c) => message.from && c.wa_id === message.from) ??
		contacts.find((c) => message.from_user_id && c.user_id === message.from_user_id) ??
		(contacts.length === 1 && oneSender ? contacts[0] : undefined)
	);
}

/** The words of a message, for every type that has words. */
function textOf(message: MetaMessage): string {
	switch (message.type) {
		case 'text':
			return message.text?.body ?? '';
		case 'interactive': {
			const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
			return reply?.title ?? message.interactive?.nfm_reply?.body ?? '';
		}
		case 'button':
			return message.button?.text ?? '';
		case 'location':
			return [message.location?.name, message.location?.address].filter(Boolean).join(', ');
		case 'contacts':
			return (message.contacts ?? [])
				.map((c) =>
					[
						c.name?.formatted_name ?? [c.name?.first_name, c.name?.last_name].filter(Boolean).join(' '),
						c.org?.company,
						...(c.phones ?? []).map((p) => p.phone ?? p.wa_id),
					]
						.filter(Boolean)
						.join(', '),
				)
				.join('\n');
		case 'reaction':
			return message.reaction?.emoji ?? '';
		case 'system':
			return message.system?.body ?? '';
		default:
			return MEDIA_TYPES.includes(message.type as (typeof MEDIA_TYPES)[number])
				? (message[message.type as (typeof MEDIA_TYPES)[number]]?.caption ?? '')
				: '';
	}
}

function replyIdOf(message: MetaMessage): string | null {
	const interactive = message.interactive;
	return interactive?.button_reply?.id ?? interactive?.list_reply?.id ?? message.button?.payload ?? null;
}

function mediaOf(message: MetaMessage): InboundMessage['media'] {
	const type = MEDIA_TYPES.find((t) => t === message.type);
	const media = type && message[type];
	if (!media?.id) return null;
	return {
		id: media.id,
		mimeType: media.mime_type ?? '',
		url: media.url ?? null,
		caption: media.caption ?? null,
		filename: media.filename ?? null,
		voice: media.voice === true,
	};
}

function locationOf(message: MetaMessage): InboundMessage['location'] {
	const location = message.location;
	if (message.type !== 'location' || !location) return null;
	return {
		latitude: Number(location.latitude),
		longitude: Number(location.longitude),
		name: location.name ?? null,
		address: location.address ?? null,
	};
}

function referralOf(message: MetaMessage): InboundMessage['referral'] {
	const referral = message.referral;
	if (!referral) return null;
	return {
		sourceId: referral.source_id ?? null,
		sourceType: referral.source_type ?? null,
		sourceUrl: referral.source_url ?? null,
		headline: referral.headline ?? null,
		body: referral.body ?? null,
		ctwaClid: referral.ctwa_clid ?? null,
	};
}

function inbound(value: ChangeValue, message: MetaMessage): InboundMessage {
	const contact = contactOf(value, message);
	return {
		phoneNumberId: value.metadata?.phone_number_id ?? '',
		displayPhoneNumber: value.metadata?.display_phone_number ?? '',
		waId: contact?.wa_id || message.from || '',
		userId: message.from_user_id || contact?.user_id || null,
		profileName: contact?.profile?.name ?? null,
		messageId: message.id ?? '',
		timestamp: isoTime(message.timestamp),
		type: message.type ?? 'unknown',
		text: textOf(message),
		replyId: replyIdOf(message),
		media: mediaOf(message),
		location: locationOf(message),
		referral: referralOf(message),
		replyToMessageId: message.context?.id ?? message.reaction?.message_id ?? null,
		original: value,
	};
}

function errorsOf(errors: MetaError[] | undefined): StatusEvent['errors'] {
	return (errors ?? []).map((e) => ({
		code: e.code ?? null,
		title: e.title ?? e.message ?? null,
		details: e.error_data?.details ?? null,
		meaning: meaningOf(e.code) ?? null,
	}));
}

function statusEvent(value: ChangeValue, status: MetaStatus): StatusEvent {
	const pricing = status.pricing;
	return {
		kind: 'status',
		phoneNumberId: value.metadata?.phone_number_id ?? '',
		displayPhoneNumber: value.metadata?.display_phone_number ?? '',
		messageId: status.id ?? null,
		status: status.status ?? null,
		timestamp: isoTime(status.timestamp) || null,
		recipientId: status.recipient_id || null,
		recipientUserId: status.recipient_user_id || null,
		pricing: pricing
			? {
					billable: pricing.billable ?? null,
					model: pricing.pricing_model ?? null,
					type: pricing.type ?? null,
					category: pricing.category ?? null,
				}
			: null,
		errors: errorsOf(status.errors),
		original: value,
	};
}

function numberError(value: ChangeValue): StatusEvent {
	return {
		kind: 'error',
		phoneNumberId: value.metadata?.phone_number_id ?? '',
		displayPhoneNumber: value.metadata?.display_phone_number ?? '',
		messageId: null,
		status: null,
		timestamp: null,
		recipientId: null,
		recipientUserId: null,
		pricing: null,
		errors: errorsOf(value.errors),
		original: value,
	};
}

/**
 * Every inbound message, delivery status and number-level error of a webhook, walking every
 * entry and change: Meta batches up to 1000 updates into one POST.
 */
export function readEvents(payload: WebhookPayload): WebhookEvents {
	const events: WebhookEvents = { messages: [], statuses: [] };
	for (const entry of payload.entry ?? []) {
		for (const change of entry.changes ?? []) {
			const value = change.value;
			if (change.field !== 'messages' || !value) continue;
			for (const message of value.messages ?? []) events.messages.push(inbound(value, message));
			for (const status of value.statuses ?? []) events.statuses.push(statusEvent(value, status));
			if (value.errors?.length) events.statuses.push(numberError(value));
		}
	}
	return events;
}
