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

export class AcademyProfile implements INodeType {
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

	methods = STORAGE_NODE_METHODS;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
