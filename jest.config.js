/**
 * n8n's Form Trigger and Form nodes load sanitize-html, whose htmlparser2 (and its dom* helpers)
 * ship only as ES modules: Node loads them with require(), jest does not, so jest compiles them.
 */
const ESM_ONLY = '(htmlparser2|domhandler|domutils|dom-serializer|domelementtype|entities)';

const shared = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
		'/node_modules/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs' }, isolatedModules: true }],
	},
	transformIgnorePatterns: [`node_modules/(?!(sanitize-html/node_modules/)?${ESM_ONLY}/)`],
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
