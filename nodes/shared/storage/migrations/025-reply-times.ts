import type { Migration } from './migration';

/**
 * How long each answer took to write (the AI Reply node's latency), for the "AI slower than
 * 5 s" alert. Academy and time only: no lead, no text, so nothing here is personal data.
 */
export const replyTimes: Migration = {
	version: 25,
	name: 'reply times for the slow-AI alert',
	up: `
		CREATE TABLE reply_times (
			id bigserial PRIMARY KEY,
			academy_id uuid NOT NULL REFERENCES academies (id) ON DELETE CASCADE,
			at timestamptz NOT NULL,
			ms integer NOT NULL CHECK (ms >= 0),
			mode text NOT NULL DEFAULT ''
		);
		CREATE INDEX reply_times_academy_at ON reply_times (academy_id, at);
	`,
};
