import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { router } from './actions/router';
import { properties } from './description';
import { configuredOutputs } from './outputs';

export class AcademyIntent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Academy Intent',
		name: 'academyIntent',
		icon: { light: 'file:../../icons/intent.svg', dark: 'file:../../icons/intent.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["mode"] }}',
		description:
			'Routes each WhatsApp message by what the lead wants (price, schedule, trial class, opt-out…) in Spanish, Portuguese or English',
		defaults: { name: 'Academy Intent' },
		// As a tool only the first output is seen; the routing is for workflows.
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${configuredOutputs})($parameter)}}`,
		credentials: [
			{
				name: 'academyOpenAiApi',
				required: true,
				displayOptions: { show: { mode: ['llm', 'hybrid'] } },
			},
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
