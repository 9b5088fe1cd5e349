import type { createRequire as CreateRequire } from 'node:module';

/**
 * n8n's Form nodes use sanitize-html, whose parser (htmlparser2 12) is an ES module. Jest's
 * module loader cannot require ES modules; Node's own loader can (20.19 and later). So the real
 * sanitize-html, with what it needs, is loaded by Node: `process.getBuiltinModule` gives Node's
 * `module`, where an import of it would give Jest's. Import this file before running a workflow
 * that has a Form Trigger or a Form step.
 */
const { createRequire } = process.getBuiltinModule('node:module') as {
	createRequire: typeof CreateRequire;
};
const fromNodesBase = createRequire(require.resolve('n8n-nodes-base/package.json'));
const sanitizeHtml = fromNodesBase.resolve('sanitize-html');
jest.doMock(sanitizeHtml, () => fromNodesBase(sanitizeHtml));
