#!/usr/bin/env node
// `npm run bench`: runs scripts/bench/main.ts from the sources (the conversation template against
// n8n's own floor in a real n8n). Each .ts file is transpiled on load with the project's own
// TypeScript, types unchecked (`npm run typecheck` checks them). Needs a build: `npm run build`.
'use strict';

const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

if (!existsSync(join(__dirname, '..', 'dist', 'nodes'))) {
	console.error('There is no build in dist/: run `npm run build` first; the benchmark installs it in n8n.');
	process.exit(1);
}

require.extensions['.ts'] = (module, filename) => {
	const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
		fileName: filename,
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true, resolveJsonModule: true },
	});
	module._compile(outputText, filename);
};

require(join(__dirname, 'bench', 'main.ts'));
