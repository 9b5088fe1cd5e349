import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { forEachItem } from '../../shared/item-loop';

import * as media from './media';
import * as message from './message';
import type { WhatsAppOperation } from './types';
import { parameter } from '../../shared/parameter';

const OPERATIONS: Record<string, WhatsAppOperation> = {
	'message:sendText': message.sendText.execute,
	'message:sendAnswer': message.sendAnswer.execute,
	'message:sendButtons': message.sendButtons.execute,
	'message:sendList': message.sendList.execute,
	'message:sendTemplate': message.sendTemplate.execute,
	'message:sendMedia': message.sendMedia.execute,
	'message:markRead': message.markRead.execute,
	'media:download': media.download.execute,
};

/**
 * Runs the chosen operation once per item. Each output item is its input item plus what the
 * operation adds (`sent`, or `media` and a binary file), paired with the item it came from.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = parameter(this, 'resource', 0) as string;
	const operation = parameter(this, 'operation', 0) as string;
	const execute = OPERATIONS[`${resource}:${operation}`];
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${resource}: ${operation}" is not supported`);
	}
	return await forEachItem(this, async (itemIndex, item) => {
		const result = await execute.call(this, itemIndex);
		const binary = result.binary ? { ...item.binary, ...result.binary } : item.binary;
		return [{ json: { ...item.json, ...result.json }, binary }];
	});
}
