import type { IBinaryKeyData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** What an operation adds to its input item: JSON keys (e.g. `sent`) and, for downloads, binary data. */
export interface OperationResult {
	json: IDataObject;
	binary?: IBinaryKeyData;
}

/** The contract of every `*.operation.ts`: the router calls it once per item. */
export type WhatsAppOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<OperationResult>;
