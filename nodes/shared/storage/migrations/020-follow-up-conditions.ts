import type { Migration } from './migration';

/**
 * A follow-up step may go out only while its lead is in certain states ("an offer if not
 * enrolled"); an empty list means any state. The claim cancels a step whose lead has moved on.
 */
export const followUpConditions: Migration = {
	version: 20,
	name: 'follow-up steps know the lead states they are for',
	up: `
		ALTER TABLE follow_up_steps ADD COLUMN while_states text[] NOT NULL DEFAULT '{}';
	`,
};
