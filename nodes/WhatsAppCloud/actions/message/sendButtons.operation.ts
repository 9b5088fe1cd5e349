import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, phoneNumberIdField, replyToOption, textField, toField } from '../common.descriptions';
import { LIMITS, LimitCheck } from '../limits';
import { sendMessages } from '../send';
import type { OperationResult, WhatsAppOperation } from '../types';
import { footerOption, headerOption, interactiveFrame } from './interactive';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	phoneNumberIdField,
	toField,
	textField(`The message above the buttons, up to ${LIMITS.interactiveBody} characters`),
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

export interface Button {
	id: string;
	title: string;
}

/** Buttons given as JSON or a list of {id, title}; undefined when the value is neither. */
export function parseButtons(value: unknown): Button[] | undefined {
	try {
		const list = typeof value === 'string' ? (value.trim() ? (JSON.parse(value) as unknown) : []) : value;
		if (!Array.isArray(list)) return undefined;
		return list.map((entry: IDataObject) => ({ id: String(entry?.id ?? ''), title: String(entry?.title ?? '') }));
	} catch {
		return undefined;
	}
}

/** The step's text with reply buttons under it; `buttons` is undefined when they could not be read. */
export async function sendButtonsMessage(
	this: IExecuteFunctions,
	itemIndex: number,
	buttons: Button[] | undefined,
): Promise<OperationResult> {
	const check = new LimitCheck();
	const frame = interactiveFrame.call(this, itemIndex, check, LIMITS.interactiveBody);
	if (!buttons) check.add('Buttons (JSON) is not a list of {"id", "title"} objects');
	const trimmed = (buttons ?? []).map(({ id, title }) => ({ id: id.trim() || title.trim(), title: title.trim() }));
	check.count('buttons', trimmed.length, 1, LIMITS.buttons);
	for (const [index, button] of trimmed.entries()) {
		check.required(`Title of button ${index + 1}`, button.title);
		check.quoted('button title', button.title, LIMITS.buttonTitle);
		check.quoted('button ID', button.id, LIMITS.buttonId);
	}
	check.unique('button ID', trimmed.map((b) => b.id)).unique('button title', trimmed.map((b) => b.title));
	check.assert(this, itemIndex);
	const interactive = {
		type: 'button',
		...frame,
		action: { buttons: trimmed.map((reply) => ({ type: 'reply', reply })) },
	};
	return { json: { sent: await sendMessages.call(this, itemIndex, 'interactive', [interactive]) } };
}

export const execute: WhatsAppOperation = async function (this, itemIndex) {
	const buttons =
		parameter(this, 'buttonsFrom', itemIndex) === 'expression'
			? parseButtons(parameter(this, 'buttonsJson', itemIndex, []))
			: ((parameter(this, 'buttons.button', itemIndex, []) as Button[]) ?? []).map((b) => ({
					id: b.id,
					title: b.title,
				}));
	return await sendButtonsMessage.call(this, itemIndex, buttons);
};
