import type { INodeTypeDescription } from 'n8n-workflow';

import { STORAGE_NODE_BASE, StorageNode, storageNodeProperties } from '../AcademyLead/storage-nodes';

export class AcademyPrivacy extends StorageNode {
	description: INodeTypeDescription = {
		...STORAGE_NODE_BASE,
		displayName: 'Academy Privacy',
		name: 'academyPrivacy',
		icon: { light: 'file:../../icons/lead.svg', dark: 'file:../../icons/lead.dark.svg' },
		subtitle: '={{ $parameter["operation"] }}',
		description:
			"A lead's right to be forgotten and the retention period: erase a lead, purge old conversations",
		usableAsTool: true,
		defaults: { name: 'Academy Privacy' },
		properties: storageNodeProperties('privacy'),
	};
}
