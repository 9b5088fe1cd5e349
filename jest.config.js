const shared = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	setupFiles: ['<rootDir>/test/setup/env.ts'],
};

/**
 * Two projects: `fast` (in-process and storage tests, run in parallel) and `e2e` (a real n8n per
 * test file, run one file at a time). `npm test` runs them one after the other through
 * test/harness/run-tests.js so n8n never competes with the fast tests for the 2 cores.
 * @type {import('jest').Config}
 */
module.exports = {
	testTimeout: 30000,
	reporters: ['default', '<rootDir>/test/setup/summary-reporter.js'],
	projects: [
		{
			...shared,
			displayName: 'fast',
			roots: ['<rootDir>/test'],
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
			globalSetup: '<rootDir>/test/setup/global-setup.ts',
		},
		{
			...shared,
			displayName: 'e2e',
			roots: ['<rootDir>/test/e2e'],
			globalSetup: '<rootDir>/test/e2e/global-setup.ts',
			setupFilesAfterEnv: ['<rootDir>/test/e2e/timeouts.ts'],
		},
	],
};
