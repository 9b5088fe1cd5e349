#!/usr/bin/env node
// `npm run demo`: runs the demo's TypeScript (scripts/demo/main.ts) straight from the sources.
// Each .ts file is transpiled on load with the project's own TypeScript, types unchecked (as
// ts-node --transpile-only does; `npm run typecheck` checks them), so paths relative to each file
// stay true. Plain CommonJS so it runs on a fresh clone right after `npm ci`.
'use strict';

const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
	console.error(`The demo needs Node.js 20.19 or newer; this is ${process.versions.node}.`);
	process.exit(1);
}
let ts;
try {
	ts = require('typescript');
} catch {
	console.error('The dependencies are not installed: run `npm ci` first, then `npm run demo`.');
	process.exit(1);
}

require.extensions['.ts'] = (module, filename) => {
	const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
		fileName: filename,
		compilerOptions: {
			module: ts.ModuleKind.CommonJS,
			target: ts.ScriptTarget.ES2021,
			esModuleInterop: true,
			inlineSourceMap: true,
		},
	});
	module._compile(outputText, filename);
};
process.setSourceMapsEnabled(true);

require(join(__dirname, 'demo', 'main.ts')).main();
