import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { getCalCredentials } from '../transport';
import type { CalComCredentials } from '../types';
import * as booking from './booking';
import * as slot from './slot';

/**
 * Contract of an operation module: it returns what the node adds under `booking` for one item.
 * The router owns the item loop, pairedItem, continue-on-fail and error wrapping.
 */
export type CalOperation = (
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: CalComCredentials,
) => Promise<IDataObject>;

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

/** Keeps the item and adds the result under `booking`, beside what an earlier Cal.com step put there. */
function withBooking(json: IDataObject, result: IDataObject): IDataObject {
	const earlier =
		json.booking !== null && typeof json.booking === 'object' ? (json.booking as IDataObject) : {};
	return { ...json, booking: { ...earlier, ...result } };
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const credentials = await getCalCredentials.call(this);
	const returnData: INodeExecutionData[] = [];

	for (let i = 0; i < items.length; i++) {
		try {
			let result: IDataObject;
			switch (`${resource}:${operation}`) {
				case 'booking:getLink':
					result = await booking.getLink.execute.call(this, i, credentials);
					break;
				case 'booking:getManageLinks':
					result = await booking.getManageLinks.execute.call(this, i, credentials);
					break;
				case 'slot:getFree':
					result = await slot.getFree.execute.call(this, i, credentials);
					break;
				default:
					throw new NodeOperationError(
						this.getNode(),
						`The operation "${resource}:${operation}" is not supported`,
						{
							itemIndex: i,
						},
					);
			}
			returnData.push({ json: withBooking(items[i].json, result), pairedItem: { item: i } });
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error, i);
			if (this.continueOnFail()) {
				returnData.push({
					json: { ...items[i].json, error: nodeError.message },
					pairedItem: { item: i },
				});
				continue;
			}
			throw nodeError;
		}
	}
	return [returnData];
}
