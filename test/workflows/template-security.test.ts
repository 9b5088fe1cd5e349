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
				if (isOpenEndpoint(node)) {
					throw new Error(`${node.name} (${node.type}) answers strangers: set its authentication and name a credential`);
				}
				if (['n8n-nodes-base.webhook', 'n8n-nodes-base.formTrigger'].includes(node.type)) {
					expect(Object.keys(node.credentials ?? {}).length).toBeGreaterThan(0);
				}
			}
		},
	);
});
