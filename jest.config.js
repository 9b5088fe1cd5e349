/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	globalSetup: '<rootDir>/test/setup/global-setup.ts',
	setupFiles: ['<rootDir>/test/setup/env.ts'],
	testTimeout: 30000,
	reporters: ['default', '<rootDir>/test/setup/summary-reporter.js'],
};
