import { randomBytes } from 'node:crypto';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiBaseUrl, CAL_CLOUD_API, calApiRequest, getCalCredentials } from '../CalCom/transport';
import type { CalApiResponse, CalWebhook } from '../CalCom/types';

/** Cal.com's page size limit for `GET /v2/webhooks`. */
const PAGE_SIZE = 250;
const MAX_PAGES = 10;

/** What activation remembers about the webhook it made, in the node's static data. */
interface WebhookRecord extends IDataObject {
	webhookId?: string;
	/** The event type the webhook is scoped to, 0 for all of the user's bookings. */
	webhookEventTypeId?: number;
	/** Generated when the credential has no secret of its own. */
	webhookSecret?: string;
}

function registersItself(this: IHookFunctions): boolean {
	return this.getNodeParameter('registration', 'automatic') === 'automatic';
}

function scopeOf(this: IHookFunctions): number {
	const options = this.getNodeParameter('options', {}) as IDataObject;
	return Number(options.eventTypeId) || 0;
}

function endpointFor(eventTypeId: number | undefined): string {
	return eventTypeId
		? `/v2/event-types/${encodeURIComponent(eventTypeId)}/webhooks`
		: '/v2/webhooks';
}

function sameTriggers(a: string[], b: string[]): boolean {
	return a.length === b.length && a.every((event) => b.includes(event));
}

async function webhooksAt(this: IHookFunctions, endpoint: string): Promise<CalWebhook[]> {
	const all: CalWebhook[] = [];
	for (let page = 0; page < MAX_PAGES; page++) {
		const response = await (calApiRequest<CalApiResponse<CalWebhook[]>>).call(this, 'webhooks', {
			method: 'GET',
			path: endpoint,
			qs: { take: PAGE_SIZE, skip: page * PAGE_SIZE },
		});
		const data = Array.isArray(response?.data) ? response.data : [];
		all.push(...data);
		if (data.length < PAGE_SIZE) break;
	}
	return all;
}

async function deleteWebhook(
	this: IHookFunctions,
	endpoint: string,
	id: string | number,
): Promise<void> {
	await calApiRequest.call(this, 'webhooks', {
		method: 'DELETE',
		path: `${endpoint}/${encodeURIComponent(id)}`,
		// Already gone (deleted in Cal.com by hand) is what deleting wanted.
		acceptStatuses: [404],
	});
}

/**
 * A webhook at this node's URL with the chosen events is kept when its secret is known: the one
 * activation made, or any when the credential holds the secret. Other webhooks at this URL are
 * stale (other events, unknown secret) and are removed so Cal.com does not deliver twice.
 */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
	if (!registersItself.call(this)) return true;
	const record = this.getWorkflowStaticData('node') as WebhookRecord;
	const url = this.getNodeWebhookUrl('default');
	const events = this.getNodeParameter('events', []) as string[];
	const scope = scopeOf.call(this);
	const endpoint = endpointFor(scope);
	const { webhookSecret } = await getCalCredentials.call(this);
	let kept: CalWebhook | undefined;
	for (const webhook of await webhooksAt.call(this, endpoint)) {
		if (webhook.subscriberUrl !== url) continue;
		const secretKnown = Boolean(webhookSecret) || String(webhook.id) === record.webhookId;
		if (!kept && secretKnown && webhook.active && sameTriggers(webhook.triggers, events)) {
			kept = webhook;
		} else {
			await deleteWebhook.call(this, endpoint, webhook.id);
		}
	}
	if (!kept) return false;
	record.webhookId = String(kept.id);
	record.webhookEventTypeId = scope;
	return true;
}

export async function create(this: IHookFunctions): Promise<boolean> {
	if (!registersItself.call(this)) return true;
	const record = this.getWorkflowStaticData('node') as WebhookRecord;
	const scope = scopeOf.call(this);
	const credentials = await getCalCredentials.call(this);
	const subscriberUrl = this.getNodeWebhookUrl('default') ?? '';
	if (apiBaseUrl(credentials) === CAL_CLOUD_API && !subscriberUrl.startsWith('https://')) {
		throw new NodeOperationError(
			this.getNode(),
			'Cal.com only sends webhooks to public https:// addresses',
			{
				description: `This trigger's address is ${subscriberUrl}. Give n8n a public https:// address (its WEBHOOK_URL setting, or a tunnel) and activate the workflow again.`,
			},
		);
	}
	const webhookSecret = credentials.webhookSecret;
	const secret = webhookSecret || randomBytes(32).toString('hex');
	const response = await (calApiRequest<CalApiResponse<CalWebhook>>).call(this, 'webhooks', {
		method: 'POST',
		path: endpointFor(scope),
		body: {
			subscriberUrl,
			triggers: this.getNodeParameter('events', []) as string[],
			active: true,
			secret,
		},
	});
	if (response?.data?.id === undefined) return false;
	record.webhookId = String(response.data.id);
	record.webhookEventTypeId = scope;
	if (webhookSecret) delete record.webhookSecret;
	else record.webhookSecret = secret;
	return true;
}

export async function remove(this: IHookFunctions): Promise<boolean> {
	const record = this.getWorkflowStaticData('node') as WebhookRecord;
	if (record.webhookId === undefined) return true;
	await deleteWebhook.call(this, endpointFor(record.webhookEventTypeId), record.webhookId);
	delete record.webhookId;
	delete record.webhookEventTypeId;
	delete record.webhookSecret;
	return true;
}

/** The secrets a delivery may be signed with: the credential's, and one activation generated. */
export function signingSecrets(record: IDataObject, credentialSecret: string): string[] {
	return [credentialSecret, record.webhookSecret]
		.filter((secret): secret is string => typeof secret === 'string' && secret.length > 0)
		.filter((secret, index, all) => all.indexOf(secret) === index);
}
