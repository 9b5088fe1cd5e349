import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { forEachItem } from '../../shared/item-loop';

import { getCalCredentials } from '../transport';
import type { CalComCredentials } from '../types';
import * as booking from './booking';
import * as slot from './slot';
import { parameter } from '../../shared/parameter';

/**
 * Contract of an operation module: it returns what the node adds under `booking` for one item.
 * The router owns the item loop, pairedItem, continue-on-fail and error wrapping.
 */
export type CalOperation = (
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: CalComCredentials,
) => Promise<IDataObject>;

/** Keeps the item and adds the result under `booking`, beside what an earlier Cal.com step put there. */
function withBooking(json: IDataObject, result: IDataObject): IDataObject {
	const earlier =
		json.booking !== null && typeof json.booking === 'object' ? (json.booking as IDataObject) : {};
	return { ...json, booking: { ...earlier, ...result } };
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = parameter(this, 'resource', 0) as string;
	const operation = parameter(this, 'operation', 0) as string;
	const credentials = await getCalCredentials.call(this);
	return await forEachItem(this, async (itemIndex, item) => {
		let result: IDataObject;
		switch (`${resource}:${operation}`) {
			case 'booking:getLink':
				result = await booking.getLink.execute.call(this, itemIndex, credentials);
				break;
			case 'booking:getManageLinks':
				result = await booking.getManageLinks.execute.call(this, itemIndex, credentials);
				break;
			case 'slot:getFree':
				result = await slot.getFree.execute.call(this, itemIndex, credentials);
				break;
			default:
				throw new NodeOperationError(this.getNode(), `The operation "${resource}:${operation}" is not supported`, {
					itemIndex,
				});
		}
		return [{ json: withBooking(item.json, result) }];
	});
}
