import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { graphRequest, type GraphResponse } from '../../transport/graph';
import { optionsCollection } from '../common.descriptions';
import { LimitCheck } from '../limits';
import type { WhatsAppOperation } from '../types';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '={{ $json.message.media.id }}',
		description: 'The ID of a photo, voice note, video or document a person sent (downloadable for 7 days)',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
	},
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '={{ $json.message?.media?.filename || "" }}',
		description: 'Name to give the file; by default the name the person sent, else the media ID',
	},
	optionsCollection([]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['media'], operation: ['download'] } },
	properties,
);

interface MediaInfo {
	url: string;
	mime_type?: string;
	sha256?: string;
	file_size?: number | string;
	id?: string;
}

/**
 * Two calls, as Meta requires: the media ID gives a download URL valid for five minutes, and the
 * URL itself needs the same access token.
 */
export const execute: WhatsAppOperation = async function (this, itemIndex) {
	const mediaId = String(parameter(this, 'mediaId', itemIndex, '') ?? '').trim();
	const property = String(parameter(this, 'binaryPropertyName', itemIndex, 'data') ?? '').trim();
	new LimitCheck().required('Media ID', mediaId).required('Put Output File in Field', property).assert(this, itemIndex);
	const { body: info } = (await graphRequest.call(
		this,
		{ method: 'GET', path: encodeURIComponent(mediaId) },
		itemIndex,
	)) as GraphResponse<MediaInfo>;
	const { body: file } = (await graphRequest.call(
		this,
		{ method: 'GET', url: info.url, binary: true },
		itemIndex,
	)) as GraphResponse<Buffer>;
	const fileName = String(parameter(this, 'fileName', itemIndex, '') ?? '').trim() || mediaId;
	const binary = await this.helpers.prepareBinaryData(Buffer.from(file), fileName, info.mime_type);
	return {
		json: {
			media: {
				id: mediaId,
				mimeType: info.mime_type ?? null,
				sha256: info.sha256 ?? null,
				fileSize: info.file_size === undefined ? null : Number(info.file_size),
				fileName,
			},
		},
		binary: { [property]: binary },
	};
};
