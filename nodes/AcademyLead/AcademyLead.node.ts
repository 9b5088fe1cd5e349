import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { academyPostgresConnectionTest, academyRedisConnectionTest } from '../shared/storage/credential-tests';
import { properties } from './actions/description';
import { router } from './actions/router';

export class AcademyLead implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Academy Lead',
		name: 'academyLead',
		icon: { light: 'file:../../icons/lead.svg', dark: 'file:../../icons/lead.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			"Academies, leads and their state, the conversation log, staff take-over and opt-out, stored in the academy's Postgres",
		defaults: { name: 'Academy Lead' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'academyPostgresApi', required: true, testedBy: 'academyPostgresConnectionTest' },
			{ name: 'academyRedisApi', required: false, testedBy: 'academyRedisConnectionTest' },
		],
		properties,
	};

	methods = { credentialTest: { academyPostgresConnectionTest, academyRedisConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
