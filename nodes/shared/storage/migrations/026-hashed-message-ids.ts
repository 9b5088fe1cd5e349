import type { Migration } from './migration';

/**
 * A WhatsApp message id (wamid.…) carries the sender's phone number in base64, so it is stored
 * like the number: `message_hash` is its lookup hash (../crypto.ts) and finds the message,
 * `message_id_enc` gives the id back (a burst returns the ids it joined). Lead events keep the
 * hash only, which links an event to its message.
 *
 * SQL cannot compute the hash: its key is derived from the credential's Data Encryption Secret,
 * which the database never sees. Messages logged before this migration (pre-release installs
 * only) therefore keep their row, text and status but lose their id: both columns stay NULL, so
 * a later status for one is reported not found, and erasure and retention treat them as before.
 * Events lose their link to such messages, as retention does for old events. The readable column
 * is emptied before it is dropped so that no live row version keeps it (autovacuum frees the old
 * ones). Duplicate keys the triggers wrote before cannot match the new hashed keys: they go too.
 */
export const hashedMessageIds: Migration = {
	version: 26,
	name: 'message ids stored as keyed hashes',
	up: `
		ALTER TABLE messages
			ADD COLUMN message_hash text,
			ADD COLUMN message_id_enc text,
			ADD CONSTRAINT messages_message_id_sealed CHECK ((message_hash IS NULL) = (message_id_enc IS NULL));
		ALTER TABLE messages ALTER COLUMN message_id DROP NOT NULL;
		UPDATE messages SET message_id = NULL;
		ALTER TABLE messages DROP COLUMN message_id;
		ALTER TABLE messages ADD CONSTRAINT messages_academy_message_hash UNIQUE (academy_id, message_hash);

		UPDATE lead_events SET message_id = NULL WHERE message_id IS NOT NULL;
		ALTER TABLE lead_events DROP COLUMN message_id;
		ALTER TABLE lead_events ADD COLUMN message_hash text;

		DELETE FROM seen_keys WHERE key ~ '^wa:[0-9a-f]{64}$' OR key LIKE 'calcom:%';
	`,
};
