import type { INodeProperties } from 'n8n-workflow';

import * as markRead from './markRead.operation';
import * as sendAnswer from './sendAnswer.operation';
import * as sendButtons from './sendButtons.operation';
import * as sendList from './sendList.operation';
import * as sendMedia from './sendMedia.operation';
import * as sendTemplate from './sendTemplate.operation';
import * as sendText from './sendText.operation';

export { markRead, sendAnswer, sendButtons, sendList, sendMedia, sendTemplate, sendText };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Mark as Read',
				value: 'markRead',
				description: 'Show blue ticks, and optionally "typing…", for a received message',
				action: 'Mark a message as read',
			},
			{
				name: 'Send Answer',
				value: 'sendAnswer',
				description: "Send the AI Reply step's answer: with its buttons when it suggests some, else as text",
				action: 'Send the answer',
			},
			{
				name: 'Send Buttons',
				value: 'sendButtons',
				description: 'Send a text with up to three reply buttons',
				action: 'Send reply buttons',
			},
			{
				name: 'Send List',
				value: 'sendList',
				description: 'Send a text with a button that opens a list of up to ten choices',
				action: 'Send a list',
			},
			{
				name: 'Send Media',
				value: 'sendMedia',
				description: 'Send an image, document, audio or video',
				action: 'Send media',
			},
			{
				name: 'Send Template',
				value: 'sendTemplate',
				description: 'Send an approved template, the only kind allowed 24 hours after the person last wrote',
				action: 'Send a template',
			},
			{
				name: 'Send Text',
				value: 'sendText',
				description: 'Send a text message',
				action: 'Send a text message',
			},
		],
		default: 'sendText',
	},
	...markRead.description,
	...sendAnswer.description,
	...sendButtons.description,
	...sendList.description,
	...sendMedia.description,
	...sendTemplate.description,
	...sendText.description,
];
