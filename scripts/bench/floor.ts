import type { IWorkflowSettings } from 'n8n-workflow';

import type { WorkflowJson } from '../../test/harness/n8n-server';

export const FLOOR_PATH = '/webhook/bench-floor';

/**
 * n8n's own floor: its Webhook node answered at once by Respond to Webhook, no expression, with
 * the same workflow settings as the template it is compared with.
 */
export function floorWorkflow(settings: IWorkflowSettings): WorkflowJson {
	return {
		id: 'benchFloorWebhk1',
		name: 'bench: n8n floor (Webhook → Respond to Webhook)',
		active: false,
		settings,
		nodes: [
			{
				id: '6f1f3f0e-7f4e-4a43-9a3e-8b1f2b7c0001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: '6f1f3f0e-7f4e-4a43-9a3e-8b1f2b7c0002',
				parameters: { httpMethod: 'POST', path: FLOOR_PATH.replace('/webhook/', ''), responseMode: 'responseNode', options: {} },
			},
			{
				id: '6f1f3f0e-7f4e-4a43-9a3e-8b1f2b7c0003',
				name: 'Respond to Webhook',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.5,
				position: [220, 0],
				parameters: { respondWith: 'text', responseBody: 'EVENT_RECEIVED', options: {} },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Respond to Webhook', type: 'main', index: 0 }]] } },
	};
}
