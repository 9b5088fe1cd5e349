import type { INode } from 'n8n-workflow';

import { loadTemplates } from '../helpers/templates';
import { PACKAGE_NAME } from '../helpers/workflow-runner';

const templates = loadTemplates();

/** Triggers that refuse any request without a valid signature from Meta or Cal.com. */
const SIGNATURE_VERIFIED = new Set([`${PACKAGE_NAME}.whatsAppCloudTrigger`, `${PACKAGE_NAME}.calComTrigger`]);

const SECRET_SHAPES: Array<[string, RegExp]> = [
	['a Meta access token', /\bEAA[A-Za-z0-9]{20,}/],
	['an OpenAI key', /\bsk-[A-Za-z0-9_-]{16,}/],
	['a Cal.com key', /\bcal_(live|test)_[A-Za-z0-9]{8,}/],
	['a bearer token', /Bearer\s+[A-Za-z0-9._-]{12,}/],
	['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
	['a connection string with a password', /\b\w+:\/\/[^\s:/@]+:[^\s@/]+@/],
];

function* stringsIn(value: unknown, path: string): Generator<[string, string]> {
	if (typeof value === 'string') yield [path, value];
	else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* stringsIn(v, `${path}[${i}]`);
	else if (value && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) yield* stringsIn(v, `${path}.${k}`);
	}
}

type Workflow = (typeof templates)[number]['workflow'];

/**
 * The one unauthenticated shape allowed (issue 10): the owner's dashboard link from the weekly
 * WhatsApp report. The webhook answers only through Respond to Webhook steps, and its single next
 * step verifies the signed, expiring link, stopping the run if it cannot.
 */
function verifiesSignedLinkFirst(node: INode, workflow: Workflow): boolean {
	if (node.type !== 'n8n-nodes-base.webhook' || node.parameters.responseMode !== 'responseNode') return false;
	const targets = (workflow.connections[node.name]?.main ?? []).flat().filter((target) => target);
	if (targets.length !== 1) return false;
	const next = workflow.nodes.find((candidate) => candidate.name === targets[0]!.node);
	return (
		next?.type === `${PACKAGE_NAME}.academyMetrics` &&
		next.parameters.operation === 'verifyLink' &&
		!next.disabled &&
		(next.onError ?? 'stopWorkflow') === 'stopWorkflow' &&
		Boolean(next.credentials?.academyPostgresApi)
	);
}

function isOpenEndpoint(node: INode): boolean {
	if (node.type === 'n8n-nodes-base.webhook') return (node.parameters.authentication ?? 'none') === 'none';
	if (node.type === 'n8n-nodes-base.formTrigger') return (node.parameters.authentication ?? 'none') === 'none';
	return false;
}

describe('template security', () => {
	it.each(templates.map((t) => [t.file, t.workflow] as const))(
		'%s holds no token, secret, key or password',
		(_file, workflow) => {
			for (const [path, text] of stringsIn(workflow, 'workflow')) {
				for (const [what, shape] of SECRET_SHAPES) {
					if (shape.test(text)) throw new Error(`${path} looks like ${what}`);
				}
			}
			for (const node of workflow.nodes) {
				for (const [key, value] of Object.entries(node.parameters)) {
					if (/password|secret|token|apikey/i.test(key) && typeof value === 'string' && value && !value.startsWith('=')) {
						throw new Error(`${node.name}: parameter ${key} holds a literal secret; use a credential`);
					}
				}
			}
		},
	);

	it.each(templates.map((t) => [t.file, t.workflow] as const))(
		'%s exposes no endpoint that is neither signature-verified nor authenticated',
		(_file, workflow) => {
			for (const node of workflow.nodes) {
				if (SIGNATURE_VERIFIED.has(node.type)) continue;
				if (isOpenEndpoint(node) && verifiesSignedLinkFirst(node, workflow)) continue;
				if (isOpenEndpoint(node)) {
					throw new Error(`${node.name} (${node.type}) answers strangers: set its authentication and name a credential`);
				}
				if (['n8n-nodes-base.webhook', 'n8n-nodes-base.formTrigger'].includes(node.type)) {
					expect(Object.keys(node.credentials ?? {}).length).toBeGreaterThan(0);
				}
			}
		},
	);

	describe('the signed dashboard link is the only open shape', () => {
		const webhook: INode = {
			id: 'w',
			name: 'Dashboard (signed link)',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2.1,
			position: [0, 0],
			parameters: { path: 'academy-dashboard-link', responseMode: 'responseNode' },
		};
		const verify: INode = {
			id: 'v',
			name: 'Check the link',
			type: `${PACKAGE_NAME}.academyMetrics`,
			typeVersion: 1,
			position: [200, 0],
			parameters: { operation: 'verifyLink' },
			credentials: { academyPostgresApi: { id: 'pg', name: 'Academy Bot Postgres' } },
		};
		const page: INode = { ...verify, id: 'p', name: 'Dashboard page', parameters: { operation: 'dashboard' } };
		const to = (...names: string[]) => ({ main: [names.map((node) => ({ node, type: 'main' as const, index: 0 }))] });
		const shape = (nodes: INode[], connections: Workflow['connections']) =>
			verifiesSignedLinkFirst(nodes[0], { id: 'x', name: 'x', nodes, connections } as unknown as Workflow);

		it('accepts a webhook whose only next step verifies the link', () => {
			expect(shape([webhook, verify], { [webhook.name]: to(verify.name) })).toBe(true);
		});

		it('refuses anything else: a step before the check, a second branch, an early answer, a check that may be skipped', () => {
			expect(shape([webhook, page, verify], { [webhook.name]: to(page.name), [page.name]: to(verify.name) })).toBe(false);
			expect(shape([webhook, verify, page], { [webhook.name]: to(verify.name, page.name) })).toBe(false);
			expect(shape([{ ...webhook, parameters: { path: 'x' } }, verify], { [webhook.name]: to(verify.name) })).toBe(false);
			expect(shape([webhook, { ...verify, onError: 'continueRegularOutput' }], { [webhook.name]: to(verify.name) })).toBe(false);
			expect(shape([webhook, { ...verify, disabled: true }], { [webhook.name]: to(verify.name) })).toBe(false);
			expect(shape([webhook, verify], {})).toBe(false);
		});
	});
});
