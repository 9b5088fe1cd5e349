import type { IWorkflowSettings } from 'n8n-workflow';

import type { WorkflowJson } from '../../test/harness/n8n-server';

export const FLOOR_PATH = '/webhook/bench-floor';
export const LONG_FLOOR_PATH = '/webhook/bench-floor-long';

/** Steps a returning lead's question goes through in the conversation template, trigger included. */
export const CONVERSATION_STEPS = 13;

type WorkflowNode = WorkflowJson['nodes'][number];

const nodeId = (long: boolean, index: number) => `6f1f3f0e-7f4e-4a43-9a3e-${long ? 1 : 0}${index.toString(16).padStart(11, '0')}`;

/**
 * n8n's own floor: its Webhook node answered at once by Respond to Webhook, no expression, with
 * the same workflow settings as the template it is compared with. With `steps` above 2, n8n's No
 * Operation steps stand between the two: what n8n itself spends per step, with no node doing any
 * work, over as many steps as the conversation takes.
 */
export function floorWorkflow(settings: IWorkflowSettings, steps = 2): WorkflowJson {
	const long = steps > 2;
	const path = long ? LONG_FLOOR_PATH : FLOOR_PATH;
	const webhook: WorkflowNode = {
		id: nodeId(long, 1),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: nodeId(long, 0),
		parameters: { httpMethod: 'POST', path: path.replace('/webhook/', ''), responseMode: 'responseNode', options: {} },
	};
	const noOps: WorkflowNode[] = Array.from({ length: steps - 2 }, (_, i) => ({
		id: nodeId(long, i + 2),
		name: `Step ${i + 1}`,
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [220 * (i + 1), 0],
		parameters: {},
	}));
	const respond: WorkflowNode = {
		id: nodeId(long, steps),
		name: 'Respond to Webhook',
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.5,
		position: [220 * (steps - 1), 0],
		parameters: { respondWith: 'text', responseBody: 'EVENT_RECEIVED', options: {} },
	};
	const chain = [webhook, ...noOps, respond];
	return {
		id: long ? 'benchFloorLong01' : 'benchFloorWebhk1',
		name: long ? `bench: n8n floor over ${steps} steps (Webhook → No Operation ×${steps - 2} → Respond)` : 'bench: n8n floor (Webhook → Respond to Webhook)',
		active: false,
		settings,
		nodes: chain,
		connections: Object.fromEntries(
			chain.slice(0, -1).map((node, i) => [node.name, { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] }]),
		),
	};
}
