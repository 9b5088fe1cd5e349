import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { dateParameter } from '../parameters';

/** Lets a workflow (or a test) act as if it ran at another moment; empty means now. */
export const referenceTimeOption: INodeProperties = {
	displayName: 'Reference Time',
	name: 'referenceTime',
	type: 'dateTime',
	default: '',
	description: 'Act as if it were this moment, e.g. to try a workflow ahead of time. Empty means now.',
};

/** The moment an operation works from: `options.referenceTime`, or now. */
export function referenceTime(this: IExecuteFunctions, itemIndex: number): Date {
	return dateParameter.call(this, 'options.referenceTime', itemIndex, 'Reference Time', new Date()) as Date;
}

export const stepIdField: INodeProperties = {
	displayName: 'Step ID',
	name: 'stepId',
	type: 'string',
	required: true,
	default: '={{ $json.followUp?.id }}',
	description: 'The follow-up step, as Claim Due Steps returned it',
};
