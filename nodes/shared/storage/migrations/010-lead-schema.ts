import type { Migration } from './migration';

/**
 * The Lead node's tables. Personal data (phone numbers, user ids, names, notes, message texts,
 * staff numbers) is stored only as `*_enc` columns (AES-256-GCM, see ../crypto.ts); the
 * `*_hash` columns are keyed hashes (HMAC-SHA256) used to find a lead without decrypting.
 *
 * - academies: one row per WhatsApp business number. `profile` holds the AcademyProfile
 *   without id, phoneNumberId, ownerNumber and staffNumbers; those numbers live encrypted in
 *   `staff_contacts_enc` as JSON `{ ownerNumber, staffNumbers }`.
 * - leads: unique per academy and WhatsApp user. A user is known by the phone number (wa_id),
 *   the business-scoped user id (BSUID), or both; either one finds the lead, so a user who
 *   later hides the number behind a username stays the same lead.
 *   `burst_consumed_seq` is the messages.id of the last inbound message already handed on by a
 *   burst, so the burst that wins continues with everything after it exactly once.
 * - lead_events: every state change, from_state NULL for the first contact ([*] → NEW). The
 *   current state in leads.state always equals the to_state of the lead's latest event.
 * - messages: inbound and outbound log, unique per academy and WhatsApp message id. Status only
 *   moves forward along message_status_rank(), so a late 'delivered' never overwrites 'read'.
 * - follow_up_steps: the due queue. Scheduling is idempotent on (lead, kind, idempotency_key);
 *   the key is '' unless one lead may have several steps of a kind (e.g. one reminder per
 *   booking uid). Workers claim with FOR UPDATE SKIP LOCKED. A reply from the lead cancels the
 *   pending steps with cancel_on_reply (nudges), not a reminder of a class already booked.
 */
export const leadSchema: Migration = {
	version: 10,
	name: 'academies, leads, lead events, messages, follow-up steps',
	up: `
		CREATE TABLE academies (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			phone_number_id text NOT NULL UNIQUE,
			name text NOT NULL,
			time_zone text NOT NULL,
			profile jsonb NOT NULL DEFAULT '{}'::jsonb,
			staff_contacts_enc text,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now()
		);

		CREATE TABLE leads (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			academy_id uuid NOT NULL REFERENCES academies (id) ON DELETE CASCADE,
			wa_hash text,
			user_hash text,
			wa_id_enc text,
			user_id_enc text,
			name_enc text,
			state text NOT NULL DEFAULT 'NEW' CHECK (state IN (
				'NEW', 'ENGAGED', 'INTERESTED', 'SCHEDULED', 'SHOWED_UP',
				'NO_SHOW', 'CONVERTED', 'FOLLOW_UP', 'RE_ENGAGED', 'LOST'
			)),
			state_changed_at timestamptz NOT NULL DEFAULT now(),
			language text CHECK (language IN ('es', 'pt', 'en')),
			level text,
			notes_enc text,
			referral jsonb,
			opted_out_at timestamptz,
			opt_out_source text,
			paused_until timestamptz,
			last_inbound_at timestamptz,
			last_outbound_at timestamptz,
			burst_consumed_seq bigint NOT NULL DEFAULT 0,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now(),
			CHECK (wa_hash IS NOT NULL OR user_hash IS NOT NULL)
		);
		CREATE UNIQUE INDEX leads_academy_wa_hash ON leads (academy_id, wa_hash) WHERE wa_hash IS NOT NULL;
		CREATE UNIQUE INDEX leads_academy_user_hash ON leads (academy_id, user_hash) WHERE user_hash IS NOT NULL;
		CREATE INDEX leads_academy_created ON leads (academy_id, created_at);
		CREATE INDEX leads_last_inbound ON leads (last_inbound_at);

		CREATE TABLE lead_events (
			id bigserial PRIMARY KEY,
			academy_id uuid NOT NULL REFERENCES academies (id) ON DELETE CASCADE,
			lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
			from_state text,
			to_state text NOT NULL,
			cause text NOT NULL,
			message_id text,
			booking_uid text,
			at timestamptz NOT NULL DEFAULT now()
		);
		CREATE INDEX lead_events_lead ON lead_events (lead_id, id);
		CREATE INDEX lead_events_academy_state_at ON lead_events (academy_id, to_state, at);

		CREATE FUNCTION message_status_rank(status text) RETURNS integer
			LANGUAGE sql IMMUTABLE
			AS $$ SELECT CASE status
				WHEN 'received' THEN 0 WHEN 'accepted' THEN 0
				WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3
				WHEN 'played' THEN 4 WHEN 'failed' THEN 5 ELSE 0 END $$;

		CREATE TABLE messages (
			id bigserial PRIMARY KEY,
			academy_id uuid NOT NULL REFERENCES academies (id) ON DELETE CASCADE,
			lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
			direction text NOT NULL CHECK (direction IN ('in', 'out')),
			message_id text NOT NULL,
			type text NOT NULL DEFAULT 'text',
			text_enc text,
			status text NOT NULL CHECK (status IN ('received', 'accepted', 'sent', 'delivered', 'read', 'played', 'failed')),
			status_at timestamptz,
			error_code text,
			at timestamptz NOT NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			UNIQUE (academy_id, message_id)
		);
		CREATE INDEX messages_lead_id ON messages (lead_id, id);
		CREATE INDEX messages_academy_at ON messages (academy_id, at);
		CREATE INDEX messages_at ON messages (at);

		CREATE TABLE follow_up_steps (
			id bigserial PRIMARY KEY,
			academy_id uuid NOT NULL REFERENCES academies (id) ON DELETE CASCADE,
			lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
			kind text NOT NULL,
			idempotency_key text NOT NULL DEFAULT '',
			due_at timestamptz NOT NULL,
			status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'claimed', 'sent', 'failed', 'cancelled')),
			claimed_at timestamptz,
			attempts integer NOT NULL DEFAULT 0,
			payload jsonb NOT NULL DEFAULT '{}'::jsonb,
			cancel_on_reply boolean NOT NULL DEFAULT true,
			last_error text,
			cancel_reason text,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now(),
			UNIQUE (lead_id, kind, idempotency_key)
		);
		CREATE INDEX follow_up_steps_due ON follow_up_steps (due_at) WHERE status = 'pending';
		CREATE INDEX follow_up_steps_claimed ON follow_up_steps (claimed_at) WHERE status = 'claimed';
		CREATE INDEX follow_up_steps_lead_pending ON follow_up_steps (lead_id) WHERE status IN ('pending', 'claimed');
	`,
};
