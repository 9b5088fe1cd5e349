import type { INodeTypeDescription } from 'n8n-workflow';

import { STORAGE_NODE_BASE, StorageNode, storageNodeProperties } from './storage-nodes';

export class AcademyLead extends StorageNode {
	description: INodeTypeDescription = {
		...STORAGE_NODE_BASE,
		displayName: 'Academy Lead',
		name: 'academyLead',
		icon: { light: 'file:../../icons/lead.svg', dark: 'file:../../icons/lead.dark.svg' },
		subtitle: '={{ $parameter["operation"] }}',
		description:
			"Leads and their state: create or update from a message, join quick messages, move along the diagram, staff take-over and opt-out, stored in the academy's Postgres",
		usableAsTool: true,
		defaults: { name: 'Academy Lead' },
		properties: storageNodeProperties('lead'),
	};
}
