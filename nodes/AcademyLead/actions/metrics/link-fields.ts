import type { IExecuteFunctions } from 'n8n-workflow';

import type { AcademyPostgresCredentials } from '../../../shared/storage/postgres';
import { keptCredentials } from '../../../shared/kept-credentials';

/** The secret signed links are derived from; the router has already refused a credential without one. */
export async function linkSecret(this: IExecuteFunctions): Promise<string> {
	const credentials = await keptCredentials<AcademyPostgresCredentials>(this, 'academyPostgresApi');
	return credentials.encryptionSecret ?? '';
}
