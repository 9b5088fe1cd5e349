import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Errors that already name the node keep their words (and get the item); anything else is wrapped. */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	describe?: (error: unknown) => { message: string; description?: string },
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	if (describe) {
		const { message, description } = describe(error);
		return new NodeOperationError(node, message, { itemIndex, description });
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** Where one result of an item goes: an output, and the item's JSON (and files) after the node. */
export interface ItemResult {
	output?: number;
	json: IDataObject;
	binary?: INodeExecutionData['binary'];
}

export interface ItemLoopOptions {
	/** How many outputs the node has at this moment (dynamic outputs included). */
	outputs?: number;
	/** The output a failed item leaves by when continue-on-fail is on. */
	errorOutput?: number;
	/** Plain words for errors that are not n8n errors yet (storage, network…). */
	describeError?: (error: unknown) => { message: string; description?: string };
}

/**
 * The item loop every router shares. `handle` says what each item becomes (none, one or several
 * results); every result is paired with its item. A failure names the node and the item; with
 * continue-on-fail the item keeps its JSON plus `error`; with "continue (using error output)" it
 * also carries the error itself, which is how n8n recognises it for the error output.
 */
export async function forEachItem(
	context: IExecuteFunctions,
	handle: (itemIndex: number, item: INodeExecutionData) => Promise<ItemResult[]>,
	options: ItemLoopOptions = {},
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const outputs: INodeExecutionData[][] = Array.from({ length: options.outputs ?? 1 }, () => []);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex];
		try {
			for (const result of await handle(itemIndex, item)) {
				outputs[result.output ?? 0].push({
					json: result.json,
					...(result.binary ? { binary: result.binary } : {}),
					pairedItem: { item: itemIndex },
				});
			}
		} catch (error) {
			const nodeError = toNodeError(context.getNode(), error, itemIndex, options.describeError);
			if (!context.continueOnFail()) throw nodeError;
			// n8n routes an item that carries its error to the error output (when that setting is on)
			// and there merges the input back in; on the regular output it would keep only the error,
			// so there the item keeps its JSON and names the error beside it.
			const toErrorOutput = context.getNode().onError === 'continueErrorOutput';
			outputs[options.errorOutput ?? 0].push({
				json: { ...item.json, error: nodeError.message },
				...(toErrorOutput ? { error: nodeError } : {}),
				pairedItem: { item: itemIndex },
			});
		}
	}
	return outputs;
}
