import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { router } from '../AcademyLead/actions/router';
import {
	STORAGE_NODE_BASE,
	STORAGE_NODE_METHODS,
	storageNodeProperties,
} from '../AcademyLead/storage-nodes';

export class AcademyMetrics implements INodeType {
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

	methods = STORAGE_NODE_METHODS;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
