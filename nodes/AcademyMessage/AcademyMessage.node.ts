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

export class AcademyMessage implements INodeType {
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

	methods = STORAGE_NODE_METHODS;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
