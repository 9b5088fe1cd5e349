import type { INodeTypeDescription } from 'n8n-workflow';

import { STORAGE_NODE_BASE, StorageNode, storageNodeProperties } from '../AcademyLead/storage-nodes';

export class AcademyProfile extends StorageNode {
	description: INodeTypeDescription = {
		...STORAGE_NODE_BASE,
		displayName: 'Academy Profile',
		name: 'academyProfile',
		icon: { light: 'file:../../icons/lead.svg', dark: 'file:../../icons/lead.dark.svg' },
		subtitle: '={{ $parameter["operation"] }}',
		description:
			"An academy's facts (prices, timetable, address, staff numbers) that the bot answers from, stored in its Postgres",
		usableAsTool: true,
		defaults: { name: 'Academy Profile' },
		properties: storageNodeProperties('academy'),
	};
}
