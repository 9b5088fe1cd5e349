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
	const webhook = webhookNode({ id: nodeId(long, 1), name: 'Webhook', position: [0, 0] }, nodeId(long, 0), long ? LONG_FLOOR_PATH : FLOOR_PATH);
	const noOps: WorkflowNode[] = Array.from({ length: steps - 2 }, (_, i) =>
		noOpNode({ id: nodeId(long, i + 2), name: `Step ${i + 1}`, position: [220 * (i + 1), 0] }),
	);
	const respond = respondNode(nodeId(long, steps), [220 * (steps - 1), 0]);
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

type Placed = Pick<WorkflowNode, 'id' | 'name' | 'position'>;

/** n8n's Webhook node on `path` (as `/webhook/…`), answered by a Respond to Webhook step. */
export function webhookNode(placed: Placed, webhookId: string, path: string): WorkflowNode {
	return {
		...placed,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		webhookId,
		parameters: { httpMethod: 'POST', path: path.replace('/webhook/', ''), responseMode: 'responseNode', options: {} },
	};
}

export function noOpNode(placed: Placed): WorkflowNode {
	return { ...placed, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };
}

/** Respond to Webhook with the text Meta expects. */
export function respondNode(id: string, position: [number, number]): WorkflowNode {
	return {
		id,
		name: 'Respond to Webhook',
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.5,
		position,
		parameters: { respondWith: 'text', responseBody: 'EVENT_RECEIVED', options: {} },
	};
}
