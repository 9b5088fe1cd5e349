import { randomUUID } from 'node:crypto';
import type { INode } from 'n8n-workflow';

import type { WorkflowJson } from './n8n-server';

const SCHEDULE_TRIGGER = 'n8n-nodes-base.scheduleTrigger';

/**
 * The workflow with its named Schedule Trigger replaced by `POST /webhook/<path>` and, under the
 * trigger's own name, a Set step handing on `{ timestamp }` from the request body: what a
 * Schedule Trigger emits, and where the templates read "now" from. Every other node is the
 * shipped template's, so a test runs the template at a moment it chooses instead of waiting for
 * the clock. The webhook answers, without a body, once the run has finished (500 when it failed).
 */
export function scheduleOnWebhook(
	workflow: WorkflowJson,
	trigger: string,
	path: string,
): WorkflowJson {
	const copy = structuredClone(workflow);
	const index = copy.nodes.findIndex(
		(node) => node.name === trigger && node.type === SCHEDULE_TRIGGER,
	);
	if (index < 0) throw new Error(`"${workflow.name}" has no Schedule Trigger named "${trigger}"`);
	const { position, id } = copy.nodes[index];
	const start = `Start ${path}`;
	copy.nodes[index] = {
		id,
		name: trigger,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position,
		parameters: {
			assignments: {
				assignments: [
					{
						id: `${id}-timestamp`,
						name: 'timestamp',
						type: 'string',
						value: '={{ $json.body.timestamp }}',
					},
				],
			},
			options: {},
		},
	};
	const webhook: INode = {
		id: `${id}-webhook`,
		name: start,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [position[0] - 220, position[1]],
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			responseData: 'noData',
			options: {},
		},
	};
	copy.nodes.push(webhook);
	copy.connections[start] = { main: [[{ node: trigger, type: 'main', index: 0 }]] };
	return copy;
}

/** Every Schedule Trigger of the workflow on its own webhook, `<prefix>-<trigger name as a slug>`. */
export function schedulesOnWebhooks(
	workflow: WorkflowJson,
	prefix: string,
): { workflow: WorkflowJson; paths: Record<string, string> } {
	const paths: Record<string, string> = {};
	let copy = workflow;
	for (const node of workflow.nodes.filter((candidate) => candidate.type === SCHEDULE_TRIGGER)) {
		paths[node.name] = `${prefix}-${node.name
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '')}`;
		copy = scheduleOnWebhook(copy, node.name, paths[node.name]);
	}
	return { workflow: copy, paths };
}
