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

export async function findAcademyByPhoneNumberId(
	db: Db,
	cipher: PersonalDataCipher,
	phoneNumberId: string,
): Promise<AcademyProfile | null> {
	const { rows } = await db.query<AcademyRow>('SELECT * FROM academies WHERE phone_number_id = $1', [phoneNumberId]);
	return rows[0] ? toProfile(rows[0], cipher) : null;
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
