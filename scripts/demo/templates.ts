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

// Triggers n8n cannot publish on their own: they start when another workflow or a person calls them.
const NOT_PUBLISHABLE = new Set([
	'n8n-nodes-base.manualTrigger',
	'n8n-nodes-base.errorTrigger',
	'n8n-nodes-base.executeWorkflowTrigger',
]);

/** Workflows with a trigger n8n can activate; the others are imported unpublished. */
export function isPublishable(workflow: WorkflowJson): boolean {
	return workflow.nodes.some(
		(node) => /trigger|webhook/i.test(node.type) && !NOT_PUBLISHABLE.has(node.type),
	);
}

/**
 * The `path` a trigger of this package uses when the template leaves it at its default (n8n
 * leaves defaults out of workflow JSON), read from the built node's own description.
 */
function defaultPath(root: string, type: string): string {
	const name = type.slice(`${PACKAGE}.`.length);
	const className = name[0].toUpperCase() + name.slice(1);
	const file = join(root, 'dist', 'nodes', className, `${className}.node.js`);
	if (!existsSync(file)) return '';
	const NodeClass = (require(file) as Record<string, new () => INodeType>)[className];
	const property = new NodeClass().description.properties.find((p) => p.name === 'path');
	return typeof property?.default === 'string' ? property.default : '';
}

/** Production URL of the first enabled node that `match`es (the triggers use full paths). */
function webhookUrl(
	root: string,
	workflows: WorkflowJson[],
	baseUrl: string,
	match: (type: string, method: string) => boolean,
): string | null {
	for (const workflow of workflows) {
		for (const node of workflow.nodes) {
			const method = String(node.parameters?.httpMethod ?? 'POST');
			if (node.disabled || !match(node.type, method)) continue;
			const path = String(node.parameters?.path ?? defaultPath(root, node.type)).replace(
				/^\/+/,
				'',
			);
			if (path) return `${baseUrl}/webhook/${path}`;
		}
	}
	return null;
}

export interface TemplateUrls {
	whatsapp: string | null;
	cal: string | null;
	dashboard: string | null;
}

export function templateUrls(
	root: string,
	workflows: WorkflowJson[],
	baseUrl: string,
): TemplateUrls {
	return {
		whatsapp: webhookUrl(
			root,
			workflows,
			baseUrl,
			(type) => type === `${PACKAGE}.whatsAppCloudTrigger`,
		),
		cal: webhookUrl(root, workflows, baseUrl, (type) => type === `${PACKAGE}.calComTrigger`),
		dashboard: webhookUrl(
			root,
			workflows.filter((w) => /dashboard|metric/i.test(w.name)),
			baseUrl,
			(type, method) => type === 'n8n-nodes-base.webhook' && method === 'GET',
		),
	};
}
