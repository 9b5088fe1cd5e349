import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as media from './media';
import * as message from './message';
import type { WhatsAppOperation } from './types';

const OPERATIONS: Record<string, WhatsAppOperation> = {
	'message:sendText': message.sendText.execute,
	'message:sendButtons': message.sendButtons.execute,
	'message:sendList': message.sendList.execute,
	'message:sendTemplate': message.sendTemplate.execute,
	'message:sendMedia': message.sendMedia.execute,
	'message:markRead': message.markRead.execute,
	'media:download': media.download.execute,
};

/** Errors that already name the node and the item pass through; anything else is wrapped. */
function asNodeError(this: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

/**
 * Runs the chosen operation once per item. Each output item is its input item plus what the
 * operation adds (`sent`, or `media` and a binary file), paired with the item it came from.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = OPERATIONS[`${resource}:${operation}`];
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${resource}: ${operation}" is not supported`);
	}
	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex];
		try {
			const result = await execute.call(this, itemIndex);
			const binary = result.binary ? { ...item.binary, ...result.binary } : item.binary;
			returnData.push({
				json: { ...item.json, ...result.json },
				...(binary ? { binary } : {}),
				pairedItem: { item: itemIndex },
			});
		} catch (error) {
			const nodeError = asNodeError.call(this, error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			returnData.push({
				json: { ...item.json, error: nodeError.message },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [returnData];
}
