import { NodeHelpers, type INode, type INodeTypeDescription } from 'n8n-workflow';

import packageJson from '../../package.json';
import { loadTemplates } from '../helpers/templates';
import { PACKAGE_NAME, nodeTypes } from '../helpers/workflow-runner';

const templates = loadTemplates();

function descriptionOf(node: INode): INodeTypeDescription {
	return NodeHelpers.getVersionedNodeType(nodeTypes.getByName(node.type), node.typeVersion).description;
}

/** Versions a node type accepts, whether it is versioned by class or by a version list. */
function versionsOf(type: string): number[] {
	const nodeType = nodeTypes.getByName(type);
	if ('nodeVersions' in nodeType) return Object.keys(nodeType.nodeVersions).map(Number);
	const { version } = nodeType.description;
	return Array.isArray(version) ? version : [version];
}

const packageCredentials = new Set(
	packageJson.n8n.credentials.map((file) => {
		const base = file.split('/').pop()!.replace('.credentials.js', '');
		return base.charAt(0).toLowerCase() + base.slice(1);
	}),
);

describe('workflow templates', () => {
	it('ships the templates staff use', () => {
		expect(templates.map((t) => t.file)).toEqual(
			expect.arrayContaining([
				'academy-settings.json',
				'attendance.json',
				'booking.json',
				'conversation.json',
				'errors.json',
				'follow-ups.json',
				'metrics.json',
				'privacy.json',
			]),
		);
	});

	describe.each(templates.map((t) => [t.file, t.workflow] as const))('%s', (_file, workflow) => {
		const nodes = workflow.nodes;
		const byName = new Map(nodes.map((node) => [node.name, node]));

		it('has a stable id, a name and unique node names', () => {
			expect(workflow.id).toMatch(/^[A-Za-z0-9]{16}$/);
			expect(workflow.name).toBeTruthy();
			expect(byName.size).toBe(nodes.length);
		});

		it('uses only node types and versions that exist (this package and n8n core)', () => {
			for (const node of nodes) {
				const [pkg] = [node.type.slice(0, node.type.lastIndexOf('.'))];
				expect([PACKAGE_NAME, 'n8n-nodes-base']).toContain(pkg);
				expect(versionsOf(node.type)).toContain(node.typeVersion);
			}
		});

		it("asks each of this package's steps for an operation its node offers, with the parameters shown for it", () => {
			for (const node of nodes.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`))) {
				const description = descriptionOf(node);
				const { properties } = description;
				const shown = NodeHelpers.getNodeParameters(properties, node.parameters, true, false, node, description);
				const operation = properties.find(
					(property) => property.name === 'operation' && NodeHelpers.displayParameter(shown ?? {}, property, node, description),
				);
				if (!operation) continue;
				const offered = (operation.options ?? []).map((option) => (option as { value: string }).value);
				const asked = node.parameters.operation ?? operation.default;
				expect({ step: node.name, asked, offered: offered.includes(asked as string) }).toEqual({ step: node.name, asked, offered: true });
				// A parameter the node does not show for this operation would be silently ignored.
				const unknown = Object.keys(node.parameters).filter((name) => !(name in (shown ?? {})));
				expect({ step: node.name, unknown }).toEqual({ step: node.name, unknown: [] });
			}
		});

		it('names its credentials and holds none of their contents', () => {
			for (const node of nodes) {
				for (const [type, reference] of Object.entries(node.credentials ?? {})) {
					if (node.type.startsWith(`${PACKAGE_NAME}.`)) expect(packageCredentials).toContain(type);
					expect(Object.keys(reference).sort()).toEqual(['id', 'name']);
					expect(reference.name).toBeTruthy();
				}
			}
		});

		it('connects only existing nodes, on outputs the source node has', () => {
			for (const [source, connection] of Object.entries(workflow.connections)) {
				const sourceNode = byName.get(source);
				expect(sourceNode).toBeDefined();
				for (const outputs of Object.values(connection)) {
					for (const targets of outputs ?? []) {
						for (const target of targets ?? []) expect(byName.has(target.node)).toBe(true);
					}
				}
				const outputs = descriptionOf(sourceNode!).outputs;
				// Dynamic outputs are an expression; the node's own tests check their count.
				if (Array.isArray(outputs)) {
					expect((connection.main ?? []).length).toBeLessThanOrEqual(outputs.length);
				}
			}
		});

		it('gives its yes/no conditions a yes/no right value (n8n throws and catches an error on every run for an empty one)', () => {
			const conditions: Array<{ operator?: { type?: string; singleValue?: boolean }; rightValue?: unknown }> = [];
			const collect = (value: unknown): void => {
				if (Array.isArray(value)) value.forEach(collect);
				else if (value && typeof value === 'object') {
					if ('operator' in value) conditions.push(value as (typeof conditions)[number]);
					Object.values(value).forEach(collect);
				}
			};
			nodes.forEach((node) => collect(node.parameters));
			for (const condition of conditions.filter((c) => c.operator?.type === 'boolean' && c.operator.singleValue)) {
				expect(typeof condition.rightValue).toBe('boolean');
			}
		});

		it('explains itself to staff in sticky notes', () => {
			const notes = nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
			expect(notes.length).toBeGreaterThanOrEqual(2);
			for (const note of notes) expect(String(note.parameters.content).length).toBeGreaterThan(40);
		});
	});
});
