import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, phoneNumberIdField, replyToOption, toField } from '../common.descriptions';
import { LimitCheck } from '../limits';
import { sendMessages } from '../send';
import type { WhatsAppOperation } from '../types';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	phoneNumberIdField,
	toField,
	{
		displayName: 'Template Name',
		name: 'templateName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'recordatorio_clase',
		description: 'The name of an approved template, as shown in WhatsApp Manager → Message Templates',
	},
	{
		displayName: 'Language Code',
		name: 'languageCode',
		type: 'string',
		required: true,
		default: 'es',
		placeholder: 'es, pt_BR, en_US',
		description: 'The language the template was approved in; each language is a separate template to WhatsApp',
	},
	{
		displayName: 'Body Parameters',
		name: 'bodyParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Parameter',
		default: {},
		description: 'Values for the {{1}}, {{2}} … or {{name}} placeholders of the template body, in order',
		options: [
			{
				displayName: 'Parameter',
				name: 'parameter',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						description: 'For templates with named placeholders ({{first_name}}); leave empty for numbered ones',
					},
					{
						displayName: 'Text',
						name: 'text',
						type: 'string',
						default: '',
					},
				],
			},
		],
	},
	{
		displayName: 'Button Parameters',
		name: 'buttonParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Button Parameter',
		default: {},
		description: 'Values for template buttons that need one: a quick reply payload or the variable end of a link',
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{
						displayName: 'Button Index',
						name: 'index',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 9 },
						default: 0,
						description: 'Position of the button in the template, counting from 0',
					},
					{
						displayName: 'Kind',
						name: 'subType',
						type: 'options',
						options: [
							{ name: 'Quick Reply', value: 'quick_reply', description: 'The payload the trigger reports when tapped' },
							{ name: 'Link', value: 'url', description: 'The variable part at the end of the link' },
						],
						default: 'quick_reply',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
					},
				],
			},
		],
	},
	optionsCollection([
		{
			displayName: 'Header Image',
			name: 'headerImage',
			type: 'string',
			default: '',
			placeholder: 'https://example.com/academy.jpg',
			description: 'For templates whose header is an image: a public https link or the media ID of an uploaded image',
		},
		{
			displayName: 'Header Text Parameter',
			name: 'headerText',
			type: 'string',
			default: '',
			description: 'For templates whose text header has a {{1}} placeholder',
		},
		replyToOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendTemplate'] } },
	properties,
);

interface BodyParameter {
	name?: string;
	text?: string;
}

interface ButtonParameter {
	index?: number;
	subType?: 'quick_reply' | 'url';
	value?: string;
}

export const execute: WhatsAppOperation = async function (this, itemIndex) {
	const check = new LimitCheck();
	const name = String(parameter(this, 'templateName', itemIndex, '') ?? '').trim();
	const language = String(parameter(this, 'languageCode', itemIndex, '') ?? '').trim();
	check.required('Template Name', name).required('Language Code', language);
	if (name && !/^[a-z0-9_]+$/.test(name)) {
		check.add(`template name '${name}' may only have lower-case letters, digits and underscores`);
	}
	const body = (parameter(this, 'bodyParameters.parameter', itemIndex, []) as BodyParameter[]) ?? [];
	const buttons = (parameter(this, 'buttonParameters.button', itemIndex, []) as ButtonParameter[]) ?? [];
	const headerText = String(parameter(this, 'options.headerText', itemIndex, '') ?? '');
	const headerImage = String(parameter(this, 'options.headerImage', itemIndex, '') ?? '').trim();
	for (const [index, parameter] of body.entries()) check.required(`Body parameter ${index + 1}`, parameter.text);
	for (const button of buttons) check.required(`Value of template button ${button.index ?? 0}`, button.value);
	if (headerText && headerImage) check.add('a template header is either text or an image, not both');
	check.assert(this, itemIndex);

	const components: IDataObject[] = [];
	if (headerText) components.push({ type: 'header', parameters: [{ type: 'text', text: headerText }] });
	if (headerImage) {
		const image = /^https?:\/\//i.test(headerImage) ? { link: headerImage } : { id: headerImage };
		components.push({ type: 'header', parameters: [{ type: 'image', image }] });
	}
	if (body.length) {
		components.push({
			type: 'body',
			parameters: body.map((p) => ({
				type: 'text',
				...(p.name?.trim() ? { parameter_name: p.name.trim() } : {}),
				text: p.text,
			})),
		});
	}
	for (const button of buttons) {
		const subType = button.subType ?? 'quick_reply';
		components.push({
			type: 'button',
			sub_type: subType,
			index: String(button.index ?? 0),
			parameters: [subType === 'url' ? { type: 'text', text: button.value } : { type: 'payload', payload: button.value }],
		});
	}
	const template: IDataObject = { name, language: { code: language } };
	if (components.length) template.components = components;
	return { json: { sent: await sendMessages.call(this, itemIndex, 'template', [template]) } };
};
