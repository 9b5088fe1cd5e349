import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { getCalCredentials } from '../CalCom/transport';
import { hexDigestsEqual, hmacSha256Hex } from '../shared/signature';
import { cipherFor } from '../shared/storage/crypto';
import { firstSighting, sightingKey, type DedupeStores } from '../shared/storage/dedupe';
import { getPool, type AcademyPostgresCredentials } from '../shared/storage/postgres';
import { getRedis, type AcademyRedisCredentials } from '../shared/storage/redis';
import { normalise, PING_EVENT } from './booking-event';
import { signingSecrets } from './subscription';
import { keptCredentials, nodeCredentials } from '../shared/kept-credentials';

/** Cal.com sends this instead of a signature when its webhook has no secret. */
const NO_SECRET = 'no-secret-provided';

const DEFAULT_SITE_URL = 'https://cal.com';

type Refusal = { status: number; reason: string };

function answer(this: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	this.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/** Hex HMAC-SHA256 of the exact body bytes, no `sha256=` prefix, compared in constant time. */
function checkSignature(
	raw: Buffer,
	header: string | undefined,
	secrets: string[],
): Refusal | null {
	if (!secrets.length) {
		return { status: 401, reason: 'no webhook secret is configured in the Cal.com credential' };
	}
	if (!header) return { status: 401, reason: 'the delivery has no X-Cal-Signature-256 header' };
	if (header.trim() === NO_SECRET)
		return { status: 401, reason: 'the Cal.com webhook has no secret set' };
	const signed = secrets.some((secret) => hexDigestsEqual(hmacSha256Hex(secret, raw), header));
	return signed ? null : { status: 401, reason: 'the signature does not match the webhook secret' };
}

async function dedupeStores(
	this: IWebhookFunctions,
	postgres: AcademyPostgresCredentials,
): Promise<DedupeStores> {
	const pool = await getPool(postgres);
	if (!nodeCredentials(this).academyRedisApi) return { pool };
	return {
		pool,
		redis: getRedis(await keptCredentials<AcademyRedisCredentials>(this, 'academyRedisApi')),
	};
}

/**
 * Cal.com sends each booking webhook once and does not retry, so when the duplicate check itself
 * fails the booking still goes through: a rare double beats a lost booking, and every write
 * downstream is idempotent on the booking uid.
 */
async function isFirstDelivery(
	this: IWebhookFunctions,
	event: string,
	raw: Buffer,
	ttlSeconds: number,
): Promise<boolean> {
	try {
		const postgres = await keptCredentials<AcademyPostgresCredentials>(this, 'academyPostgresApi');
		// The very same bytes (so the same event and booking): a repeated delivery, not a new change.
		const key = sightingKey(cipherFor(postgres), `calcom:${event}`, raw.toString('utf8'));
		return await firstSighting(await dedupeStores.call(this, postgres), key, ttlSeconds);
	} catch (error) {
		this.logger.warn(
			`Cal.com Trigger could not check for a repeated delivery: ${(error as Error).message}`,
		);
		return true;
	}
}

/**
 * Verifies, filters and de-duplicates one delivery. Anything refused or left out is answered here
 * and starts no execution; an accepted booking becomes one item under `booking`.
 */
export async function receive(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	if (!request.rawBody) await request.readRawBody();
	const raw = request.rawBody ?? Buffer.alloc(0);
	const credentials = await getCalCredentials.call(this);
	const secrets = signingSecrets(this.getWorkflowStaticData('node'), credentials.webhookSecret);
	const header = this.getHeaderData()['x-cal-signature-256'];
	const refusal = checkSignature(raw, Array.isArray(header) ? header[0] : header, secrets);
	if (refusal) {
		this.logger.warn(`Cal.com Trigger refused a delivery: ${refusal.reason}`);
		return answer.call(this, refusal.status, { error: 'Unauthorized' });
	}

	let body: Record<string, unknown>;
	try {
		body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
	} catch {
		return answer.call(this, 400, {
			error: 'The body is not JSON: remove any custom payload template from the Cal.com webhook',
		});
	}
	const event = String(body.triggerEvent ?? '');
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const events = this.getNodeParameter('events', []) as string[];
	if (event === PING_EVENT ? !options.emitPing : !events.includes(event)) {
		return answer.call(this, 200, { received: true, ignored: event || 'no triggerEvent' });
	}

	const booking = normalise(body, {
		timeZone:
			typeof options.timeZone === 'string' ? options.timeZone.trim() || undefined : undefined,
		siteUrl: credentials.bookingPageUrl || DEFAULT_SITE_URL,
	});
	const ttlSeconds = Math.round(Number(options.dedupeHours ?? 72) * 3600);
	if (event !== PING_EVENT && !(await isFirstDelivery.call(this, event, raw, ttlSeconds))) {
		return answer.call(this, 200, { received: true, duplicate: true });
	}
	return { workflowData: [this.helpers.returnJsonArray({ booking } as unknown as IDataObject)] };
}
