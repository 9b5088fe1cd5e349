import type { IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { execute } from './reply.operation';

const REPLY_OUTPUT = 0;
const FALLBACK_OUTPUT = 1;

function asNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/**
 * Answers every item, keeping its JSON and adding `reply`. Items whose answer is the ready-made one
 * because the model failed leave by the Fallback output, so a template can alert the owner.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const outputs: INodeExecutionData[][] = [[], []];
	for (let i = 0; i < items.length; i++) {
		try {
			const { reply, fallback } = await execute.call(this, i);
			outputs[fallback ? FALLBACK_OUTPUT : REPLY_OUTPUT].push({
				...items[i],
				json: { ...items[i].json, reply: { ...reply } },
				pairedItem: { item: i },
			});
		} catch (error) {
			if (this.continueOnFail()) {
				outputs[REPLY_OUTPUT].push({
					...items[i],
					json: { ...items[i].json, error: (error as Error).message },
					pairedItem: { item: i },
				});
				continue;
			}
			throw asNodeError(this.getNode(), error, i);
		}
	}
	return outputs;
}
