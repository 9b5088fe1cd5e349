import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { properties } from './actions/description';
import { router } from './actions/router';

export class AcademyAiReply implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Academy AI Reply',
		name: 'academyAiReply',
		icon: { light: 'file:../../icons/ai-reply.svg', dark: 'file:../../icons/ai-reply.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["answerSource"] === "model" ? "AI model" : "without AI" }}',
		description:
			"Answers a lead on WhatsApp from the academy's real prices, schedule and address, in the lead's language, with any OpenAI-compatible model or without AI",
		defaults: { name: 'Academy AI Reply' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Reply', 'Fallback'],
		credentials: [
			{ name: 'academyOpenAiApi', required: false, displayOptions: { show: { answerSource: ['model'] } } },
			{ name: 'whatsAppCloudApi', required: false },
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
