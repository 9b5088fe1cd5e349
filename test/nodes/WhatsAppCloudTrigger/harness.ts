import Redis from 'ioredis';
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { hmacSha256Hex } from '../../../nodes/shared/signature';
import { getPool } from '../../../nodes/shared/storage/postgres';
import type { WebhookPayload } from '../../../nodes/WhatsAppCloudTrigger/payload';
import { GraphApiFake } from '../../fakes/graph-api';
import { fixture, fixtureText } from '../../helpers/fixtures';
import { TEST_REDIS } from '../../helpers/services';
import { isolatedStorage, type IsolatedStorage } from '../../helpers/storage';
import { TriggerHarness, type WebhookCallResult } from '../../helpers/webhook-context';

export interface CredentialChanges {
	whatsApp?: ICredentialDataDecryptedObject;
	postgres?: ICredentialDataDecryptedObject;
	redis?: ICredentialDataDecryptedObject;
}

export interface TriggerSetup {
	graph: GraphApiFake;
	storage: IsolatedStorage;
	/** A trigger as activated in a workflow, with these parameters and credential changes. */
	trigger(parameters?: INodeParameters, changes?: CredentialChanges): TriggerHarness;
}

/**
 * A Graph API fake and real, isolated Postgres and Redis for this test file. Remembered message
 * ids and flood counters are cleared before each test, as fixtures share message ids.
 */
export function useTriggerSetup(label: string): TriggerSetup {
	const graph = new GraphApiFake();
	const storage = isolatedStorage(label);
	beforeAll(async () => {
		await graph.start();
	});
	afterAll(async () => {
		await graph.stop();
		await storage.cleanup();
	});
	beforeEach(async () => {
		graph.reset();
		const pool = await getPool(storage.postgres);
		await pool.query('TRUNCATE seen_keys, rate_counters');
		const redis = new Redis(TEST_REDIS);
		const keys = await redis.keys(`${storage.redis.keyPrefix}*`);
		if (keys.length) await redis.del(...keys);
		redis.disconnect();
	});
	return {
		graph,
		storage,
		trigger: (parameters = {}, changes = {}) =>
			new TriggerHarness({
				type: 'whatsAppCloudTrigger',
				parameters,
				credentials: {
					whatsAppCloudApi: { ...graph.credentials(), ...changes.whatsApp } as ICredentialDataDecryptedObject,
					academyPostgresApi: { ...storage.postgres, ...changes.postgres } as ICredentialDataDecryptedObject,
					academyRedisApi: { ...storage.redis, ...changes.redis } as ICredentialDataDecryptedObject,
				},
				nodeCredentials: ['whatsAppCloudApi', 'academyPostgresApi', ...(parameters.deliveryStore === 'redis' ? ['academyRedisApi'] : [])],
			}),
	};
}

/** `X-Hub-Signature-256` as Meta computes it over these bytes. */
export function signatureOf(body: Buffer | string, secret: string): string {
	return `sha256=${hmacSha256Hex(secret, body)}`;
}

/** POSTs a fixture's exact bytes, signed with the app secret, as Meta delivers it. */
export async function deliver(
	trigger: TriggerHarness,
	graph: GraphApiFake,
	fixtureName: string,
	secret = graph.appSecret,
): Promise<WebhookCallResult> {
	const body = fixtureText('whatsapp', fixtureName);
	return await trigger.call({ body, headers: { 'x-hub-signature-256': signatureOf(body, secret) } });
}

/** POSTs a payload built from fixtures, serialised and signed as Meta would. */
export async function deliverPayload(trigger: TriggerHarness, graph: GraphApiFake, payload: unknown): Promise<WebhookCallResult> {
	const body = JSON.stringify(payload);
	return await trigger.call({ body, headers: { 'x-hub-signature-256': signatureOf(body, graph.appSecret) } });
}

/** Meta's text fixture with another message id and, optionally, another sender. */
export function textMessage(id: string, from = '16505551234'): WebhookPayload {
	const payload = fixture<WebhookPayload>('whatsapp', 'wa-inbound-text');
	const value = payload.entry![0].changes![0].value!;
	value.messages![0].id = `wamid.TEST-${id}`;
	value.messages![0].from = from;
	value.contacts![0].wa_id = from;
	return payload;
}
