import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { LeadStores } from '../storage/stores';

/**
 * Contract of an operation module (`actions/<resource>/<operation>.operation.ts`). It runs for one
 * item and returns the keys it adds to that item (`academy`, `lead`, `history`, …). An array
 * emits one item per element (e.g. claimed follow-up steps), null emits nothing (a burst message
 * that a later one took over). The router owns the item loop, pairedItem, continue-on-fail,
 * error wrapping and the storage clients.
 */
export type LeadOperation = (
	this: IExecuteFunctions,
	itemIndex: number,
	stores: LeadStores,
) => Promise<OperationResult | OperationResult[] | null>;

/** Keys added to the item; plain data, as n8n stores it as JSON. */
export type OperationResult = Record<string, unknown>;

/** What `actions/<resource>/index.ts` exports: its properties and its operations by value. */
export interface LeadResource {
	description: INodeProperties[];
	operations: Record<string, LeadOperation>;
}
