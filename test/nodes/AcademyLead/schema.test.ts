import { createHash } from 'node:crypto';
import { Client } from 'pg';

import { identityHashes } from '../../../nodes/AcademyLead/storage/leads';
import { cipherFor } from '../../../nodes/shared/storage/crypto';
import { MIGRATIONS } from '../../../nodes/shared/storage/migrations';
import { getPool } from '../../../nodes/shared/storage/postgres';
import { fixture } from '../../helpers/fixtures';
import { TEST_POSTGRES } from '../../helpers/services';
import { isolatedStorage } from '../../helpers/storage';
import { inboundFromFixture, runLeadJson, upsertParameters } from './lead-node';

const storage = isolatedStorage('lead_schema');
afterAll(() => storage.cleanup());

describe('lead schema migration', () => {
	it('creates every table of the Lead node once', async () => {
		const pool = await getPool(storage.postgres);
		const { rows } = await pool.query<{ table_name: string }>(
			`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
		);
		expect(rows.map((r) => r.table_name)).toEqual(
			expect.arrayContaining(['academies', 'follow_up_steps', 'lead_events', 'leads', 'messages']),
		);
		const versions = await pool.query('SELECT version FROM schema_migrations WHERE version = 10');
		expect(versions.rowCount).toBe(1);
	});

	it('orders message statuses so a late delivered never outranks read', async () => {
		const pool = await getPool(storage.postgres);
		const { rows } = await pool.query(
			`SELECT message_status_rank('sent') < message_status_rank('delivered') AS a,
			        message_status_rank('delivered') < message_status_rank('read') AS b,
			        message_status_rank('read') < message_status_rank('failed') AS c`,
		);
		expect(rows[0]).toEqual({ a: true, b: true, c: true });
	});
});

describe('upgrading an install that stored message ids readable (migration 26)', () => {
	const old = isolatedStorage('lead_schema_upgrade');
	afterAll(() => old.cleanup());
	const cipher = cipherFor(old.postgres);
	const first = inboundFromFixture('wa-inbound-text-ctwa-referral');
	const reply = fixture<{ messages: Array<{ id: string }> }>('whatsapp', 'wa-send-response').messages[0].id;
	const alertKey = 'alert:00000000-0000-4000-8000-000000000000:slowReplies';

	/** The schema as the migrations before 26 left it, with a lead, two messages, an event and duplicate keys. */
	async function installBeforeHashing(): Promise<void> {
		const client = new Client(TEST_POSTGRES);
		await client.connect();
		try {
			await client.query('BEGIN');
			await client.query(`CREATE SCHEMA "${old.postgres.schema}"`);
			await client.query(`SET LOCAL search_path TO "${old.postgres.schema}", public`);
			await client.query(
				'CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
			);
			for (const migration of MIGRATIONS.filter((m) => m.version < 26)) {
				await client.query(migration.up);
				await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
			}
			const { rows: academies } = await client.query(
				`INSERT INTO academies (phone_number_id, name, time_zone) VALUES ($1, 'Gracie Barra Palermo', 'America/Argentina/Buenos_Aires') RETURNING id`,
				[first.phoneNumberId],
			);
			const academyId = academies[0].id as string;
			const { waHash } = identityHashes({ waId: first.waId, userId: null }, cipher);
			const { rows: leads } = await client.query(
				'INSERT INTO leads (academy_id, wa_hash, wa_id_enc) VALUES ($1, $2, $3) RETURNING id',
				[academyId, waHash, cipher.encrypt(first.waId)],
			);
			const leadId = leads[0].id as string;
			await client.query(
				`INSERT INTO messages (academy_id, lead_id, direction, message_id, text_enc, status, at) VALUES
				 ($1, $2, 'in', $3, $4, 'received', now() - interval '2 hours'),
				 ($1, $2, 'out', $5, $6, 'sent', now() - interval '119 minutes')`,
				[academyId, leadId, first.messageId, cipher.encrypt(first.text), reply, cipher.encrypt('¡Hola! ¿Qué te gustaría saber?')],
			);
			await client.query(
				`INSERT INTO lead_events (academy_id, lead_id, to_state, cause, message_id) VALUES ($1, $2, 'NEW', 'first contact', $3)`,
				[academyId, leadId, first.messageId],
			);
			await client.query(
				`INSERT INTO seen_keys (key, expires_at) VALUES ($1, now() + interval '1 day'), ($2, now() + interval '1 day'), ($3, now() + interval '1 day')`,
				[`wa:${createHash('sha256').update(`msg:${first.messageId}`).digest('hex')}`, 'calcom:BOOKING_CREATED:bk-1:0123abcd', alertKey],
			);
			await client.query('COMMIT');
		} finally {
			await client.end();
		}
	}

	it('keeps the conversation, drops every readable id, and carries on with hashed ones', async () => {
		await installBeforeHashing();
		const pool = await getPool(old.postgres);
		expect((await pool.query('SELECT version FROM schema_migrations WHERE version = 26')).rowCount).toBe(1);

		const { rows: dump } = await pool.query(
			`SELECT string_agg(t::text, E'\\n') AS text FROM (
				SELECT row_to_json(m)::text AS t FROM messages m UNION ALL SELECT row_to_json(e)::text FROM lead_events e
				UNION ALL SELECT row_to_json(s)::text FROM seen_keys s) rows`,
		);
		expect(dump[0].text).not.toMatch(/wamid|HBgL/);
		expect((await pool.query('SELECT key FROM seen_keys')).rows).toEqual([{ key: alertKey }]);

		const next = { ...inboundFromFixture('wa-inbound-contacts'), waId: first.waId, text: '¿y los horarios?' };
		const json = await runLeadJson(old, upsertParameters, { message: next });
		expect(json.inbound).toMatchObject({ newLead: false, duplicate: false });
		expect(json.history.map((line: { text: string }) => line.text)).toEqual([first.text, '¡Hola! ¿Qué te gustaría saber?', '¿y los horarios?']);
		// The id of a message logged before the upgrade is gone: a late status for it finds nothing.
		const status = await runLeadJson(old, { resource: 'message', operation: 'updateStatus' }, {
			status: { phoneNumberId: first.phoneNumberId, messageId: reply, status: 'read' },
		});
		expect(status.messageStatus).toEqual({ found: false, changed: false, status: null });

		const erased = await runLeadJson(old, { resource: 'privacy', operation: 'erase' }, { lead: json.lead });
		expect(erased.erasure).toMatchObject({ found: true, rows: { lead_events: 1, leads: 1, messages: 3 } });
		expect((await pool.query('SELECT count(*)::int AS n FROM messages')).rows).toEqual([{ n: 0 }]);
	});
});
