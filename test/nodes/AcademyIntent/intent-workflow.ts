import type { IDataObject, INodeExecutionData, IWorkflowBase } from 'n8n-workflow';

import type { InboundMessage } from '../../../nodes/shared/types';
import { fixture } from '../../helpers/fixtures';
import {
	PACKAGE_NAME,
	runWorkflow,
	type TestCredentials,
	type WorkflowRun,
} from '../../helpers/workflow-runner';

/** Output names in the order the node documents, with every intent routed. */
export const OUTPUTS = [
	'Greeting',
	'Price',
	'Schedule',
	'Location',
	'Trial Class',
	'Experience',
	'Human',
	'Opt-Out',
	'Other',
];

interface MetaTextDelivery {
	entry: Array<{
		changes: Array<{
			value: {
				metadata: { display_phone_number: string; phone_number_id: string };
				contacts: Array<{ profile: { name: string }; wa_id: string }>;
				messages: Array<{ from: string; id: string; timestamp: string; type: string }>;
			};
		}>;
	}>;
}

/** An item as the WhatsApp Cloud Trigger emits it for Meta's text-message payload, with `text` as its words. */
export function messageItem(text: string, extra: IDataObject = {}): INodeExecutionData {
	const value = fixture<MetaTextDelivery>('whatsapp', 'wa-inbound-text').entry[0].changes[0].value;
	const delivered = value.messages[0];
	const message: InboundMessage = {
		phoneNumberId: value.metadata.phone_number_id,
		displayPhoneNumber: value.metadata.display_phone_number,
		waId: delivered.from,
		userId: null,
		profileName: value.contacts[0].profile.name,
		messageId: delivered.id,
		timestamp: new Date(Number(delivered.timestamp) * 1000).toISOString(),
		type: delivered.type,
		text,
		replyId: null,
		media: null,
		location: null,
		referral: null,
		replyToMessageId: null,
		original: value,
	};
	return { json: { message: message as unknown as IDataObject, ...extra } };
}

/**
 * The Intent node with a No Operation node on each output (named after the output), so a test
 * sees where each item went.
 */
export function intentWorkflow(
	parameters: IDataObject,
	outputs = OUTPUTS,
	settings: IDataObject = {},
): Partial<IWorkflowBase> {
	const sinks = outputs.map((name, i) => ({
		id: `sink-${i}`,
		name,
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [400, i * 120] as [number, number],
		parameters: {},
	}));
	return {
		name: 'intent routing',
		nodes: [
			{
				id: 'intent',
				name: 'Intent',
				type: `${PACKAGE_NAME}.academyIntent`,
				typeVersion: 1,
				position: [0, 0],
				parameters,
				...settings,
			},
			...sinks,
		],
		connections: {
			Intent: { main: outputs.map((name) => [{ node: name, type: 'main', index: 0 }]) },
		},
	};
}

export async function runIntent(
	parameters: IDataObject,
	items: INodeExecutionData[],
	options: { outputs?: string[]; credentials?: TestCredentials; settings?: IDataObject } = {},
): Promise<WorkflowRun> {
	const nodeCredentials = Object.fromEntries(
		Object.keys(options.credentials ?? {}).map((type) => [type, { id: `${type}-1`, name: type }]),
	);
	const settings = {
		...options.settings,
		...(options.credentials ? { credentials: nodeCredentials } : {}),
	};
	return runWorkflow(intentWorkflow(parameters, options.outputs, settings), {
		items,
		startNode: 'Intent',
		credentials: options.credentials,
	});
}

/** Where each text went: output name → texts, for the outputs that got any. */
export function routing(run: WorkflowRun, outputs = OUTPUTS): Record<string, string[]> {
	const result: Record<string, string[]> = {};
	outputs.forEach((name, i) => {
		const items = run.output('Intent', i);
		if (items.length)
			result[name] = items.map((item) => (item.json.message as IDataObject).text as string);
	});
	return result;
}
