import type { Migration } from './migration';

export const seenKeys: Migration = {
	version: 1,
	name: 'seen keys for duplicate suppression',
	up: `
		CREATE TABLE seen_keys (
			key text PRIMARY KEY,
			expires_at timestamptz NOT NULL
		);
		CREATE INDEX seen_keys_expires_at ON seen_keys (expires_at);
	`,
};
