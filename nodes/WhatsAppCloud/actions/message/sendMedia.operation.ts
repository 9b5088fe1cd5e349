import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, phoneNumberIdField, replyToOption, toField } from '../common.descriptions';
import { LIMITS, LimitCheck } from '../limits';
import { sendMessages } from '../send';
import type { WhatsAppOperation } from '../types';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	phoneNumberIdField,
	toField,
	{
		displayName: 'Media Type',
		name: 'mediaType',
		type: 'options',
		options: [
			{ name: 'Audio', value: 'audio' },
			{ name: 'Document', value: 'document' },
			{ name: 'Image', value: 'image' },
			{ name: 'Video', value: 'video' },
		],
		default: 'image',
	},
	{
		displayName: 'Media From',
		name: 'mediaFrom',
		type: 'options',
		options: [
			{ name: 'Link', value: 'link', description: 'A public https link WhatsApp downloads the file from' },
			{ name: 'Media ID', value: 'id', description: 'A file already uploaded to WhatsApp, or one a person sent' },
		],
		default: 'link',
	},
	{
		displayName: 'Link',
		name: 'link',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/schedule.pdf',
		displayOptions: { show: { mediaFrom: ['link'] } },
	},
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { mediaFrom: ['id'] } },
	},
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		default: '',
		description: `Text under the image, video or document, up to ${LIMITS.caption} characters (audio has none)`,
		displayOptions: { hide: { mediaType: ['audio'] } },
	},
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		placeholder: 'horarios.pdf',
		description: 'The name the person sees for the document',
		displayOptions: { show: { mediaType: ['document'] } },
	},
	optionsCollection([replyToOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendMedia'] } },
	properties,
);

function isWebLink(value: string): boolean {
	try {
		return ['https:', 'http:'].includes(new URL(value).protocol);
	} catch {
		return false;
	}
}

export const execute: WhatsAppOperation = async function (this, itemIndex) {
	const check = new LimitCheck();
	const type = parameter(this, 'mediaType', itemIndex) as string;
	const from = parameter(this, 'mediaFrom', itemIndex) as 'link' | 'id';
	const media: IDataObject = {};
	if (from === 'link') {
		const link = String(parameter(this, 'link', itemIndex, '') ?? '').trim();
		if (!isWebLink(link)) check.add('Link must be a full web address starting with https://');
		media.link = link;
	} else {
		const id = String(parameter(this, 'mediaId', itemIndex, '') ?? '').trim();
		check.required('Media ID', id);
		media.id = id;
	}
	if (type !== 'audio') {
		const caption = String(parameter(this, 'caption', itemIndex, '') ?? '');
		check.length('Caption', caption, LIMITS.caption);
		if (caption) media.caption = caption;
	}
	if (type === 'document') {
		const fileName = String(parameter(this, 'fileName', itemIndex, '') ?? '').trim();
		if (fileName) media.filename = fileName;
	}
	check.assert(this, itemIndex);
	return { json: { sent: await sendMessages.call(this, itemIndex, type, [media]) } };
};
