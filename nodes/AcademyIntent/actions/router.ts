import type { IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { INTENTS, type Intent } from '../../shared/types';
import { itemClassifier } from './item-classifier';

/** The intents that have their own output, in output order; everything else goes to Other, last. */
function routedIntents(this: IExecuteFunctions): Intent[] {
	const chosen = this.getNodeParameter('routedIntents', 0, INTENTS) as string[];
	return INTENTS.filter((intent) => intent !== 'OTRO' && chosen.includes(intent));
}

function asNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** Classifies every item and sends it, with its JSON kept and `intent` added, to its intent's output. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const routed = routedIntents.call(this);
	const otherOutput = routed.length;
	const returnData: INodeExecutionData[][] = Array.from({ length: routed.length + 1 }, () => []);
	const classify = await itemClassifier.call(this);

	for (let i = 0; i < items.length; i++) {
		try {
			const intent = await classify(i);
			const output = routed.indexOf(intent.name);
			returnData[output < 0 ? otherOutput : output].push({
				...items[i],
				json: { ...items[i].json, intent: { ...intent } },
				pairedItem: { item: i },
			});
		} catch (error) {
			if (this.continueOnFail()) {
				returnData[otherOutput].push({
					...items[i],
					json: { ...items[i].json, error: (error as Error).message },
					pairedItem: { item: i },
				});
				continue;
			}
			throw asNodeError(this.getNode(), error, i);
		}
	}
	return returnData;
}
