import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { InboundMessage } from '../shared/types';
import { keptCredentials } from '../shared/kept-credentials';
import { cipherFor } from '../shared/storage/crypto';
import { getPool, type AcademyPostgresCredentials } from '../shared/storage/postgres';
import { getRedis, type AcademyRedisCredentials } from '../shared/storage/redis';
import { WHATSAPP_CREDENTIAL, type WhatsAppCloudCredentials } from '../WhatsAppCloud/transport/credentials';
import { countThisMinute, firstDeliveries, type DeliveryStores } from './deliveries';
import { readEvents, type StatusEvent } from './events';
import type { WebhookPayload } from './payload';
import { isSignedByMeta } from './signature';

export const DEFAULT_MESSAGES_PER_MINUTE = 20;

interface TriggerOptions {
	emitStatuses?: boolean;
	/** Absent unless staff chose some (also in triggers saved before the option): every status. */
	statuses?: string[];
	messagesPerMinute?: number;
}

function reply(this: IWebhookFunctions, status: number, text: string): IWebhookResponseData {
	this.getResponseObject().status(status).type('text/plain').send(text).end();
	return { noWebhookResponse: true };
}

async function storesOf(this: IWebhookFunctions): Promise<DeliveryStores> {
	const postgres = await keptCredentials<AcademyPostgresCredentials>(this, 'academyPostgresApi');
	const useRedis = this.getNodeParameter('deliveryStore', 'postgres') === 'redis';
	const redis = useRedis ? getRedis(await keptCredentials<AcademyRedisCredentials>(this, 'academyRedisApi')) : undefined;
	return { pool: await getPool(postgres), redis, cipher: cipherFor(postgres) };
}

/**
 * The messages and statuses Meta had not delivered before, remembered in one step: when the
 * check fails nothing is remembered, so Meta's redelivery is still new and nothing is lost.
 * Number-level status errors carry no id to recognise a redelivery by; they are rare and pass.
 */
async function firstSeen(
	messages: InboundMessage[],
	statuses: StatusEvent[],
	stores: DeliveryStores,
): Promise<{ messages: InboundMessage[]; statuses: StatusEvent[] }> {
	const identified = statuses.filter((status) => status.messageId);
	const first = await firstDeliveries(stores, [
		...messages.map(({ messageId }) => ({ messageId })),
		...identified.map((status) => ({ messageId: status.messageId as string, status: status.status ?? '' })),
	]);
	const freshStatuses = new Set(identified.filter((_, i) => first[messages.length + i]));
	return {
		messages: messages.filter((_, i) => first[i]),
		statuses: statuses.filter((status) => !status.messageId || freshStatuses.has(status)),
	};
}

/**
 * The messages within each sender's per-minute allowance. A sender's messages are counted in one
 * step, so a batch of 1000 updates costs one count per sender, not per message. When the count
 * cannot be kept the messages pass: they are already remembered as delivered, so turning them
 * away now would lose them.
 */
async function withinAllowance(
	this: IWebhookFunctions,
	messages: InboundMessage[],
	stores: DeliveryStores,
	perMinute: number,
): Promise<InboundMessage[]> {
	if (perMinute <= 0) return messages;
	const bySender = new Map<string, InboundMessage[]>();
	for (const message of messages) {
		const sender = message.waId || message.userId;
		if (sender) bySender.set(sender, [...(bySender.get(sender) ?? []), message]);
	}
	const now = Date.now();
	const dropped = new Set<InboundMessage>();
	await Promise.all(
		[...bySender].map(async ([sender, own]) => {
			const senderHash = stores.cipher.hash(sender);
			let total: number;
			try {
				total = await countThisMinute(stores, senderHash, own.length, now);
			} catch (error) {
				this.logger.warn('WhatsApp Cloud Trigger could not count messages per sender; let them through', {
					reason: (error as Error).message,
				});
				return;
			}
			const allowed = Math.max(0, perMinute - (total - own.length));
			if (allowed >= own.length) return;
			for (const message of own.slice(allowed)) dropped.add(message);
			this.logger.warn('WhatsApp Cloud Trigger: a sender went over the per-minute limit; messages dropped', {
				sender: senderHash.slice(0, 12),
				limitPerMinute: perMinute,
				dropped: own.length - allowed,
			});
		}),
	);
	return messages.filter((message) => !dropped.has(message));
}

/**
 * A webhook POST from Meta: nothing runs unless the signature holds. A verified delivery is
 * acknowledged as soon as it is remembered; redeliveries and floods are dropped here so they never
 * start the conversation flow.
 */
export async function receive(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = this.getRequestObject();
	if (!req.rawBody) await req.readRawBody();
	const credentials = await keptCredentials<WhatsAppCloudCredentials>(this, WHATSAPP_CREDENTIAL);
	const header = req.headers['x-hub-signature-256'];
	const signature = Array.isArray(header) ? header[0] : header;
	if (!isSignedByMeta(req.rawBody, signature, [credentials.appSecret, credentials.previousAppSecret ?? ''])) {
		this.logger.warn('WhatsApp Cloud Trigger rejected a request: X-Hub-Signature-256 is missing or does not match the App Secret', {
			signaturePresent: Boolean(signature),
		});
		return reply.call(this, 401, 'Invalid signature');
	}

	// Signed but unreadable, or not shaped like Meta's payload: a 200 stops Meta from sending it
	// again and again, and nothing runs.
	let events: ReturnType<typeof readEvents>;
	try {
		const payload = JSON.parse(req.rawBody.toString('utf8')) as WebhookPayload | null;
		if (payload?.object !== 'whatsapp_business_account') return {};
		events = readEvents(payload);
	} catch {
		this.logger.warn('WhatsApp Cloud Trigger ignored a signed request that is not a WhatsApp webhook payload');
		return {};
	}
	// Without an id a message can be neither answered once nor told apart from its redeliveries,
	// and a status without one names no message to update.
	events.messages = events.messages.filter((message) => message.messageId && (message.waId || message.userId));

	const options = this.getNodeParameter('options', {}) as TriggerOptions;
	const wanted = options.statuses ? new Set(options.statuses) : undefined;
	const statuses = options.emitStatuses
		? events.statuses.filter(
				(status) =>
					status.kind === 'error' || (status.messageId && status.status && (!wanted || wanted.has(status.status))),
			)
		: [];
	if (!events.messages.length && !statuses.length) return {};

	let stores: DeliveryStores;
	let fresh: Awaited<ReturnType<typeof firstSeen>>;
	try {
		stores = await storesOf.call(this);
		fresh = await firstSeen(events.messages, statuses, stores);
	} catch (error) {
		// Without the store a redelivery could not be recognised; Meta delivers again later.
		this.logger.error('WhatsApp Cloud Trigger could not check for duplicates; asked Meta to deliver again later', {
			reason: (error as Error).message,
		});
		return reply.call(this, 503, 'Storage unavailable, retry later');
	}
	if (!fresh.messages.length && !fresh.statuses.length) return {};

	// Meta's answer is settled once the delivery is remembered: nothing after this changes it. Sent
	// now, it does not wait for the count below, nor for n8n to record and start the run (n8n
	// answers an on-received webhook only after that).
	const answered = reply.call(this, 200, 'EVENT_RECEIVED');
	const messages = await withinAllowance.call(this, fresh.messages, stores, options.messagesPerMinute ?? DEFAULT_MESSAGES_PER_MINUTE);
	if (!messages.length && !fresh.statuses.length) return answered;

	const output = [messages.map((message) => ({ json: { message } as unknown as IDataObject }))];
	if (options.emitStatuses) output.push(fresh.statuses.map((status) => ({ json: { status } as unknown as IDataObject })));
	return { ...answered, workflowData: output };
}
