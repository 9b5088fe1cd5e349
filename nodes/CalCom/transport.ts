import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INode,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { CalComCredentials } from './types';
import { keptCredentials, keptForRequest } from '../shared/kept-credentials';

export type CalContext =
	| IExecuteFunctions
	| IHookFunctions
	| ILoadOptionsFunctions
	| IWebhookFunctions;

/**
 * Cal.com pins each v2 endpoint group to its own `cal-api-version` date and moves them now and
 * then, so each group reads its version from the credential, where staff can change it.
 */
export type CalApiArea = 'slots' | 'eventTypes' | 'webhooks' | 'me';

const VERSION_SETTINGS: Record<CalApiArea, { field?: keyof CalComCredentials; label: string }> = {
	slots: { field: 'slotsApiVersion', label: 'Slots API Version' },
	eventTypes: { field: 'eventTypesApiVersion', label: 'Event Types API Version' },
	webhooks: { field: 'webhooksApiVersion', label: 'Webhooks API Version' },
	me: { label: 'API version' },
};

const REQUEST_TIMEOUT_MS = 15_000;

export interface CalRequest {
	method: IHttpRequestMethods;
	/** Path under the base URL, starting with /v2. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	/** Statuses that are an answer rather than a failure (a webhook already gone: 404). */
	acceptStatuses?: number[];
}

export async function getCalCredentials(this: CalContext): Promise<CalComCredentials> {
	return await keptCredentials<CalComCredentials>(this, 'calComApi');
}

/** Cal.com's own cloud; a self-hosted Cal.com has its own address. */
export const CAL_CLOUD_API = 'https://api.cal.com';

export function apiBaseUrl(credentials: CalComCredentials): string {
	return (credentials.baseUrl || CAL_CLOUD_API).trim().replace(/\/+$/, '').replace(/\/v2$/, '');
}

function versionOf(credentials: CalComCredentials, area: CalApiArea): string {
	const field = VERSION_SETTINGS[area].field;
	return field ? String(credentials[field] ?? '').trim() : '';
}

export async function calApiRequest<T>(
	this: CalContext,
	area: CalApiArea,
	request: CalRequest,
): Promise<T> {
	const credentials = await getCalCredentials.call(this);
	const baseURL = apiBaseUrl(credentials);
	const version = versionOf(credentials, area);
	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			'calComApi',
			{
				baseURL,
				url: request.path,
				method: request.method,
				qs: request.qs,
				body: request.body,
				json: true,
				headers: { Accept: 'application/json', ...(version ? { 'cal-api-version': version } : {}) },
				timeout: REQUEST_TIMEOUT_MS,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			},
			keptForRequest(this, 'calComApi', credentials),
		)) as IN8nHttpFullResponse;
	} catch (error) {
		// Only the reason is passed on: n8n would otherwise replace the message with a generic one.
		const reason = (error as Error).message;
		throw new NodeApiError(this.getNode(), { reason } as JsonObject, {
			message: `Cal.com could not be reached at ${baseURL}`,
			description: `Check the API Base URL in the Cal.com credential (https://api.cal.com for Cal.com itself, or your own Cal.com API address) and that the server is up. (${reason})`,
			itemIndex: request.itemIndex,
		});
	}
	if (response.statusCode >= 400 && !request.acceptStatuses?.includes(response.statusCode)) {
		throw calApiError(this.getNode(), response, area, version, request.itemIndex);
	}
	return response.body as T;
}

function calMessageOf(body: unknown): string {
	if (!body || typeof body !== 'object') return typeof body === 'string' ? body.slice(0, 300) : '';
	const record = body as { message?: unknown; error?: { message?: unknown } | string };
	const nested = typeof record.error === 'object' ? record.error?.message : record.error;
	const message = nested ?? record.message;
	return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : '';
}

/** Cal.com names the header or the version when it rejects one. */
function mentionsVersion(message: string): boolean {
	return /cal-api-version|api version|version/i.test(message);
}

function calApiError(
	node: INode,
	response: IN8nHttpFullResponse,
	area: CalApiArea,
	version: string,
	itemIndex?: number,
): NodeApiError {
	const status = response.statusCode;
	const calSays = calMessageOf(response.body);
	const because = calSays ? ` Cal.com said: "${calSays}".` : '';
	let message: string;
	let description: string;
	if (status === 401) {
		message = 'Cal.com did not accept the API key';
		description =
			'Check the API key in the Cal.com credential: copy it again from Cal.com → Settings → Developer → API Keys (it starts with cal_live_ or cal_test_) and make sure it has not expired.';
	} else if (status === 403) {
		message = 'The Cal.com API key is not allowed to do this';
		description = `Use an API key of the Cal.com user who owns the event type or webhook.${because}`;
	} else if (mentionsVersion(calSays)) {
		return versionError(node, area, version, itemIndex, calSays);
	} else if (status === 404) {
		message = 'Cal.com found nothing at this address';
		description =
			area === 'slots' || area === 'eventTypes'
				? `Check the event type (its ID, or the booking page URL it is found from) and the API Base URL in the Cal.com credential.${because}`
				: `Check the API Base URL in the Cal.com credential.${because}`;
	} else if (status === 429) {
		message = 'Cal.com is limiting how fast requests may arrive';
		description = 'Wait a minute and run it again, or turn on Retry On Fail in the node settings.';
	} else if (status >= 500) {
		message = `Cal.com had a problem of its own (HTTP ${status})`;
		description = `Try again in a few minutes; if it lasts, check status.cal.com.${because}`;
	} else {
		message = `Cal.com refused the request (HTTP ${status})`;
		description = calSays ? `Cal.com said: "${calSays}".` : 'Check the node parameters.';
	}
	return new NodeApiError(node, { status, body: response.body } as unknown as JsonObject, {
		message,
		description,
		httpCode: String(status),
		itemIndex,
	});
}

/**
 * A missing or outdated `cal-api-version` makes Cal.com answer in an older shape, or refuse, so
 * the advice points at the one credential field to change.
 */
export function versionError(
	node: INode,
	area: CalApiArea,
	version: string,
	itemIndex?: number,
	calSays = '',
): NodeApiError {
	const label = VERSION_SETTINGS[area].label;
	const sent = version ? `version ${version}` : 'no version';
	return new NodeApiError(node, { area, version, calSays } as JsonObject, {
		message: `Cal.com did not answer as expected for the ${sent} of its ${area} API`,
		description: `Cal.com changes API versions from time to time. Set "${label}" in the Cal.com credential to the cal-api-version that Cal.com's API reference (cal.com/docs/api-reference/v2) gives for this endpoint.${
			calSays ? ` Cal.com said: "${calSays}".` : ''
		}`,
		itemIndex,
	});
}
