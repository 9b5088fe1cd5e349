import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as booking from './actions/booking';
import { router } from './actions/router';
import * as slot from './actions/slot';
import { getEventTypes } from './methods/loadOptions';

export class CalCom implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cal.com Booking',
		name: 'calCom',
		icon: { light: 'file:../../icons/calcom.svg', dark: 'file:../../icons/calcom.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Personal booking links, free slots and manage links for the trial class on Cal.com',
		defaults: { name: 'Cal.com Booking' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'calComApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Booking', value: 'booking' },
					{ name: 'Slot', value: 'slot' },
				],
				default: 'booking',
			},
			...booking.description,
			...slot.description,
		],
	};

	methods = { loadOptions: { getEventTypes } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
