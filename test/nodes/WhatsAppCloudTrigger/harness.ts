import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { hmacSha256Hex } from '../../../nodes/shared/signature';
import { getPool } from '../../../nodes/shared/storage/postgres';
import { GraphApiFake } from '../../fakes/graph-api';
import { fixtureText } from '../../helpers/fixtures';
import { isolatedStorage, type IsolatedStorage } from '../../helpers/storage';
import { TriggerHarness, type WebhookCallResult } from '../../helpers/webhook-context';

export interface TriggerSetup {
	graph: GraphApiFake;
	storage: IsolatedStorage;
	/** A trigger as activated in a workflow, with these parameters and credential changes. */
	trigger(parameters?: INodeParameters, whatsApp?: ICredentialDataDecryptedObject): TriggerHarness;
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
	});
	return {
		graph,
		storage,
		trigger: (parameters = {}, whatsApp = {}) =>
			new TriggerHarness({
				type: 'whatsAppCloudTrigger',
				parameters,
				credentials: {
					whatsAppCloudApi: { ...graph.credentials(), ...whatsApp } as ICredentialDataDecryptedObject,
					academyPostgresApi: storage.postgres as ICredentialDataDecryptedObject,
					academyRedisApi: storage.redis as ICredentialDataDecryptedObject,
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
