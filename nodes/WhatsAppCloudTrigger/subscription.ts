import type { IDataObject, IHookFunctions, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { graphUrl, WHATSAPP_CREDENTIAL, type WhatsAppCloudCredentials } from '../WhatsAppCloud/transport/credentials';

const OBJECT = 'whatsapp_business_account';
const FIELDS = 'messages';

interface Subscription {
	object: string;
	callback_url: string;
	active: boolean;
	fields?: Array<{ name: string }>;
}

/**
 * A call to Meta's app subscription API. It needs the app's own token (`app-id|app-secret`), not
 * the user token the credential's authenticate block adds, so the token goes in by hand.
 */
async function appRequest<T>(
	context: IHookFunctions,
	credentials: WhatsAppCloudCredentials,
	method: IHttpRequestMethods,
	form?: Record<string, string>,
): Promise<T> {
	const appId = credentials.appId!.trim();
	let url: string;
	try {
		url = graphUrl(credentials, `${encodeURIComponent(appId)}/subscriptions`);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error);
	}
	try {
		return (await context.helpers.httpRequest({
			method,
			url,
			qs: { access_token: `${appId}|${credentials.appSecret}` },
			body: form ? new URLSearchParams(form) : undefined,
			json: true,
		})) as T;
	} catch (error) {
		throw new NodeApiError(context.getNode(), error as JsonObject, {
			message: `Meta did not accept the webhook registration for app ${appId}. Check the App ID and App Secret in the WhatsApp Cloud API credential.`,
		});
	}
}

async function current(context: IHookFunctions, credentials: WhatsAppCloudCredentials): Promise<Subscription | undefined> {
	const { data } = await appRequest<{ data?: Subscription[] }>(context, credentials, 'GET');
	return (data ?? []).find((s) => s.object === OBJECT);
}

/**
 * n8n's webhook lifecycle. With an App ID in the credential, activation registers this trigger's
 * production URL as the app's WhatsApp callback and deactivation removes it again; without one
 * there is nothing to register and staff paste the URL into Meta's dashboard themselves.
 */
export const subscriptionMethods = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		const credentials = await this.getCredentials<WhatsAppCloudCredentials>(WHATSAPP_CREDENTIAL);
		const url = this.getNodeWebhookUrl('default');
		if (!credentials.appId?.trim()) {
			this.logger.info('WhatsApp Cloud Trigger: no App ID in the credential; paste the callback URL into Meta App Dashboard → WhatsApp → Configuration', { callbackUrl: url });
			return true;
		}
		const subscription = await current(this, credentials);
		if (!subscription) return false;
		if (subscription.callback_url !== url) {
			throw new NodeOperationError(
				this.getNode(),
				`This Meta app already sends its WhatsApp webhooks to ${subscription.callback_url}. Meta allows one callback URL per app: deactivate the workflow that uses it or remove it in Meta App Dashboard → WhatsApp → Configuration, then activate this workflow again.`,
				{ level: 'warning' },
			);
		}
		return subscription.active && (subscription.fields ?? []).some((f) => f.name === FIELDS);
	},

	async create(this: IHookFunctions): Promise<boolean> {
		const credentials = await this.getCredentials<WhatsAppCloudCredentials>(WHATSAPP_CREDENTIAL);
		if (!credentials.appId?.trim()) return true;
		const verifyToken = credentials.verifyToken?.trim();
		if (!verifyToken) {
			throw new NodeOperationError(
				this.getNode(),
				'Set a Webhook Verify Token in the WhatsApp Cloud API credential: Meta checks the callback URL with it when the trigger registers',
			);
		}
		const response = await appRequest<IDataObject>(this, credentials, 'POST', {
			object: OBJECT,
			callback_url: this.getNodeWebhookUrl('default') ?? '',
			verify_token: verifyToken,
			fields: FIELDS,
			include_values: 'true',
		});
		return response.success === true;
	},

	async delete(this: IHookFunctions): Promise<boolean> {
		const credentials = await this.getCredentials<WhatsAppCloudCredentials>(WHATSAPP_CREDENTIAL);
		if (!credentials.appId?.trim()) return true;
		const subscription = await current(this, credentials);
		// Another workflow or instance owns the app's callback now: leave it alone.
		if (!subscription || subscription.callback_url !== this.getNodeWebhookUrl('default')) return true;
		const response = await appRequest<IDataObject>(this, credentials, 'DELETE', { object: OBJECT });
		return response.success === true;
	},
};
