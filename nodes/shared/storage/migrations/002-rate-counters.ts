import type { Migration } from './migration';

/** Per-window counters for flood limits; keys carry the window, so rows are never reused. */
export const rateCounters: Migration = {
	version: 2,
	name: 'rate counters for flood limits',
	up: `
		CREATE TABLE rate_counters (
			key text PRIMARY KEY,
			count integer NOT NULL,
			expires_at timestamptz NOT NULL
		);
		CREATE INDEX rate_counters_expires_at ON rate_counters (expires_at);
	`,
};
