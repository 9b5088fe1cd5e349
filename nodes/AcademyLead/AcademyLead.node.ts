import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { router } from './actions/router';
import { STORAGE_NODE_BASE, STORAGE_NODE_METHODS, storageNodeProperties } from './storage-nodes';

export class AcademyLead implements INodeType {
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

	methods = STORAGE_NODE_METHODS;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
