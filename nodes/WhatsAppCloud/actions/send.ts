import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { WHATSAPP_CREDENTIAL, type WhatsAppCloudCredentials } from '../transport/credentials';
import { graphRequest, type GraphResponse } from '../transport/graph';
import { parameter } from '../../shared/parameter';
import { keptCredentials } from '../../shared/kept-credentials';

/** What the send operations add to the item under `sent`. */
export interface SentResult extends IDataObject {
	/** The first (usually the only) message id: statuses arrive for it later. */
	messageId: string;
	/** Every message id, in order, when a long text went out in parts. */
	messageIds: string[];
	type: string;
	phoneNumberId: string;
	/** The recipient's WhatsApp id as Meta resolved it, or null for username-only users. */
	waId: string | null;
	/** Meta's `message_status` for templates ('accepted'), else null. */
	messageStatus: string | null;
}

interface SendResponse {
	contacts?: Array<{ input?: string; wa_id?: string }>;
	messages?: Array<{ id: string; message_status?: string }>;
}

const PHONE_NUMBER_ID = /^\d{5,20}$/;
const PHONE = /^\d{6,15}$/;
/** Business-scoped user ids of people with a WhatsApp username (2026), e.g. `user.9373…`. */
const USER_ID = /^[A-Za-z]+\.[A-Za-z0-9._-]{1,250}$/;

/** The number to send from: this call's, else the credential's default. */
export async function senderPhoneNumberId(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	const own = String(parameter(this, 'phoneNumberId', itemIndex, '') ?? '').trim();
	const id = own || (await keptCredentials<WhatsAppCloudCredentials>(this, WHATSAPP_CREDENTIAL)).phoneNumberId?.trim();
	if (!id || !PHONE_NUMBER_ID.test(id)) {
		throw new NodeOperationError(
			this.getNode(),
			id
				? `Phone Number ID "${id}" is not valid: it is a long number shown in Meta App Dashboard → WhatsApp → API Setup (not the phone number itself)`
				: 'No Phone Number ID: set one in this node or a default one in the WhatsApp Cloud API credential',
			{ itemIndex },
		);
	}
	return id;
}

/** The recipient as WhatsApp wants it: digits only for phone numbers, user ids untouched. */
function recipient(this: IExecuteFunctions, itemIndex: number): string {
	const raw = String(parameter(this, 'to', itemIndex, '') ?? '').trim();
	if (USER_ID.test(raw)) return raw;
	const digits = raw.replace(/[\s+\-().]/g, '');
	if (PHONE.test(digits)) return digits;
	// The value is left out of the message on purpose: it may be a phone number.
	throw new NodeOperationError(
		this.getNode(),
		raw
			? 'The recipient (To) is not a phone number in international format or a WhatsApp user ID'
			: 'The recipient (To) is empty: map the person\'s number, for example {{ $json.message.waId }}',
		{ itemIndex },
	);
}

/**
 * Sends one or more messages of the same kind to the item's recipient, in order, and returns
 * their ids. Only the first part quotes the message it replies to.
 */
export async function sendMessages(
	this: IExecuteFunctions,
	itemIndex: number,
	type: string,
	contents: IDataObject[],
): Promise<SentResult> {
	const phoneNumberId = await senderPhoneNumberId.call(this, itemIndex);
	const to = recipient.call(this, itemIndex);
	const replyTo = String(parameter(this, 'options.replyToMessageId', itemIndex, '') ?? '').trim();
	const ids: string[] = [];
	let first: SendResponse | undefined;
	for (const [index, content] of contents.entries()) {
		const body: IDataObject = {
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to,
			type,
			[type]: content,
		};
		if (replyTo && index === 0) body.context = { message_id: replyTo };
		const alreadySent = index > 0 ? `${index} of ${contents.length} parts had already been sent: ${ids.join(', ')}` : undefined;
		const { body: response } = (await graphRequest.call(
			this,
			{ method: 'POST', path: `${encodeURIComponent(phoneNumberId)}/messages`, body, failureNote: alreadySent },
			itemIndex,
		)) as GraphResponse<SendResponse>;
		first ??= response;
		ids.push(response.messages?.[0]?.id ?? '');
	}
	return {
		messageId: ids[0],
		messageIds: ids,
		type,
		phoneNumberId,
		waId: first?.contacts?.[0]?.wa_id || null,
		messageStatus: first?.messages?.[0]?.message_status ?? null,
	};
}
