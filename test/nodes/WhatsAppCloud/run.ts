import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { InboundMessage } from '../../../nodes/shared/types';
import { readEvents } from '../../../nodes/WhatsAppCloudTrigger/events';
import type { WebhookPayload } from '../../../nodes/WhatsAppCloudTrigger/payload';
import { GraphApiFake } from '../../fakes/graph-api';
import { fixture } from '../../helpers/fixtures';
import { PACKAGE_NAME, runWorkflow, type WorkflowRun } from '../../helpers/workflow-runner';

/** The trigger's item for a real inbound fixture, as the send node receives it in the templates. */
export function inboundItem(name = 'wa-inbound-text'): INodeExecutionData {
	const [message] = readEvents(fixture<WebhookPayload>('whatsapp', name)).messages;
	return { json: { message } as unknown as IDataObject };
}

export function messageOf(item: INodeExecutionData): InboundMessage {
	return item.json.message as unknown as InboundMessage;
}

export interface SendRun extends WorkflowRun {
	items: INodeExecutionData[];
}

/** Runs one WhatsApp Cloud node with these parameters over `items`, against the fake Graph API. */
export async function runSendNode(
	graph: GraphApiFake,
	parameters: INodeParameters,
	options: { items?: INodeExecutionData[]; continueOnFail?: boolean; credentials?: IDataObject } = {},
): Promise<SendRun> {
	const run = await runWorkflow(
		{
			nodes: [
				{
					id: 'send',
					name: 'Send',
					type: `${PACKAGE_NAME}.whatsAppCloud`,
					typeVersion: 1,
					position: [0, 0],
					parameters,
					credentials: { whatsAppCloudApi: { id: 'wa', name: 'WhatsApp' } },
					...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
				},
			],
			connections: {},
		},
		{
			startNode: 'Send',
			items: options.items ?? [inboundItem()],
			credentials: { whatsAppCloudApi: { ...graph.credentials(), ...options.credentials } as ICredentialDataDecryptedObject },
		},
	);
	const error = run.run.data.resultData.runData.Send?.[0]?.error;
	return { ...run, items: error ? [] : run.output('Send') };
}

/** The error the node stopped with, or undefined when it succeeded. */
export function errorOf(run: WorkflowRun): { message: string; description?: string | null } | undefined {
	const error = run.run.data.resultData.runData.Send?.[0]?.error;
	return error ? { message: error.message, description: error.description } : undefined;
}

/** A Graph API fake for this test file: started once, reset before every test. */
export function useGraphFake(): GraphApiFake {
	const graph = new GraphApiFake();
	beforeAll(async () => {
		await graph.start();
	});
	afterAll(async () => {
		await graph.stop();
	});
	beforeEach(() => graph.reset());
	return graph;
}
