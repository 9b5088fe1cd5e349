import type { INodeProperties } from 'n8n-workflow';

import type { LeadResource } from '../operation';
import * as getHistory from './getHistory.operation';
import * as log from './log.operation';
import * as updateStatus from './updateStatus.operation';

const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Get History',
				value: 'getHistory',
				description: "The lead's recent messages, oldest first, for the reply prompt",
				action: 'Get the recent history of a lead',
			},
			{
				name: 'Log',
				value: 'log',
				description: 'Keep a sent (or received) message in the conversation log',
				action: 'Log a message',
			},
			{
				name: 'Update Delivery Status',
				value: 'updateStatus',
				description: 'Record sent, delivered, read or failed from the WhatsApp Cloud Trigger',
				action: 'Update the delivery status of a message',
			},
		],
		default: 'log',
	},
	...log.description,
	...updateStatus.description,
	...getHistory.description,
];

export const message: LeadResource = {
	description,
	operations: { log: log.execute, updateStatus: updateStatus.execute, getHistory: getHistory.execute },
};
