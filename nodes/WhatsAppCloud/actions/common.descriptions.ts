import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_SECONDS } from '../transport/graph';

export const phoneNumberIdField: INodeProperties = {
	displayName: 'Phone Number ID',
	name: 'phoneNumberId',
	type: 'string',
	default: '={{ $json.academy?.phoneNumberId || $json.message?.phoneNumberId || "" }}',
	description:
		'The academy number to send from. By default the number the conversation came in on; when empty, the default phone number ID of the credential.',
};

export const toField: INodeProperties = {
	displayName: 'To',
	name: 'to',
	type: 'string',
	required: true,
	default: '={{ $json.message?.waId || $json.message?.userId || $json.lead?.waId || $json.lead?.userId }}',
	description:
		'Phone number in international format (digits, with or without +) or the WhatsApp user ID of people who use a username. By default the person who wrote.',
};

/** The message text; by default the answer the AI Reply step wrote. */
export function textField(description: string, rows = 3): INodeProperties {
	return {
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows },
		required: true,
		default: '={{ $json.reply.text }}',
		description,
	};
}

export const previewUrlOption: INodeProperties = {
	displayName: 'Link Preview',
	name: 'previewUrl',
	type: 'boolean',
	default: false,
	description: 'Whether to show a preview of the first link in the text',
};

export const replyToOption: INodeProperties = {
	displayName: 'Reply To Message ID',
	name: 'replyToMessageId',
	type: 'string',
	default: '',
	placeholder: '={{ $json.message.messageId }}',
	description: 'Shows the answer as a reply quoting this message (a wamid)',
};

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeoutSeconds',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 120 },
	default: DEFAULT_TIMEOUT_SECONDS,
	description:
		'How long to wait for WhatsApp before trying again. Slow answers, connection errors and rate limits are retried three times, after 2, 4 and 8 seconds.',
};

/** The Options collection of an operation, with the settings every call shares. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...options, timeoutOption],
	};
}
