import type { IConnections, IDataObject, INode } from 'n8n-workflow';
import type { Pool } from 'pg';

import { getPool } from '../../nodes/shared/storage/postgres';
import type { AcademyProfile, LeadState } from '../../nodes/shared/types';
import { GraphApiFake } from '../fakes/graph-api';
import { credentialsFor } from '../harness/credentials';
import { N8nServer, type WorkflowJson } from '../harness/n8n-server';
import { scheduleOnWebhook } from '../harness/schedule-on-webhook';
import { isolatedStorage } from '../helpers/storage';
import { loadTemplate } from '../helpers/templates';
import { world } from '../nodes/AcademyLead/followUp/world';
import {
	createAcademy,
	inbound,
	runLeadJson,
	upsertParameters,
} from '../nodes/AcademyLead/lead-node';

/**
 * The owner-facing paths of the metrics, errors and privacy templates in a real n8n (its
 * expression engine, sub-workflow calls and error workflows), against the Graph API fake. A
 * schedule cannot be made to fire on demand, so in these copies a webhook stands in for each
 * Schedule Trigger and hands on the `timestamp` a schedule would; every other step is the
 * template's own.
 */
const OPERATOR = '5491155550999';
const MONDAY = '2026-11-16T08:00:00.000Z';
const post = { 'content-type': 'application/json' };

let nodeIds = 0;

/** A Set node's setting changed as staff would change it. */
function setting(workflow: WorkflowJson, node: string, name: string, value: unknown): WorkflowJson {
	const settings = workflow.nodes.find((candidate) => candidate.name === node)!;
	const assignments = (
		settings.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }
	).assignments;
	assignments.find((assignment) => assignment.name === `settings.${name}`)!.value = value;
	return workflow;
}

function webhook(name: string, path: string, position: [number, number]): INode {
	nodeIds += 1;
	return {
		id: `e2e-${path}`,
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position,
		webhookId: `0e2e0000-0000-4000-8000-${String(nodeIds).padStart(12, '0')}`,
		// Answers once the run ends, with no body: some runs end with nothing to send.
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			responseData: 'noData',
			options: {},
		},
	} as INode;
}

/** A workflow that fails with an error quoting a lead, and names the Errors template as its error workflow. */
const failing: WorkflowJson = {
	id: 'e2eFailingFlow01',
	name: 'E2E · fails with a lead in the error',
	nodes: [
		webhook('Start', 'e2e-fail', [0, 0]),
		{
			id: 'e2e-stop',
			name: 'Send answer',
			type: 'n8n-nodes-base.stopAndError',
			typeVersion: 1,
			position: [220, 0],
			parameters: {
				errorMessage: 'Could not send "Hola, soy Ana, quiero una clase" to +54 9 11 5555-0000',
			},
		},
	],
	connections: {
		Start: { main: [[{ node: 'Send answer', type: 'main', index: 0 }]] },
	} as IConnections,
	settings: { executionOrder: 'v1', errorWorkflow: 'acadErrorsAlert1' },
};

/** What the Conversation workflow does when a lead asks to be forgotten: hands message, academy and lead over. */
const handOver: WorkflowJson = {
	id: 'e2ePrivacyCall01',
	name: 'E2E · hands an erasure request over',
	nodes: [
		webhook('Start', 'e2e-erase', [0, 0]),
		{
			id: 'e2e-call',
			name: 'Erase and confirm',
			type: 'n8n-nodes-base.executeWorkflow',
			typeVersion: 1.2,
			position: [220, 0],
			parameters: {
				workflowId: { __rl: true, value: 'acadPrivacyFlow1', mode: 'id' },
				workflowInputs: {
					mappingMode: 'defineBelow',
					value: {
						message: '={{ $json.body.message }}',
						academy: '={{ $json.body.academy }}',
						lead: '={{ $json.body.lead }}',
					},
					matchingColumns: [],
					schema: ['message', 'academy', 'lead'].map((id) => ({
						id,
						displayName: id,
						required: false,
						defaultMatch: false,
						display: true,
						canBeUsedToMatch: true,
						type: 'object',
					})),
					attemptToConvertTypes: false,
					convertFieldsToString: true,
				},
				options: {},
			},
		},
	],
	connections: {
		Start: { main: [[{ node: 'Erase and confirm', type: 'main', index: 0 }]] },
	} as IConnections,
	settings: { executionOrder: 'v1' },
};

describe('owner messages of the metrics, errors and privacy templates in a real n8n', () => {
	const graph = new GraphApiFake();
	const storage = isolatedStorage('e2e_owner_messages');
	let n8n: N8nServer;
	let pool: Pool;
	let make: ReturnType<typeof world>;
	let academy: AcademyProfile;

	const texts = () =>
		graph
			.sends()
			.map((body) => ({ to: body.to, text: (body.text as { body?: string } | undefined)?.body }));

	async function leadWith(events: Array<[LeadState, string]>) {
		const lead = await make.lead(academy.id, { at: new Date(events[0][1]) });
		let from: LeadState | null = null;
		for (const [to, at] of events) {
			await pool.query(
				'INSERT INTO lead_events (academy_id, lead_id, from_state, to_state, cause, at) VALUES ($1, $2, $3, $4, $5, $6)',
				[academy.id, lead.id, from, to, 'test', at],
			);
			from = to;
		}
	}

	beforeAll(async () => {
		await graph.start();
		pool = await getPool(storage.postgres);
		make = world(pool, storage.postgres);
		academy = await createAcademy(storage);
		await leadWith([
			['NEW', '2026-11-10T15:00:00Z'],
			['INTERESTED', '2026-11-10T15:05:00Z'],
			['SCHEDULED', '2026-11-10T16:00:00Z'],
		]);
		await leadWith([['NEW', '2026-11-11T15:00:00Z']]);

		const metrics = scheduleOnWebhook(
			scheduleOnWebhook(loadTemplate('metrics.json') as WorkflowJson, 'Every Monday at 08:00', 'e2e-weekly'),
			'Every 5 minutes',
			'e2e-alerts',
		);
		setting(metrics, 'Settings (alerts)', 'operatorNumber', OPERATOR);
		const errors = setting(
			loadTemplate('errors.json') as WorkflowJson,
			'Settings',
			'operatorNumber',
			OPERATOR,
		);
		const privacy = scheduleOnWebhook(
			loadTemplate('privacy.json') as WorkflowJson,
			'Every night at 03:00',
			'e2e-nightly',
		);
		const workflows = [metrics, errors, privacy, failing, handOver];

		n8n = new N8nServer();
		await n8n.importCredentials(
			credentialsFor(workflows, {
				whatsAppCloudApi: graph.credentials(),
				academyPostgresApi: { ...storage.postgres },
				academyRedisApi: { ...storage.redis },
				httpBasicAuth: { user: 'staff', password: `e2e-${Date.now()}` },
			}),
		);
		// n8n 2.41 creates a new tag once per workflow naming it within one import.
		await n8n.importWorkflows([metrics]);
		await n8n.importWorkflows(workflows.slice(1));
		await n8n.start();
	});

	afterAll(async () => {
		await n8n?.stop();
		await graph.stop();
		await storage.cleanup();
	});

	beforeEach(() => graph.reset());

	it("sends the owner last week's funnel in the academy's language", async () => {
		expect((await n8n.post('/webhook/e2e-weekly', { timestamp: MONDAY }, post)).status).toBe(200);
		expect(texts()).toEqual([
			{
				to: academy.ownerNumber,
				text: [
					'📊 Informe semanal · Gracie Barra Palermo',
					'Semana del 2026-11-09',
					'',
					'Nuevos contactos: 2',
					'Agendaron clase: 1',
					'Vinieron: 0',
					'Se inscribieron: 0',
					'Conversión: 0% (– frente a la semana anterior)',
				].join('\n'),
			},
		]);
	});

	it('alerts the owner once about slow answers, not at every check', async () => {
		const now = new Date();
		await runLeadJson(storage, {
			resource: 'metrics',
			operation: 'recordReply',
			academyId: academy.id,
			latencyMs: 8300,
			mode: 'fallback',
			options: { referenceTime: new Date(now.getTime() - 60_000).toISOString() },
		});
		expect(
			(await n8n.post('/webhook/e2e-alerts', { timestamp: now.toISOString() }, post)).status,
		).toBe(200);
		expect(texts()).toEqual([
			{
				to: academy.ownerNumber,
				text: '⚠️ Gracie Barra Palermo: 1 respuesta(s) tardaron más de 5 s en los últimos 15 min (la más lenta: 8.3 s). Revisa el servicio de IA.',
			},
		]);
		graph.reset();
		expect(
			(
				await n8n.post(
					'/webhook/e2e-alerts',
					{ timestamp: new Date(now.getTime() + 300_000).toISOString() },
					post,
				)
			).status,
		).toBe(200);
		expect(texts()).toEqual([]);
	});

	it('tells the operator what failed, through the error workflow, without the lead in it', async () => {
		await n8n.post('/webhook/e2e-fail', {}, post);
		// The error workflow runs after the failed one and, as shipped, keeps no successful runs: wait for its message.
		const deadline = Date.now() + 60_000;
		while (!texts().length && Date.now() < deadline)
			await new Promise((resolve) => setTimeout(resolve, 250));
		const [alert] = texts();
		expect(alert.to).toBe(OPERATOR);
		expect(alert.text).toMatch(
			/^⚠️ Falló «E2E · fails with a lead in the error» en el paso «Send answer»: Could not send … to …\n\S+\/workflow\/e2eFailingFlow01\/executions\/\d+\n/,
		);
		expect(alert.text).not.toMatch(/Ana|Hola|5555/);
	});

	it('erases a lead handed over by the conversation and confirms in its language', async () => {
		const message = inbound({
			phoneNumberId: academy.phoneNumberId,
			waId: '5491144449999',
			text: 'borren mis datos',
		});
		const { lead } = await runLeadJson(storage, upsertParameters, {
			message,
		} as unknown as IDataObject);
		expect((await n8n.post('/webhook/e2e-erase', { message, academy, lead }, post)).status).toBe(
			200,
		);
		expect(texts()).toEqual([
			{
				to: '5491144449999',
				text: 'Listo: borramos tus datos y nuestra conversación. Si vuelves a escribirnos, empezaremos de cero.',
			},
		]);
		expect(
			(await pool.query('SELECT 1 FROM leads WHERE id = $1', [(lead as { id: string }).id]))
				.rowCount,
		).toBe(0);
	});

	it('deletes old messages at night and tells the owner', async () => {
		const message = inbound({
			phoneNumberId: academy.phoneNumberId,
			waId: '5491144448888',
			timestamp: '2026-06-01T12:00:00.000Z',
		});
		await runLeadJson(storage, upsertParameters, { message } as unknown as IDataObject);
		expect(
			(await n8n.post('/webhook/e2e-nightly', { timestamp: '2026-11-24T03:00:00.000Z' }, post))
				.status,
		).toBe(200);
		expect(texts()).toEqual([
			{
				to: academy.ownerNumber,
				text: '🧹 Privacidad · Gracie Barra Palermo: se borraron 1 mensajes de más de 90 días (1 contactos). Los contactos y su avance en el embudo se conservan.',
			},
		]);
	});
});
