import type { ICredentialDataDecryptedObject, INodeCredentialsDetails } from 'n8n-workflow';

/** One entry of the file `n8n import:credentials` reads; n8n encrypts `data` while importing. */
export interface N8nCredential {
	/** Fixed so workflow JSON can reference it; re-importing the same id overwrites. */
	id: string;
	name: string;
	/** Credential type name, e.g. `whatsAppCloudApi`. */
	type: string;
	data: ICredentialDataDecryptedObject;
}

export function n8nCredential(
	type: string,
	id: string,
	data: ICredentialDataDecryptedObject,
	name = `${type} (e2e)`,
): N8nCredential {
	return { id, name, type, data };
}

/** The `credentials` entry a workflow node carries to use this credential. */
export function credentialRef(credential: N8nCredential): Record<string, INodeCredentialsDetails> {
	return { [credential.type]: { id: credential.id, name: credential.name } };
}
