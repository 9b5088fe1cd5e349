import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { forEachItem } from '../../shared/item-loop';
import { execute } from './reply.operation';

const REPLY_OUTPUT = 0;
const FALLBACK_OUTPUT = 1;

/**
 * Answers every item, keeping its JSON and adding `reply`. Items whose answer is the ready-made one
 * because the model failed leave by the Fallback output, so a template can alert the owner.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachItem(
		this,
		async (itemIndex, item) => {
			const { reply, fallback } = await execute.call(this, itemIndex);
			return [{ output: fallback ? FALLBACK_OUTPUT : REPLY_OUTPUT, json: { ...item.json, reply: { ...reply } } }];
		},
		{ outputs: 2, errorOutput: REPLY_OUTPUT },
	);
}
