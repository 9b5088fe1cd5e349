import { createHash } from 'node:crypto';
import type { ICredentialDataDecryptedObject, INode, INodeParameters, IWorkflowBase } from 'n8n-workflow';

import { hmacSha256Hex } from '../../nodes/shared/signature';
import type { AcademyPostgresCredentials } from '../../nodes/shared/storage/postgres';
import type { AcademyRedisCredentials } from '../../nodes/shared/storage/redis';
import type { CalApiFake } from '../fakes/cal-api';
import type { GraphApiFake } from '../fakes/graph-api';
import type { FakeOpenAi } from '../fakes/openai';
import { fixtureText } from '../helpers/fixtures';
import { loadTemplate } from '../helpers/templates';
import { PACKAGE_NAME } from '../helpers/workflow-runner';
import { withSettings } from '../workflows/template-harness';
import { credentialsFor, type N8nCredential } from './credentials';
import type { WorkflowJson } from './n8n-server';
import { STORAGE_NODE_TYPES } from '../../nodes/AcademyLead/storage-nodes';

const STORAGE_TYPES = new Set(Object.values(STORAGE_NODE_TYPES).map((type) => `${PACKAGE_NAME}.${type}`));

/** The credentials a user adds to use Redis and a model with the conversation template. */
export const REDIS_CREDENTIAL = { id: 'academyRedisE2e1', name: 'Academy Bot Redis' };
export const OPENAI_CREDENTIAL = { id: 'academyOpenAiE2e', name: 'OpenAI-compatible model' };

export interface ConversationOptions {
	/** Values of the Settings node, e.g. `{ burstSeconds: 0 }`. */
	settings?: Record<string, unknown>;
	/** Redis selected where the nodes offer it: the trigger's delivery store and every Lead node. */
	redis?: boolean;
	/** An OpenAI-compatible credential selected in "Write the answer" (otherwise ready-made answers). */
	model?: boolean;
	/** Keep successful executions with their data (the template keeps none), to read node times. */
	saveExecutions?: boolean;
	/** Another copy next to the shipped one: its own id, name and webhook path. */
	copy?: { id: string; path: string };
	/** Parameters merged into named nodes, as staff would change them. */
	parameters?: Record<string, INodeParameters>;
}

/**
 * A shipped template (workflows/<file>) as n8n imports it. Tags are left out: n8n 2.41's import
 * fails when two new workflows in one import bring the same new tag, and no test reads them.
 */
export function shippedWorkflow(file: string): WorkflowJson {
	const workflow = structuredClone(loadTemplate(file)) as WorkflowJson & { tags?: unknown };
	delete workflow.tags;
	return workflow;
}

/** workflows/conversation.json as a user sets it up, with the choices a test or benchmark needs. */
export function conversationWorkflow(options: ConversationOptions = {}): WorkflowJson {
	const template = shippedWorkflow('conversation.json');
	const workflow = (options.settings ? withSettings(template as IWorkflowBase, options.settings) : template) as WorkflowJson;
	if (options.copy) {
		workflow.id = options.copy.id;
		workflow.name = `${workflow.name} (${options.copy.path})`;
	}
	if (options.saveExecutions) workflow.settings = { ...workflow.settings, saveDataSuccessExecution: 'all' };
	for (const node of workflow.nodes as INode[]) {
		const isTrigger = node.type === `${PACKAGE_NAME}.whatsAppCloudTrigger`;
		if (isTrigger && options.copy) {
			node.parameters.path = options.copy.path;
			node.webhookId = uuidFrom(options.copy.id);
		}
		if (options.redis && (isTrigger || STORAGE_TYPES.has(node.type))) {
			node.credentials = { ...node.credentials, academyRedisApi: REDIS_CREDENTIAL };
			if (isTrigger) node.parameters.deliveryStore = 'redis';
		}
		if (options.model && node.type === `${PACKAGE_NAME}.academyAiReply`) {
			node.credentials = { ...node.credentials, academyOpenAiApi: OPENAI_CREDENTIAL };
		}
		const extra = options.parameters?.[node.name];
		if (extra) node.parameters = { ...node.parameters, ...extra };
	}
	return workflow;
}

/** A stable UUID made from a text, for the webhook id of a copied trigger. */
function uuidFrom(text: string): string {
	const hex = createHash('sha256').update(text).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * workflows/follow-ups.json with its schedule replaced by a webhook (same node name, so the rest
 * is the shipped template): a test can start as many claim runs at once as it likes.
 */
export function followUpsOnWebhook(path: string, id = 'e2eFollowUpsHook'): WorkflowJson {
	const workflow = shippedWorkflow('follow-ups.json');
	workflow.id = id;
	workflow.name = `${workflow.name} (on a webhook)`;
	const schedule = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger');
	if (!schedule) throw new Error('follow-ups.json has no Schedule Trigger to replace');
	Object.assign(schedule, {
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		webhookId: uuidFrom(id),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	});
	return workflow;
}

/** The trigger's production webhook path in a conversation workflow. */
export function whatsappPath(workflow: WorkflowJson): string {
	const trigger = workflow.nodes.find((node) => node.type === `${PACKAGE_NAME}.whatsAppCloudTrigger`);
	return `/webhook/${String(trigger?.parameters.path ?? 'whatsapp')}`;
}

export interface AcademyServices {
	graph: GraphApiFake;
	postgres: AcademyPostgresCredentials;
	redis?: AcademyRedisCredentials;
	cal?: CalApiFake;
	openAi?: FakeOpenAi;
}

/** Credentials for every workflow's named credentials, pointing at the given services and fakes. */
export function academyCredentials(workflows: WorkflowJson[], services: AcademyServices): N8nCredential[] {
	const data: Record<string, ICredentialDataDecryptedObject> = {
		whatsAppCloudApi: services.graph.credentials(),
		academyPostgresApi: { ...services.postgres } as ICredentialDataDecryptedObject,
		calComApi: {
			apiKey: services.cal?.apiKey ?? 'cal_live_unused',
			baseUrl: services.cal?.url ?? 'http://127.0.0.1:9',
			webhookSecret: 'cal-webhook-secret-for-tests',
		},
	};
	if (services.redis) data.academyRedisApi = { ...services.redis } as ICredentialDataDecryptedObject;
	if (services.openAi) {
		data.academyOpenAiApi = {
			apiKey: services.openAi.apiKey ?? '',
			baseUrl: services.openAi.baseUrl,
			model: 'gpt-4o-mini',
			organization: '',
			transcriptionModel: '',
		};
	}
	return credentialsFor(workflows, data);
}

export interface InboundText {
	/** The lead's WhatsApp number (digits). */
	from: string;
	messageId: string;
	text: string;
	name?: string;
	/** Seconds since the epoch, as Meta sends it; now by default. */
	timestamp?: number;
	phoneNumberId?: string;
}

const TEXT_FIXTURE = fixtureText('whatsapp', 'wa-inbound-text');

/** The body Meta POSTs for one text message (fixtures/whatsapp/wa-inbound-text.json with these values). */
export function inboundTextBody(message: InboundText): string {
	const payload = JSON.parse(TEXT_FIXTURE);
	const value = payload.entry[0].changes[0].value;
	if (message.phoneNumberId) value.metadata.phone_number_id = message.phoneNumberId;
	value.contacts[0] = { profile: { name: message.name ?? 'Lead' }, wa_id: message.from };
	Object.assign(value.messages[0], {
		from: message.from,
		id: message.messageId,
		timestamp: String(message.timestamp ?? Math.floor(Date.now() / 1000)),
		text: { body: message.text },
	});
	return JSON.stringify(payload);
}

/** Headers of a webhook POST as Meta signs it with the app secret. */
export function signedHeaders(body: string | Buffer, appSecret: string): Record<string, string> {
	return { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${hmacSha256Hex(appSecret, body)}` };
}

/** Runs `work` on every item with at most `limit` at once; resolves with the results in order. */
export async function inBatches<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, items.length) }, async () => {
			while (next < items.length) {
				const index = next++;
				results[index] = await work(items[index], index);
			}
		}),
	);
	return results;
}
