import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	isTransientNetworkError,
	parseRetryAfter,
	systemClock,
	withRetry,
	type Clock,
	type RetryDecision,
} from '../../shared/retry';
import { meaningOf, TRANSIENT_META_CODES } from '../errors';
import { graphUrl, WHATSAPP_CREDENTIAL, type WhatsAppCloudCredentials } from './credentials';
import { parameter } from '../../shared/parameter';
import { keptCredentials, keptForRequest } from '../../shared/kept-credentials';

let clock: Clock = systemClock;

/** Tests swap the clock to check the retry schedule without waiting it out. */
export function setRetryClock(replacement: Clock): void {
	clock = replacement;
}

/** A Retry-After longer than this fails the item with advice instead of holding the execution. */
const RETRY_BUDGET_MS = 60_000;

export const DEFAULT_TIMEOUT_SECONDS = 20;

/** Meta's error body: `{ error: { message, type, code, error_subcode, error_data, fbtrace_id } }`. */
export interface MetaErrorBody {
	error?: {
		message?: string;
		type?: string;
		code?: number;
		error_subcode?: number;
		error_data?: { details?: string };
		fbtrace_id?: string;
	};
}

/** A non-2xx answer, kept whole so the retry policy and the advice can read it. */
class GraphHttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: MetaErrorBody,
		readonly retryAfter: string | undefined,
	) {
		super(`Graph API answered HTTP ${status}`);
	}

	get code(): number | undefined {
		return this.body.error?.code;
	}
}

function classify(error: unknown): RetryDecision {
	if (error instanceof GraphHttpError) {
		const code = error.code;
		const retry =
			error.status >= 500 || error.status === 429 || (code !== undefined && TRANSIENT_META_CODES.has(code));
		return { retry, retryAfterMs: parseRetryAfter(error.retryAfter, clock.now()) };
	}
	return { retry: isTransientNetworkError(error) };
}

function reasonOf(error: unknown): string {
	if (error instanceof GraphHttpError) return error.code ? `Meta error ${error.code}` : `HTTP ${error.status}`;
	return (error as { code?: string }).code ?? 'network error';
}

export interface GraphRequest {
	method: IHttpRequestMethods;
	/** Path under the credential's base URL and version, e.g. `123/messages`. */
	path?: string;
	/** An absolute URL Meta handed out (media downloads). */
	url?: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** Return the body as a Buffer. */
	binary?: boolean;
	/** Added to the error message, e.g. what had already been done when this call failed. */
	failureNote?: string;
}

export interface GraphResponse<T> {
	body: T;
	headers: IDataObject;
}

/**
 * One Graph API call with the credential's token, under the seed's retry policy: connection
 * errors, timeouts, 5xx, 429 and Meta's rate-limit codes are repeated after 2, 4 and 8 s (longer
 * when Meta asks for it with Retry-After); anything else fails at once with plain advice.
 */
export async function graphRequest<T>(
	this: IExecuteFunctions,
	request: GraphRequest,
	itemIndex: number,
): Promise<GraphResponse<T>> {
	const credentials = await keptCredentials<WhatsAppCloudCredentials>(this, WHATSAPP_CREDENTIAL);
	let url: string;
	try {
		url = request.url ?? graphUrl(credentials, request.path ?? '');
	} catch (error) {
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
	const timeoutSeconds = parameter(this, 'options.timeoutSeconds', itemIndex, DEFAULT_TIMEOUT_SECONDS) as number;
	const signing = keptForRequest(this, WHATSAPP_CREDENTIAL, credentials);
	let attempts = 0;
	try {
		return await withRetry(
			async () => {
				attempts++;
				const response = (await this.helpers.httpRequestWithAuthentication.call(this, WHATSAPP_CREDENTIAL, {
					method: request.method,
					url,
					body: request.body,
					qs: request.qs,
					json: !request.binary,
					encoding: request.binary ? 'arraybuffer' : undefined,
					timeout: timeoutSeconds * 1000,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
				}, signing)) as IN8nHttpFullResponse;
				if (response.statusCode >= 400) {
					throw new GraphHttpError(
						response.statusCode,
						parseErrorBody(response.body),
						response.headers['retry-after'] as string | undefined,
					);
				}
				return { body: response.body as T, headers: response.headers };
			},
			classify,
			{
				clock,
				budgetMs: RETRY_BUDGET_MS,
				onRetry: (attempt, delayMs, error) =>
					this.logger.warn('WhatsApp Graph API call failed; retrying', {
						attempt,
						delayMs,
						reason: reasonOf(error),
					}),
			},
		);
	} catch (error) {
		const nodeError = toNodeError.call(this, error, itemIndex, attempts);
		if (request.failureNote) nodeError.message += ` (${request.failureNote})`;
		throw nodeError;
	}
}

function parseErrorBody(body: unknown): MetaErrorBody {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body === 'string') {
		try {
			return JSON.parse(body) as MetaErrorBody;
		} catch {
			return {};
		}
	}
	return (body ?? {}) as MetaErrorBody;
}

function toNodeError(this: IExecuteFunctions, error: unknown, itemIndex: number, attempts: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const tries = attempts > 1 ? ` (tried ${attempts} times)` : '';
	if (error instanceof GraphHttpError) {
		const meta = error.body.error ?? {};
		const advice =
			meaningOf(meta.code) ??
			(error.status >= 500
				? 'WhatsApp\'s servers had a problem. Try again later.'
				: `WhatsApp refused the request (HTTP ${error.status}).`);
		const description = [
			meta.code !== undefined
				? `Meta error ${meta.code}${meta.error_subcode ? ` (subcode ${meta.error_subcode})` : ''}`
				: `HTTP ${error.status}`,
			meta.error_data?.details ?? meta.message,
			meta.fbtrace_id ? `fbtrace_id ${meta.fbtrace_id}` : undefined,
		]
			.filter(Boolean)
			.join(' · ');
		return new NodeApiError(this.getNode(), error.body as JsonObject, {
			message: `${advice}${tries}`,
			description,
			httpCode: String(error.status),
			itemIndex,
		});
	}
	const code = (error as { code?: string }).code;
	if (isTransientNetworkError(error)) {
		return new NodeApiError(this.getNode(), error as JsonObject, {
			message: `Could not reach WhatsApp's Graph API (${code})${tries}. Check n8n's internet connection and the Base URL in the WhatsApp Cloud API credential.`,
			itemIndex,
		});
	}
	return new NodeApiError(this.getNode(), error as JsonObject, { itemIndex });
}
