import type { INodeTypeDescription } from 'n8n-workflow';

import { STORAGE_NODE_BASE, StorageNode, storageNodeProperties } from '../AcademyLead/storage-nodes';

export class AcademyMessage extends StorageNode {
	description: INodeTypeDescription = {
		...STORAGE_NODE_BASE,
		displayName: 'Academy Messages',
		name: 'academyMessage',
		icon: { light: 'file:../../icons/lead.svg', dark: 'file:../../icons/lead.dark.svg' },
		subtitle: '={{ $parameter["operation"] }}',
		description:
			"The conversation log: save an answer, update a delivery status, read a lead's recent history",
		usableAsTool: true,
		defaults: { name: 'Academy Messages' },
		properties: storageNodeProperties('message'),
	};
}
