import type { IExecuteFunctions } from 'n8n-workflow';

import { nodeCredentials } from '../../shared/kept-credentials';
import { graphRequest, type GraphResponse } from '../../WhatsAppCloud/transport/graph';
import { WHATSAPP_CREDENTIAL } from '../../WhatsAppCloud/transport/credentials';
import type { InboundMedia } from './inputs';
import { parameter } from '../../shared/parameter';

export interface MediaFile {
	data: Buffer;
	mimeType: string;
	fileName: string;
}

const EXTENSIONS: Record<string, string> = {
	'audio/ogg': 'ogg',
	'audio/mpeg': 'mp3',
	'audio/mp4': 'm4a',
	'audio/aac': 'aac',
	'audio/amr': 'amr',
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
};

/** "audio/ogg; codecs=opus" → "voice-note.ogg": transcription endpoints pick the decoder by extension. */
function fileNameFor(mimeType: string, stem: string): string {
	const base = mimeType.split(';')[0].trim().toLowerCase();
	return `${stem}.${EXTENSIONS[base] ?? base.split('/')[1] ?? 'bin'}`;
}

/**
 * The bytes of a voice note or photo: the binary field a WhatsApp Cloud node (Download Media) put on
 * the item, or else a download through the WhatsApp Cloud API credential, the way that node does it
 * (media id → short-lived URL → file, both with the access token). Null when neither is available.
 */
export async function mediaFile(
	this: IExecuteFunctions,
	itemIndex: number,
	media: InboundMedia,
	stem: string,
): Promise<MediaFile | null> {
	const property = String(parameter(this, 'options.binaryPropertyName', itemIndex, 'data') ?? '').trim();
	const binary = property ? this.getInputData()[itemIndex]?.binary?.[property] : undefined;
	if (binary) {
		const mimeType = binary.mimeType || media.mimeType;
		return {
			data: await this.helpers.getBinaryDataBuffer(itemIndex, property),
			mimeType,
			fileName: binary.fileName || fileNameFor(mimeType, stem),
		};
	}
	if (!nodeCredentials(this)[WHATSAPP_CREDENTIAL] || (!media.id && !media.url)) return null;
	let url = media.url;
	if (media.id) {
		const { body } = (await graphRequest.call(
			this,
			{ method: 'GET', path: encodeURIComponent(media.id) },
			itemIndex,
		)) as GraphResponse<{ url: string }>;
		url = body.url;
	}
	const { body: file } = (await graphRequest.call(this, { method: 'GET', url: url!, binary: true }, itemIndex)) as GraphResponse<Buffer>;
	return { data: Buffer.from(file), mimeType: media.mimeType, fileName: fileNameFor(media.mimeType, stem) };
}
