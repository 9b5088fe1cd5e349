import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData, IWorkflowBase } from 'n8n-workflow';

import type { Lead } from '../../nodes/AcademyLead/storage/leads';
import { getPool } from '../../nodes/shared/storage/postgres';
import type { AcademyProfile, LeadLanguage, LeadState } from '../../nodes/shared/types';
import { SAMPLE_ACADEMY } from '../data/academy-profile';
import { CalApiFake } from '../fakes/cal-api';
import { GraphApiFake } from '../fakes/graph-api';
import { inbound, runLeadJson } from '../nodes/AcademyLead/lead-node';
import { isolatedStorage, type IsolatedStorage } from '../helpers/storage';
import { loadTemplate } from '../helpers/templates';
import { runWorkflow, type WorkflowRun, PACKAGE_NAME } from '../helpers/workflow-runner';

export const CAL_WEBHOOK_SECRET = 'cal-webhook-secret-for-tests';

export interface TemplateEnv {
	storage: IsolatedStorage;
	graph: GraphApiFake;
	cal: CalApiFake;
	/** Credential data by type, as the templates' named credentials would hold it. */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	stop(): Promise<void>;
}

/** Real Postgres and Redis of the test file's own, the Graph API and Cal.com fakes, and credentials for them. */
export async function startTemplateEnv(label: string): Promise<TemplateEnv> {
	const storage = isolatedStorage(label);
	const graph = await new GraphApiFake().start();
	const cal = await new CalApiFake().start();
	return {
		storage,
		graph,
		cal,
		credentials: {
			academyPostgresApi: storage.postgres as ICredentialDataDecryptedObject,
			academyRedisApi: storage.redis as ICredentialDataDecryptedObject,
			whatsAppCloudApi: graph.credentials(),
			calComApi: { apiKey: cal.apiKey, baseUrl: cal.url, webhookSecret: CAL_WEBHOOK_SECRET },
		},
		async stop() {
			await graph.stop();
			await cal.stop();
			await storage.cleanup();
		},
	};
}

type Template = IWorkflowBase;

/** The template with values of its Settings node replaced, as staff would edit them. */
export function withSettings(workflow: Template, values: Record<string, unknown>): Template {
	const copy = JSON.parse(JSON.stringify(workflow)) as Template;
	const settings = copy.nodes.find((node) => node.name === 'Settings');
	if (!settings) throw new Error(`${copy.name} has no Settings node`);
	const assignments = (settings.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> })
		.assignments;
	for (const [name, value] of Object.entries(values)) {
		const assignment = assignments.find((a) => a.name === `settings.${name}`);
		if (!assignment) throw new Error(`Settings has no ${name}`);
		assignment.value = value;
	}
	return copy;
}

export function template(file: string, settings: Record<string, unknown> = {}): Template {
	const workflow = loadTemplate(file) as Template;
	return Object.keys(settings).length ? withSettings(workflow, settings) : workflow;
}

export async function runTemplate(
	workflow: Template,
	env: TemplateEnv,
	start: { node?: string; items: IDataObject[] },
): Promise<WorkflowRun> {
	return await runWorkflow(workflow, {
		credentials: env.credentials,
		startNode: start.node,
		items: start.items.map((json): INodeExecutionData => ({ json })),
	});
}

/** Creates the sample academy (test/data/academy-profile.ts) through the Lead node, as the settings form does. */
export async function createSampleAcademy(env: TemplateEnv, overrides: Partial<AcademyProfile> = {}): Promise<AcademyProfile> {
	const profile = { ...SAMPLE_ACADEMY, ...overrides };
	const run = await runWorkflow(
		{
			nodes: [
				{ id: '1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: '2',
					name: 'Save academy',
					type: `${PACKAGE_NAME}.academyProfile`,
					typeVersion: 1,
					position: [200, 0],
					credentials: { academyPostgresApi: { id: 'pg', name: 'pg' } },
					parameters: {
						operation: 'upsert',
						phoneNumberId: profile.phoneNumberId,
						name: profile.name,
						timeZone: profile.timeZone,
						profileFields: {
							address: profile.address,
							bookingUrl: profile.bookingUrl,
							defaultLanguage: profile.defaultLanguage,
							languages: profile.languages,
							mapUrl: profile.mapUrl,
							ownerNumber: profile.ownerNumber,
							staffNumbers: profile.staffNumbers.join(', '),
							quietHoursStart: profile.quietHours.start,
							quietHoursEnd: profile.quietHours.end,
							prices: JSON.stringify(profile.prices),
							schedule: JSON.stringify(profile.schedule),
							templates: JSON.stringify(profile.templates),
							trialPolicy: JSON.stringify(profile.trialPolicy),
							whatToBring: JSON.stringify(profile.whatToBring),
						},
					},
				},
			],
			connections: { Start: { main: [[{ node: 'Save academy', type: 'main', index: 0 }]] } },
		},
		{ credentials: env.credentials },
	);
	return run.output('Save academy')[0].json.academy as AcademyProfile;
}

/** What the fake Graph API was asked to send, flattened for assertions. */
export function sentMessages(graph: GraphApiFake): Array<{ to: string; type: string; text: string; body: IDataObject }> {
	return graph.sends().map((body) => {
		const b = body as IDataObject & { to: string; type: string };
		const interactive = b.interactive as IDataObject | undefined;
		const text =
			(b.text as IDataObject | undefined)?.body ??
			(interactive?.body as IDataObject | undefined)?.text ??
			(b.template as IDataObject | undefined)?.name ??
			'';
		return { to: b.to, type: b.type, text: String(text), body: b };
	});
}

export interface LeadSetup {
	waId: string;
	name?: string;
	/** When the lead last wrote: WhatsApp's 24-hour window runs from here. Now by default. */
	wroteAt?: Date;
	language?: LeadLanguage;
	/** Where along the diagram the lead is, reached through the states in between. */
	state?: LeadState;
}

/** A lead as the conversation template leaves one, made through the Lead node: saved from a message, language set, moved. */
export async function createLead(env: TemplateEnv, setup: LeadSetup): Promise<Lead> {
	const message = inbound({
		waId: setup.waId,
		profileName: setup.name ?? 'Ana Souza',
		text: 'hola',
		timestamp: (setup.wroteAt ?? new Date()).toISOString(),
	});
	let { lead } = await runLeadJson(env.storage, { resource: 'lead', operation: 'upsert' }, { message } as unknown as IDataObject);
	if (setup.language) {
		({ lead } = await runLeadJson(env.storage, { operation: 'update', updateFields: { language: setup.language } }, { lead }));
	}
	if (setup.state && setup.state !== 'NEW') {
		({ lead } = await runLeadJson(env.storage, { operation: 'transition', toState: setup.state, options: { walk: true } }, { lead }));
	}
	return lead as Lead;
}

export interface StoredStep {
	id: number;
	kind: string;
	key: string;
	status: string;
	dueAt: Date;
	attempts: number;
	payload: IDataObject;
	cancelReason: string | null;
	lastError: string | null;
}

/** The lead's follow-up steps as the queue holds them, in the order they were planned. */
export async function followUpsOf(env: TemplateEnv, leadId: string): Promise<StoredStep[]> {
	const pool = await getPool(env.storage.postgres);
	const { rows } = await pool.query<StoredStep>(
		`SELECT id::int AS id, kind, idempotency_key AS key, status, due_at AS "dueAt", attempts, payload,
			cancel_reason AS "cancelReason", last_error AS "lastError"
		 FROM follow_up_steps WHERE lead_id = $1 ORDER BY id`,
		[leadId],
	);
	return rows;
}
