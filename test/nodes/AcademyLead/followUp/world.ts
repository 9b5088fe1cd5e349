import type { Pool } from 'pg';

import { cipherFor } from '../../../../nodes/shared/storage/crypto';
import type { AcademyPostgresCredentials } from '../../../../nodes/shared/storage/postgres';
import type { InboundMessage, LeadState } from '../../../../nodes/shared/types';
import { saveAcademy } from '../../../../nodes/AcademyLead/storage/academies';
import { insertLeadIfNew } from '../../../../nodes/AcademyLead/storage/leads';

/** Builds academies and leads through the Lead node's own storage, as the node would leave them. */
export function world(pool: Pool, credentials: AcademyPostgresCredentials) {
	const cipher = cipherFor(credentials);
	let phoneNumberIds = 100_000;
	let phones = 5_491_100_000_000;
	return {
		cipher,
		async academy(timeZone: string, quietHours = { start: '21:00', end: '09:00' }) {
			phoneNumberIds += 1;
			const { academy } = await saveAcademy(pool, cipher, {
				name: `Academy ${phoneNumberIds}`,
				phoneNumberId: String(phoneNumberIds),
				timeZone,
				quietHours,
				ownerNumber: '5491100000001',
			});
			return academy;
		},
		async lead(
			academyId: string,
			options: {
				state?: LeadState;
				at?: Date;
				lastInboundAt?: Date | null;
				referral?: InboundMessage['referral'];
			} = {},
		) {
			phones += 1;
			const at = options.at ?? new Date();
			const row = await insertLeadIfNew(pool, cipher, {
				academyId,
				identity: { waId: String(phones), userId: null },
				name: 'Lead',
				referral: options.referral ?? null,
				at,
			});
			if (!row) throw new Error('lead already existed');
			await pool.query('UPDATE leads SET state = $2, last_inbound_at = $3 WHERE id = $1', [
				row.id,
				options.state ?? 'NEW',
				options.lastInboundAt === undefined ? at : options.lastInboundAt,
			]);
			return { id: row.id, waId: String(phones) };
		},
	};
}
