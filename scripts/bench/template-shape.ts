import { NodeConnectionTypes, type AssignmentValue, type IConnections } from 'n8n-workflow';

import type { WorkflowJson } from '../../test/harness/n8n-server';
import { PACKAGE_NAME } from '../../test/helpers/workflow-runner';
import { noOpNode, respondNode, webhookNode } from './floor';

export const SHAPE_PATH = '/webhook/bench-template-shape';

type WorkflowNode = WorkflowJson['nodes'][number];

/**
 * What a returning lead's question has gained by the time n8n's own If and Switch steps look at
 * it (this package's steps add it in the template): set by Settings here so that those steps
 * send the message the way the template does.
 */
const RETURNING_LEAD: Array<[string, string, string | boolean]> = [
	['message.text', 'string', 'hola, cuánto sale la mensualidad?'],
	['message.replyId', 'string', ''],
	['inbound.duplicate', 'boolean', false],
	['lead.state', 'string', 'ENGAGED'],
	['lead.botActive', 'boolean', true],
];

/**
 * The conversation template with this package's work taken out, to tell n8n's own cost for the
 * template from this package's: each of this package's steps becomes n8n's No Operation (same
 * name, place and first output), the WhatsApp trigger becomes n8n's Webhook node, answered by
 * Respond to Webhook after the last step of a returning lead's question. n8n still builds every
 * step of the template, runs its Set, If and Switch steps and the same number of steps: the
 * most the conversation could do at saturation if this package's steps cost nothing.
 */
export function templateShapeWorkflow(conversation: WorkflowJson): WorkflowJson {
	const isPackageStep = (node: WorkflowNode) => node.type.startsWith(`${PACKAGE_NAME}.`);
	const nodes: WorkflowNode[] = conversation.nodes.map((node) => {
		const placed = { id: node.id, name: node.name, position: node.position };
		if (node.type === `${PACKAGE_NAME}.whatsAppCloudTrigger`) return webhookNode(placed, '6f1f3f0e-7f4e-4a43-9a3e-200000000000', SHAPE_PATH);
		if (isPackageStep(node)) return noOpNode(placed);
		if (node.name === 'Settings') return withReturningLead(node);
		return node;
	});
	const last = conversation.nodes.find((node) => node.name === 'Save the answer');
	if (!last) throw new Error('conversation.json has no "Save the answer" step to answer after');
	const respond = respondNode('6f1f3f0e-7f4e-4a43-9a3e-200000000001', [last.position[0] + 220, last.position[1]]);
	const packageSteps = new Set(conversation.nodes.filter(isPackageStep).map((node) => node.name));
	const connections: IConnections = {};
	for (const [source, outputs] of Object.entries(conversation.connections)) {
		// A No Operation, like the Webhook node in the trigger's place, has one output.
		connections[source] = packageSteps.has(source) ? { main: outputs.main?.slice(0, 1) ?? [] } : outputs;
	}
	connections[last.name] = { main: [[{ node: respond.name, type: NodeConnectionTypes.Main, index: 0 }]] };
	return {
		...conversation,
		id: 'benchTemplShape1',
		name: "bench: the conversation template's n8n steps, with this package's steps as No Operation",
		nodes: [...nodes, respond],
		connections,
	};
}

function withReturningLead(settings: WorkflowNode): WorkflowNode {
	const parameters = settings.parameters as { assignments: { assignments: AssignmentValue[] } };
	const added: AssignmentValue[] = RETURNING_LEAD.map(([name, type, value], i) => ({ id: `6f1f3f0e-7f4e-4a43-9a3e-3000000000${i}0`, name, type, value }));
	return {
		...settings,
		parameters: { ...parameters, assignments: { assignments: [...parameters.assignments.assignments, ...added] } },
	};
}
