import type { Pool } from 'pg';

import type { PersonalDataCipher } from '../../shared/storage/crypto';
import type { AcademyProfile } from '../../shared/types';
import { mergeAcademyProfile, type AcademyFields, type AcademyPatch } from '../helpers/academy-profile';
import type { Db } from './stores';

interface AcademyRow {
	id: string;
	phone_number_id: string;
	name: string;
	time_zone: string;
	profile: Partial<AcademyFields>;
	staff_contacts_enc: string | null;
}

interface StaffContacts {
	ownerNumber: string;
	staffNumbers: string[];
}

function toProfile(row: AcademyRow, cipher: PersonalDataCipher): AcademyProfile {
	const contacts: StaffContacts = row.staff_contacts_enc
		? (JSON.parse(cipher.decrypt(row.staff_contacts_enc)) as StaffContacts)
		: { ownerNumber: '', staffNumbers: [] };
	return {
		...(row.profile as AcademyFields),
		id: row.id,
		name: row.name,
		phoneNumberId: row.phone_number_id,
		timeZone: row.time_zone,
		ownerNumber: contacts.ownerNumber,
		staffNumbers: contacts.staffNumbers,
	};
}

/** Staff numbers are phone numbers: they go into the encrypted column, never into `profile`. */
function toColumns(fields: AcademyFields, cipher: PersonalDataCipher) {
	const { name, phoneNumberId, timeZone, ownerNumber, staffNumbers, ...profile } = fields;
	const contacts: StaffContacts = { ownerNumber, staffNumbers };
	return [phoneNumberId, name, timeZone, JSON.stringify(profile), cipher.encrypt(JSON.stringify(contacts))];
}

export async function findAcademyById(db: Db, cipher: PersonalDataCipher, id: string): Promise<AcademyProfile | null> {
	const { rows } = await db.query<AcademyRow>('SELECT * FROM academies WHERE id = $1', [id]);
	return rows[0] ? toProfile(rows[0], cipher) : null;
}

async function academyRowByPhoneNumberId(db: Db, phoneNumberId: string): Promise<AcademyRow | undefined> {
	const { rows } = await db.query<AcademyRow>('SELECT * FROM academies WHERE phone_number_id = $1', [phoneNumberId]);
	return rows[0];
}

export async function findAcademyByPhoneNumberId(
	db: Db,
	cipher: PersonalDataCipher,
	phoneNumberId: string,
): Promise<AcademyProfile | null> {
	const row = await academyRowByPhoneNumberId(db, phoneNumberId);
	return row ? toProfile(row, cipher) : null;
}

/**
 * How long an academy found by its phone number is kept per n8n process for inbound messages,
 * which each need it: a saved change applies at once in the process that saved it, and within
 * this time in the others (queue-mode workers), as for credentials.
 */
export const ACADEMY_KEEP_MS = 5_000;
/** Per pool (one per database and schema): the row as read, its profile as JSON text. */
const keptAcademies = new WeakMap<Pool, Map<string, { until: number; row: AcademyRow; profile: string }>>();

/**
 * The academy that owns a WhatsApp number, read at most once every ACADEMY_KEEP_MS. Each caller
 * gets an object of its own: the profile is parsed again from its text, so no run can change
 * what another run sees.
 */
export async function keptAcademyByPhoneNumberId(
	pool: Pool,
	cipher: PersonalDataCipher,
	phoneNumberId: string,
): Promise<AcademyProfile | null> {
	let byNumber = keptAcademies.get(pool);
	if (!byNumber) keptAcademies.set(pool, (byNumber = new Map()));
	const now = Date.now();
	let entry = byNumber.get(phoneNumberId);
	if (!entry || entry.until <= now) {
		const row = await academyRowByPhoneNumberId(pool, phoneNumberId);
		byNumber.delete(phoneNumberId);
		// An unknown number is asked again each time: the academy may be added any moment.
		if (!row) return null;
		entry = { until: now + ACADEMY_KEEP_MS, row, profile: JSON.stringify(row.profile) };
		byNumber.set(phoneNumberId, entry);
	}
	return toProfile({ ...entry.row, profile: JSON.parse(entry.profile) as AcademyRow['profile'] }, cipher);
}

/** After an academy is saved: this process reads academies afresh. */
export function forgetKeptAcademies(pool: Pool): void {
	keptAcademies.delete(pool);
}

/**
 * Creates the academy or changes the given fields of the existing one: by `id` when given,
 * otherwise by its WhatsApp phone number id. Run it inside a transaction: the row is locked
 * while the change is merged, so two settings forms saved at once both count.
 */
export async function saveAcademy(
	db: Db,
	cipher: PersonalDataCipher,
	patch: AcademyPatch,
	id?: string,
): Promise<{ academy: AcademyProfile; created: boolean }> {
	const lock = async () => {
		const { rows } = id
			? await db.query<AcademyRow>('SELECT * FROM academies WHERE id = $1 FOR UPDATE', [id])
			: await db.query<AcademyRow>('SELECT * FROM academies WHERE phone_number_id = $1 FOR UPDATE', [patch.phoneNumberId]);
		return rows[0];
	};
	let existing = await lock();
	if (!existing && id) throw new Error(`No academy has the id ${id}: check the Academy ID, or leave it empty to create one`);
	if (!existing) {
		const columns = toColumns(mergeAcademyProfile(null, patch), cipher);
		const { rows } = await db.query<AcademyRow>(
			`INSERT INTO academies (phone_number_id, name, time_zone, profile, staff_contacts_enc)
			 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (phone_number_id) DO NOTHING RETURNING *`,
			columns,
		);
		if (rows[0]) return { academy: toProfile(rows[0], cipher), created: true };
		existing = await lock();
	}
	const merged = mergeAcademyProfile(toProfile(existing, cipher), patch);
	const taken = await db.query('SELECT 1 FROM academies WHERE phone_number_id = $1 AND id <> $2', [
		merged.phoneNumberId,
		existing.id,
	]);
	if (taken.rowCount) {
		throw new Error(
			`Another academy already uses WhatsApp phone number ID ${merged.phoneNumberId}: each number belongs to one academy`,
		);
	}
	const { rows } = await db.query<AcademyRow>(
		`UPDATE academies SET phone_number_id = $1, name = $2, time_zone = $3, profile = $4, staff_contacts_enc = $5,
		 updated_at = now() WHERE id = $6 RETURNING *`,
		[...toColumns(merged, cipher), existing.id],
	);
	return { academy: toProfile(rows[0], cipher), created: false };
}
