import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeType } from 'n8n-workflow';

import type { WorkflowJson } from '../../test/harness/n8n-server';

const PACKAGE = 'n8n-nodes-academy-bot';

/** The shipped templates in workflows/, as the demo imports them; none when they are not written yet. */
export function loadTemplates(root: string): WorkflowJson[] {
	const dir = join(root, 'workflows');
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const workflow = JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowJson;
			if (!workflow.id)
				throw new Error(
					`workflows/${file} has no "id": n8n needs one to import it the same way every time`,
				);
			return workflow;
		});
}

/**
 * n8n 2.41's import:workflow creates a tag it does not know for each workflow that names it, so
 * two new workflows with the same new tag in one import fail on the tag's unique name. The first
 * batch brings each tag once; the rest follow when the tags exist.
 */
export function importBatches(workflows: WorkflowJson[]): WorkflowJson[][] {
	const first: WorkflowJson[] = [];
	const rest: WorkflowJson[] = [];
	const brought = new Set<string>();
	for (const workflow of workflows) {
		const tags = (workflow as { tags?: Array<{ name: string }> }).tags ?? [];
		if (tags.some((tag) => brought.has(tag.name))) {
			rest.push(workflow);
		} else {
			tags.forEach((tag) => brought.add(tag.name));
			first.push(workflow);
		}
	}
	return rest.length ? [first, rest] : [first];
}

// Triggers n8n cannot publish on their own: they start when another workflow or a person calls
// them. Not the Error Trigger: n8n 2.41 runs an error workflow only once it is published.
const NOT_PUBLISHABLE = new Set([
	'n8n-nodes-base.manualTrigger',
	'n8n-nodes-base.executeWorkflowTrigger',
]);

/** Workflows with a trigger n8n can activate; the others are imported unpublished. */
export function isPublishable(workflow: WorkflowJson): boolean {
	return workflow.nodes.some(
		(node) => /trigger|webhook/i.test(node.type) && !NOT_PUBLISHABLE.has(node.type),
	);
}

type TemplateNode = WorkflowJson['nodes'][number];

const WEBHOOK = 'n8n-nodes-base.webhook';

/** The built description of one of this package's nodes, or null for other nodes. */
function packageDescription(root: string, type: string): INodeType['description'] | null {
	if (!type.startsWith(`${PACKAGE}.`)) return null;
	const name = type.slice(`${PACKAGE}.`.length);
	const className = name[0].toUpperCase() + name.slice(1);
	const file = join(root, 'dist', 'nodes', className, `${className}.node.js`);
	if (!existsSync(file)) return null;
	const NodeClass = (require(file) as Record<string, new () => INodeType>)[className];
	return new NodeClass().description;
}

/**
 * The production webhook path of a node, as n8n builds it: the Webhook node and triggers with
 * `isFullPath` use their path; other triggers get `<webhookId>/<path>`. n8n leaves parameters at
 * their default out of workflow JSON, so a missing `path` is the node's default.
 */
function productionPath(root: string, node: TemplateNode): string {
	if (node.type === WEBHOOK) return String(node.parameters?.path ?? '');
	const description = packageDescription(root, node.type);
	const hook = description?.webhooks?.[0];
	if (!description || !hook) return '';
	const fromParameter = String(hook.path).includes('$parameter');
	const fallback = description.properties.find((p) => p.name === 'path')?.default;
	const path = fromParameter ? String(node.parameters?.path ?? fallback ?? '') : String(hook.path);
	return hook.isFullPath ? path : `${node.webhookId}/${path}`;
}

/** Production URL of the first enabled node that `match`es. */
function webhookUrl(
	root: string,
	workflows: WorkflowJson[],
	baseUrl: string,
	match: (node: TemplateNode, method: string) => boolean,
): string | null {
	for (const workflow of workflows) {
		for (const node of workflow.nodes) {
			// The Webhook node's default method, left out of the JSON, is GET.
			const method = String(
				node.parameters?.httpMethod ?? (node.type === WEBHOOK ? 'GET' : 'POST'),
			);
			if (node.disabled || !match(node, method)) continue;
			const path = productionPath(root, node).replace(/^\/+/, '');
			if (path) return `${baseUrl}/webhook/${path}`;
		}
	}
	return null;
}

export interface TemplateUrls {
	whatsapp: string | null;
	cal: string | null;
	/** The metrics dashboard that opens with a signed link (no password), without its query. */
	dashboardLink: string | null;
	/** The same dashboard behind the staff login (add ?academy=<id>). */
	dashboardLogin: string | null;
}

export function templateUrls(
	root: string,
	workflows: WorkflowJson[],
	baseUrl: string,
): TemplateUrls {
	const metrics = workflows.filter((w) => /dashboard|metric/i.test(w.name));
	const dashboard = (withLogin: boolean) =>
		webhookUrl(
			root,
			metrics,
			baseUrl,
			(node, method) =>
				node.type === WEBHOOK &&
				method === 'GET' &&
				withLogin ===
					Boolean(node.parameters?.authentication && node.parameters.authentication !== 'none'),
		);
	return {
		whatsapp: webhookUrl(
			root,
			workflows,
			baseUrl,
			(node) => node.type === `${PACKAGE}.whatsAppCloudTrigger`,
		),
		cal: webhookUrl(root, workflows, baseUrl, (node) => node.type === `${PACKAGE}.calComTrigger`),
		dashboardLink: dashboard(false),
		dashboardLogin: dashboard(true),
	};
}
