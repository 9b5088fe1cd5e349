import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { WorkflowJson } from './n8n-server';

/** One entry of the file `n8n import:credentials` reads; n8n encrypts `data` while importing. */
export interface N8nCredential {
	/** Fixed so workflow JSON can reference it; re-importing the same id overwrites. */
	id: string;
	name: string;
	/** Credential type name, e.g. `whatsAppCloudApi`. */
	type: string;
	data: ICredentialDataDecryptedObject;
}

/**
 * The credentials the workflows' nodes reference (by id and name, as n8n stores them), each
 * filled with the data given for its type, so the workflow JSON stays the one place naming them.
 */
export function credentialsFor(
	workflows: WorkflowJson[],
	dataByType: Record<string, ICredentialDataDecryptedObject>,
): N8nCredential[] {
	const byId = new Map<string, N8nCredential>();
	for (const node of workflows.flatMap((workflow) => workflow.nodes)) {
		for (const [type, reference] of Object.entries(node.credentials ?? {})) {
			const data = dataByType[type];
			if (!data) throw new Error(`Node "${node.name}" uses a ${type} credential but the test gave no data for it`);
			if (!reference.id) throw new Error(`Node "${node.name}" references its ${type} credential without an id`);
			byId.set(reference.id, { id: reference.id, name: reference.name, type, data });
		}
	}
	return [...byId.values()];
}
