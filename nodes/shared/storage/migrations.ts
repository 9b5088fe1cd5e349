export interface Migration {
	version: number;
	name: string;
	/** Runs with search_path set to the academy schema; never edit a migration once released. */
	up: string;
}

export const MIGRATIONS: Migration[] = [
	{
		version: 1,
		name: 'seen keys for duplicate suppression',
		up: `
			CREATE TABLE seen_keys (
				key text PRIMARY KEY,
				expires_at timestamptz NOT NULL
			);
			CREATE INDEX seen_keys_expires_at ON seen_keys (expires_at);
		`,
	},
];
