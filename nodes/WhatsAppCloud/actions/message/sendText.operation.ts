import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, phoneNumberIdField, previewUrlOption, replyToOption, textField, toField } from '../common.descriptions';
import { LIMITS, LimitCheck } from '../limits';
import { sendMessages } from '../send';
import { splitText } from '../split';
import type { WhatsAppOperation } from '../types';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	phoneNumberIdField,
	toField,
	textField(`Texts longer than ${LIMITS.text} characters are sent as several messages, cut between paragraphs or sentences`, 4),
	optionsCollection([previewUrlOption, replyToOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendText'] } },
	properties,
);

export const execute: WhatsAppOperation = async function (this, itemIndex) {
	const text = String(parameter(this, 'text', itemIndex, '') ?? '');
	new LimitCheck().required('Text', text).assert(this, itemIndex);
	const previewUrl = parameter(this, 'options.previewUrl', itemIndex, false) as boolean;
	const parts = splitText(text, LIMITS.text).map((body) => ({ body, preview_url: previewUrl }));
	return { json: { sent: await sendMessages.call(this, itemIndex, 'text', parts) } };
};
