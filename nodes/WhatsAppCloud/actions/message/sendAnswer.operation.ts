import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameter } from '../../../shared/parameter';
import { optionsCollection, phoneNumberIdField, previewUrlOption, replyToOption, textField, toField } from '../common.descriptions';
import { LIMITS } from '../limits';
import { parseButtons, sendButtonsMessage } from './sendButtons.operation';
import * as sendText from './sendText.operation';

const properties: INodeProperties[] = [
	phoneNumberIdField,
	toField,
	textField(`Up to ${LIMITS.interactiveBody} characters with buttons; longer texts without buttons are sent as several messages`, 4),
	{
		displayName: 'Buttons (JSON)',
		name: 'buttonsJson',
		type: 'json',
		default: '={{ $json.reply?.buttons ?? [] }}',
		description:
			'Up to three buttons, each an object with an ID and a title, as the AI Reply step suggests them; none sends plain text',
	},
	optionsCollection([previewUrlOption, replyToOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendAnswer'] } },
	properties,
);

/** One step for the AI Reply's answer, instead of an If choosing between a text and a buttons step. */
export const execute: typeof sendText.execute = async function (this, itemIndex) {
	const raw = parameter(this, 'buttonsJson', itemIndex, []);
	const buttons = raw === null || raw === undefined ? [] : parseButtons(raw);
	if (buttons?.length === 0) return await sendText.execute.call(this, itemIndex);
	return await sendButtonsMessage.call(this, itemIndex, buttons);
};
