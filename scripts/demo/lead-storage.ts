import { signDashboardLink } from '../../nodes/AcademyLead/actions/metrics/link-signature';
import { findAcademyByPhoneNumberId, saveAcademy } from '../../nodes/AcademyLead/storage/academies';
import { listLeadEvents } from '../../nodes/AcademyLead/storage/lead-events';
import {
	findLeadRowByIdentity,
	identityHashes,
	toLead,
} from '../../nodes/AcademyLead/storage/leads';
import { cipherFor } from '../../nodes/shared/storage/crypto';
import {
	getPool,
	withTransaction,
	type AcademyPostgresCredentials,
} from '../../nodes/shared/storage/postgres';
import type { AcademyProfile } from '../../nodes/shared/types';
import type { LeadPanel, LeadPanelReader } from './simulator/lead-panel';

/**
 * The side panel reads the lead through the Lead node's own storage code and the same Postgres
 * credential n8n uses, so what it shows is what the workflows see.
 */
export function leadPanelReader(
	credentials: AcademyPostgresCredentials,
	phoneNumberId: string,
): LeadPanelReader {
	const cipher = cipherFor(credentials);
	const empty = (note: string): LeadPanel => ({
		source: 'Postgres',
		lead: null,
		events: [],
		followUps: [],
		note,
	});
	return async (waId) => {
		const pool = await getPool(credentials);
		const academy = await findAcademyByPhoneNumberId(pool, cipher, phoneNumberId);
		if (!academy) return empty('The academy is not in the database yet.');
		const row = await findLeadRowByIdentity(
			pool,
			academy.id,
			identityHashes({ waId, userId: null }, cipher),
		);
		if (!row) return empty('No lead yet: the bot creates one with the first message.');
		const lead = toLead(row, cipher);
		const events = await listLeadEvents(pool, lead.id);
		// The queue has no listing of a lead's steps for staff yet; this reads the same table.
		const { rows: steps } = await pool.query<{ kind: string; due_at: Date; status: string }>(
			'SELECT kind, due_at, status FROM follow_up_steps WHERE lead_id = $1 ORDER BY due_at',
			[lead.id],
		);
		return {
			source: 'Postgres, through the Lead node’s storage code',
			lead: {
				state: lead.state,
				name: lead.name,
				language: lead.language,
				optedOut: lead.optedOut,
				pausedUntil: lead.pausedUntil,
				createdAt: lead.createdAt,
			},
			events: events.map((e) => ({ from: e.from, to: e.to, cause: e.cause, at: e.at })),
			followUps: steps.map((s) => ({
				kind: s.kind,
				dueAt: s.due_at.toISOString(),
				status: s.status,
			})),
		};
	};
}

export async function findAcademy(
	credentials: AcademyPostgresCredentials,
	phoneNumberId: string,
): Promise<AcademyProfile | null> {
	return findAcademyByPhoneNumberId(
		await getPool(credentials),
		cipherFor(credentials),
		phoneNumberId,
	);
}

/** Creates or updates the academy with the function the Lead node's academy operation uses. */
export async function saveAcademyDirectly(
	credentials: AcademyPostgresCredentials,
	profile: AcademyProfile,
): Promise<AcademyProfile> {
	const pool = await getPool(credentials);
	// The database gives the academy its id; the profile's own id is only a name in the sample data.
	const fields: Partial<AcademyProfile> = { ...profile };
	delete fields.id;
	const { academy } = await withTransaction(pool, (client) =>
		saveAcademy(client, cipherFor(credentials), fields),
	);
	return academy;
}

/** A dashboard link signed the way the Lead node's "create link" operation signs the weekly report's. */
export function signedDashboardLink(
	credentials: AcademyPostgresCredentials,
	webhookUrl: string,
	academyId: string,
	validDays = 8,
): string {
	const expires = Math.floor(Date.now() / 1000 + validDays * 86_400);
	const url = new URL(webhookUrl);
	url.searchParams.set('academy', academyId);
	url.searchParams.set('expires', String(expires));
	url.searchParams.set(
		'signature',
		signDashboardLink(credentials.encryptionSecret ?? '', academyId, expires),
	);
	return url.toString();
}
