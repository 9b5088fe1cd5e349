import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { AcademyPostgresCredentials } from '../../nodes/shared/storage/postgres';
import { credentialsFor, type N8nCredential } from '../../test/harness/credentials';
import type { WorkflowJson } from '../../test/harness/n8n-server';
import { BUSINESS, type DemoConfig } from './config';

/** Where the demo's outside services are this run. */
export interface DemoEndpoints {
	simulatorUrl: string;
	bookingPageUrl: string;
	postgres: AcademyPostgresCredentials;
}

/** The demo's name for each credential when no template names it. */
const DEFAULT_NAMES: Record<string, string> = {
	whatsAppCloudApi: 'WhatsApp (demo simulator)',
	academyPostgresApi: 'Academy Postgres (demo)',
	academyRedisApi: 'Academy Redis (demo)',
	academyOpenAiApi: 'OpenAI-compatible model (demo)',
	calComApi: 'Cal.com (demo simulator)',
};

/**
 * The data of each credential the demo can fill: WhatsApp and Cal.com point at the simulator,
 * Postgres at the embedded one (or the user's), Redis and the model only when the user gave them.
 */
function credentialData(
	type: string,
	config: DemoConfig,
	endpoints: DemoEndpoints,
): ICredentialDataDecryptedObject | null {
	const { secrets } = config;
	switch (type) {
		case 'whatsAppCloudApi':
			return {
				accessToken: secrets.whatsappAccessToken,
				phoneNumberId: BUSINESS.phoneNumberId,
				businessAccountId: BUSINESS.businessAccountId,
				appId: '',
				appSecret: secrets.whatsappAppSecret,
				previousAppSecret: '',
				verifyToken: secrets.whatsappVerifyToken,
				graphApiVersion: 'v24.0',
				baseUrl: endpoints.simulatorUrl,
			};
		case 'academyPostgresApi':
			return { ...endpoints.postgres } as ICredentialDataDecryptedObject;
		case 'academyRedisApi':
			return config.redis ? { ...config.redis, keyPrefix: 'academy-bot-demo:' } : null;
		case 'academyOpenAiApi':
			return config.openAi ? { ...config.openAi, organization: '', transcriptionModel: '' } : null;
		case 'calComApi':
			return {
				apiKey: secrets.calApiKey,
				baseUrl: endpoints.simulatorUrl,
				bookingPageUrl: endpoints.bookingPageUrl,
				eventTypeId: CAL_EVENT_TYPE_ID,
				webhookSecret: secrets.calWebhookSecret,
			};
		// Staff pages (dashboard, forms) sit behind n8n's own auth credentials.
		case 'httpBasicAuth':
			return { user: 'staff', password: secrets.staffPassword };
		case 'httpHeaderAuth':
			return { name: 'Authorization', value: `Bearer ${secrets.staffPassword}` };
		default:
			return null;
	}
}

export const CAL_EVENT_TYPE_ID = 42;

/** Credentials the product runs without: left out unless the user gave them. */
const OPTIONAL = new Set(['academyRedisApi', 'academyOpenAiApi']);

export interface DemoSetup {
	/** The templates, without references to optional credentials this run leaves out. */
	workflows: WorkflowJson[];
	credentials: N8nCredential[];
	/** What this run leaves out, and why, for the person starting it. */
	notes: string[];
}

/**
 * The credentials the templates reference (same ids and names), filled for the demo, plus the
 * package's own that no template names yet, so they are ready in the editor. A node whose
 * optional credential (Redis, model) is not configured runs without it, as the product does.
 */
export function demoSetup(
	templates: WorkflowJson[],
	config: DemoConfig,
	endpoints: DemoEndpoints,
): DemoSetup {
	const notes: string[] = [];
	const dataByType: Record<string, ICredentialDataDecryptedObject> = {};
	for (const type of Object.keys(DEFAULT_NAMES)) {
		const data = credentialData(type, config, endpoints);
		if (data) dataByType[type] = data;
	}
	if (!config.redis) notes.push('Redis is off (no REDIS_URL): Postgres alone does the work.');
	if (!config.openAi)
		notes.push(
			'No model (no OPENAI_API_KEY or OPENAI_BASE_URL): offline intents and deterministic answers.',
		);
	const workflows = templates.map((workflow) => ({
		...workflow,
		nodes: workflow.nodes.map((node) => {
			const references = Object.entries(node.credentials ?? {});
			if (!references.length) return node;
			const kept = references.filter(([type]) => {
				if (dataByType[type]) return true;
				const extra = credentialData(type, config, endpoints);
				if (extra) dataByType[type] = extra;
				else if (!OPTIONAL.has(type))
					throw new Error(
						`Template "${workflow.name}" uses a ${type} credential the demo cannot fill`,
					);
				return Boolean(extra);
			});
			return { ...node, credentials: Object.fromEntries(kept) };
		}),
	}));
	const credentials = credentialsFor(workflows, dataByType);
	const named = new Set(credentials.map((c) => c.type));
	for (const [type, data] of Object.entries(dataByType)) {
		if (!named.has(type) && DEFAULT_NAMES[type]) {
			credentials.push({
				id: `demo${type}`.padEnd(16, '0').slice(0, 16),
				name: DEFAULT_NAMES[type],
				type,
				data,
			});
		}
	}
	return { workflows, credentials, notes };
}
