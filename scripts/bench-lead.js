#!/usr/bin/env node
// `npm run bench:lead`: runs scripts/bench-lead.ts from the sources. Each .ts file is transpiled
// on load with the project's own TypeScript, types unchecked (`npm run typecheck` checks them).
'use strict';

const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
	const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
		fileName: filename,
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true },
	});
	module._compile(outputText, filename);
};

require(join(__dirname, 'bench-lead.ts'));
