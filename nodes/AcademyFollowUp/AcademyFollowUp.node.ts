import type { INodeTypeDescription } from 'n8n-workflow';

import { STORAGE_NODE_BASE, StorageNode, storageNodeProperties } from '../AcademyLead/storage-nodes';

export class AcademyFollowUp extends StorageNode {
	description: INodeTypeDescription = {
		...STORAGE_NODE_BASE,
		displayName: 'Academy Follow-Ups',
		name: 'academyFollowUp',
		icon: { light: 'file:../../icons/lead.svg', dark: 'file:../../icons/lead.dark.svg' },
		subtitle: '={{ $parameter["operation"] }}',
		description:
			'The follow-up queue: schedule steps or the standard plan, claim the steps that are due, mark or cancel them',
		usableAsTool: true,
		defaults: { name: 'Academy Follow-Ups' },
		properties: storageNodeProperties('followUp'),
	};
}
