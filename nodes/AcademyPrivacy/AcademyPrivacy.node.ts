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

export class AcademyPrivacy implements INodeType {
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

	methods = STORAGE_NODE_METHODS;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
