import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	...configWithoutCloudSupport,
	{ ignores: ['.cache/**', 'coverage/**', 'test-artifacts/**', '.demo-data/**'] },
	// This package is self-hosted only: it needs pg and ioredis at run time.
	{
		files: ['package.json'],
		rules: { '@n8n/community-nodes/no-runtime-dependencies': 'off' },
	},
	// Tests, benchmarks and the demo are command-line programs, not nodes.
	{
		files: ['test/**/*.ts', 'scripts/**/*.ts', 'bin/**/*.ts'],
		rules: { 'no-console': 'off' },
	},
];
