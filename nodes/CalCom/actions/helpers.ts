import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CalComCredentials } from '../types';
import { parameter } from '../../shared/parameter';

/** A text parameter, trimmed; expressions that resolve to nothing give ''. */
export function textParameter(this: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = parameter(this, name, itemIndex, '') as unknown;
	return value === null || value === undefined ? '' : String(value).trim();
}

export function optionsParameter(this: IExecuteFunctions, itemIndex: number): IDataObject {
	return parameter(this, 'options', itemIndex, {}) as IDataObject;
}

/** The booking page of the item's academy, or the credential's. */
export function bookingPageUrl(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: CalComCredentials,
	parameter = 'bookingPageUrl',
): string {
	const url =
		textParameter.call(this, parameter, itemIndex) || (credentials.bookingPageUrl ?? '').trim();
	if (!url) {
		throw new NodeOperationError(this.getNode(), 'No booking page URL', {
			description:
				"Set the academy's booking page (Booking Page URL), or the Public Booking Page URL in the Cal.com credential.",
			itemIndex,
		});
	}
	return url;
}
