import type { INodeTypeDescription } from 'n8n-workflow';

import { STORAGE_NODE_BASE, StorageNode, storageNodeProperties } from '../AcademyLead/storage-nodes';

export class AcademyMetrics extends StorageNode {
	description: INodeTypeDescription = {
		...STORAGE_NODE_BASE,
		displayName: 'Academy Metrics',
		name: 'academyMetrics',
		icon: { light: 'file:../../icons/lead.svg', dark: 'file:../../icons/lead.dark.svg' },
		subtitle: '={{ $parameter["operation"] }}',
		description:
			"The funnel from recorded events: weekly report, owner's dashboard and its signed links, alerts and health",
		usableAsTool: true,
		defaults: { name: 'Academy Metrics' },
		properties: storageNodeProperties('metrics'),
	};
}
