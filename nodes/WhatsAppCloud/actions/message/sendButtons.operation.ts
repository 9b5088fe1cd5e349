import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, phoneNumberIdField, replyToOption, toField } from '../common.descriptions';
import { LIMITS, LimitCheck } from '../limits';
import { sendMessages } from '../send';
import type { WhatsAppOperation } from '../types';
import { footerOption, headerOption, interactiveFrame } from './interactive';

const properties: INodeProperties[] = [
	phoneNumberIdField,
	toField,
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '={{ $json.reply.text }}',
		description: `The message above the buttons, up to ${LIMITS.interactiveBody} characters`,
	},
	{
		displayName: 'Buttons From',
		name: 'buttonsFrom',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'List Below', value: 'list', description: 'Type the buttons here' },
			{
				name: 'Expression',
				value: 'expression',
				description: 'Take them from the item, e.g. the buttons the AI reply suggests',
			},
		],
		default: 'list',
	},
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowedFields: LIMITS.buttons },
		placeholder: 'Add Button',
		default: {},
		displayOptions: { show: { buttonsFrom: ['list'] } },
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: `What the button says, up to ${LIMITS.buttonTitle} characters`,
					},
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: '',
						description:
							'What the trigger reports as replyId when the person taps it; the title when empty',
					},
				],
			},
		],
	},
	{
		displayName: 'Buttons (JSON)',
		name: 'buttonsJson',
		type: 'json',
		default: '={{ $json.reply.buttons }}',
		displayOptions: { show: { buttonsFrom: ['expression'] } },
		description: 'Up to three buttons, each an object with an ID and a title, as the AI reply node suggests them',
	},
	optionsCollection([footerOption, headerOption, replyToOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendButtons'] } },
	properties,
);

interface Button {
	id: string;
	title: string;
}

function parseButtons(value: unknown): Button[] | undefined {
	const list = typeof value === 'string' ? (value.trim() ? (JSON.parse(value) as unknown) : []) : value;
	if (!Array.isArray(list)) return undefined;
	return list.map((entry: IDataObject) => ({ id: String(entry?.id ?? ''), title: String(entry?.title ?? '') }));
}

export const execute: WhatsAppOperation = async function (this, itemIndex) {
	const check = new LimitCheck();
	const frame = interactiveFrame.call(this, itemIndex, check, LIMITS.interactiveBody);
	let buttons: Button[] | undefined;
	if (this.getNodeParameter('buttonsFrom', itemIndex) === 'expression') {
		try {
			buttons = parseButtons(this.getNodeParameter('buttonsJson', itemIndex, []));
		} catch {
			buttons = undefined;
		}
		if (!buttons) check.add('Buttons (JSON) is not a list of {"id", "title"} objects');
	} else {
		buttons = ((this.getNodeParameter('buttons.button', itemIndex, []) as Button[]) ?? []).map((b) => ({
			id: b.id,
			title: b.title,
		}));
	}
	buttons = (buttons ?? []).map(({ id, title }) => ({ id: id.trim() || title.trim(), title: title.trim() }));
	check.count('buttons', buttons.length, 1, LIMITS.buttons);
	for (const [index, button] of buttons.entries()) {
		check.required(`Title of button ${index + 1}`, button.title);
		check.quoted('button title', button.title, LIMITS.buttonTitle);
		check.quoted('button ID', button.id, LIMITS.buttonId);
	}
	check.unique('button ID', buttons.map((b) => b.id)).unique('button title', buttons.map((b) => b.title));
	check.assert(this, itemIndex);
	const interactive = {
		type: 'button',
		...frame,
		action: { buttons: buttons.map((reply) => ({ type: 'reply', reply })) },
	};
	return { json: { sent: await sendMessages.call(this, itemIndex, 'interactive', [interactive]) } };
};
