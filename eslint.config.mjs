import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	...configWithoutCloudSupport,
	{ ignores: ['.cache/**', 'coverage/**', 'test-artifacts/**', '.demo-data/**'] },
	// This package is self-hosted only: it needs pg and ioredis at run time.
	{
		files: ['package.json'],
		rules: { '@n8n/community-nodes/no-runtime-dependencies': 'off' },
	},
	// Storage, retry and signature helpers have no node to name in an error: they rethrow as they
	// are, and the node that called them wraps the error in NodeApiError or NodeOperationError.
	{
		files: ['nodes/shared/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	// Tests, benchmarks and the demo are command-line programs, not nodes.
	{
		files: ['test/**/*.ts', 'scripts/**/*.ts', 'bin/**/*.ts'],
		rules: {
			'no-console': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
			'@typescript-eslint/no-require-imports': 'off',
		},
	},
];
