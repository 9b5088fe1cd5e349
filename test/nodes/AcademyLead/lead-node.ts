import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { AcademyProfile, InboundMessage } from '../../../nodes/shared/types';
import { readEvents, type StatusEvent } from '../../../nodes/WhatsAppCloudTrigger/events';
import type { WebhookPayload } from '../../../nodes/WhatsAppCloudTrigger/payload';
import { fixture } from '../../helpers/fixtures';
import type { IsolatedStorage } from '../../helpers/storage';
import { runWorkflow, PACKAGE_NAME } from '../../helpers/workflow-runner';
import { STORAGE_NODE_TYPES, type StorageResource } from '../../../nodes/AcademyLead/storage-nodes';

export const LEAD_NODE = 'Academy Lead';

export interface LeadRunOptions {
	/** Give the node the Redis credential too (Redis is optional). */
	redis?: boolean;
	continueOnFail?: boolean;
	/** How n8n started the run: `retry` when staff retry a failed execution. */
	mode?: WorkflowExecuteMode;
}

/**
 * Runs Start → Academy Lead in n8n's real engine with the given parameters and items, against
 * the test file's own schema, and returns what the node emitted.
 */
export async function runLead(
	storage: IsolatedStorage,
	parameters: IDataObject,
	items: IDataObject[] = [{}],
	options: LeadRunOptions = {},
): Promise<INodeExecutionData[]> {
	const credentials: Record<string, { id: string; name: string }> = {
		academyPostgresApi: { id: 'pg', name: 'Academy Postgres' },
	};
	if (options.redis) credentials.academyRedisApi = { id: 'redis', name: 'Academy Redis' };
	const run = await runWorkflow(
		{
			nodes: [
				{ id: '1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: '2',
					name: LEAD_NODE,
					type: `${PACKAGE_NAME}.${STORAGE_NODE_TYPES[(parameters.resource as StorageResource | undefined) ?? 'lead']}`,
					typeVersion: 1,
					position: [200, 0],
					parameters: parameters as INodeParameters,
					credentials,
					...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
				},
			],
			connections: { Start: { main: [[{ node: LEAD_NODE, type: 'main', index: 0 }]] } },
		},
		{
			credentials: {
				academyPostgresApi: storage.postgres as ICredentialDataDecryptedObject,
				academyRedisApi: storage.redis as ICredentialDataDecryptedObject,
			},
			items: items.map((json) => ({ json })),
			mode: options.mode,
		},
	);
	return run.output(LEAD_NODE);
}

/**
 * The first item's JSON. Loosely typed on purpose: tests read whatever keys an operation adds
 * (`lead`, `history`, `transition`, `followUps` …) and assert their values.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LeadNodeItem = Record<string, any>;

export async function runLeadJson(
	storage: IsolatedStorage,
	parameters: IDataObject,
	item: IDataObject = {},
	options: LeadRunOptions = {},
): Promise<LeadNodeItem> {
	const [first] = await runLead(storage, parameters, [item], options);
	return first?.json as LeadNodeItem;
}

/** An inbound message exactly as the WhatsApp Cloud Trigger emits it for a fixture of Meta's. */
export function inboundFromFixture(name: string): InboundMessage {
	const [message] = readEvents(fixture<WebhookPayload>('whatsapp', name)).messages;
	return message;
}

/** A delivery status exactly as the WhatsApp Cloud Trigger emits it under `status`. */
export function statusFromFixture(name: string): StatusEvent {
	const [status] = readEvents(fixture<WebhookPayload>('whatsapp', name)).statuses;
	return { ...status, original: undefined as never };
}

let counter = 0;

/** The fixture's message from another sender or with other words, as a second delivery would be. */
export function inbound(overrides: Partial<InboundMessage> = {}, name = 'wa-inbound-text'): InboundMessage {
	counter += 1;
	return { ...inboundFromFixture(name), messageId: `wamid.test-${counter}-${Date.now()}`, ...overrides };
}

export const ACADEMY_PHONE_NUMBER_ID = inboundFromFixture('wa-inbound-text').phoneNumberId;

/** Creates the academy the fixtures' messages are addressed to. */
export async function createAcademy(storage: IsolatedStorage, phoneNumberId = ACADEMY_PHONE_NUMBER_ID): Promise<AcademyProfile> {
	const json = await runLeadJson(storage, {
		resource: 'academy',
		operation: 'upsert',
		phoneNumberId,
		name: 'Gracie Barra Palermo',
		timeZone: 'America/Argentina/Buenos_Aires',
		profileFields: {
			languages: ['es', 'en'],
			ownerNumber: '5491155550000',
			staffNumbers: '5491155550001, 5491155550002',
			prices: JSON.stringify([{ name: 'Mensual', price: { amount: 45000, currency: 'ARS' }, period: 'month' }]),
		},
	});
	return json.academy as AcademyProfile;
}

export const upsertParameters = { resource: 'lead', operation: 'upsert' };
