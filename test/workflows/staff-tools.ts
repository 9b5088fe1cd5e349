import type { IDataObject, IWorkflowBase } from 'n8n-workflow';

import type { WorkflowRun } from '../helpers/workflow-runner';

type Template = IWorkflowBase;

/** A copy of the template with values of one Set node replaced, as staff would edit them there. */
export function withValues(
	workflow: Template,
	nodeName: string,
	values: Record<string, unknown>,
): Template {
	const copy = JSON.parse(JSON.stringify(workflow)) as Template;
	const node = copy.nodes.find((candidate) => candidate.name === nodeName);
	if (!node) throw new Error(`${copy.name} has no node "${nodeName}"`);
	const assignments = (
		node.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }
	).assignments;
	for (const [name, value] of Object.entries(values)) {
		const assignment = assignments.find((a) => a.name === `settings.${name}`);
		if (!assignment) throw new Error(`${nodeName} has no settings.${name}`);
		assignment.value = value;
	}
	return copy;
}

export interface WebhookAnswer {
	/** The Respond to Webhook step that answered. */
	node: string;
	statusCode: number;
	headers: Record<string, string>;
	body: string;
}

/**
 * A copy of the template whose Respond to Webhook steps also put what they sent on their second
 * output (n8n's own "Enable Response Output"), so a test can read the answer of an in-process run.
 */
export function observed(workflow: Template): Template {
	const copy = JSON.parse(JSON.stringify(workflow)) as Template;
	for (const node of copy.nodes) {
		if (node.type === 'n8n-nodes-base.respondToWebhook')
			node.parameters.enableResponseOutput = true;
	}
	return copy;
}

/** What the run answered the webhook with; fails unless exactly one Respond to Webhook step ran. */
export function answerOf(workflow: Template, run: WorkflowRun): WebhookAnswer {
	const responders = workflow.nodes.filter(
		(node) => node.type === 'n8n-nodes-base.respondToWebhook' && run.ran(node.name),
	);
	if (responders.length !== 1)
		throw new Error(
			`Expected one answer, got ${responders.map((n) => n.name).join(', ') || 'none'} (ran: ${run.order.join(', ')})`,
		);
	const { response } = run.output(responders[0].name, 1)[0].json as { response: IDataObject };
	return {
		node: responders[0].name,
		statusCode: Number(response.statusCode),
		headers: response.headers as Record<string, string>,
		body: String(response.body),
	};
}

/** A GET request as n8n's Webhook node hands it to the next step. */
export function getRequest(query: Record<string, string>): IDataObject {
	return {
		headers: { host: 'n8n.example.com' },
		params: {},
		query,
		body: {},
		webhookUrl: 'https://n8n.example.com/webhook/x',
		executionMode: 'production',
	};
}
