import { randomBytes } from 'node:crypto';

import { errorOf, inboundItem, messageOf, runSendNode, useGraphFake } from './run';

const graph = useGraphFake();

describe('WhatsApp Cloud: send media', () => {
	it('sends an image by link with a caption', async () => {
		const run = await runSendNode(graph, {
			resource: 'message',
			operation: 'sendMedia',
			mediaType: 'image',
			mediaFrom: 'link',
			link: 'https://example.com/horarios.jpg',
			caption: 'Nuestros horarios',
		});
		expect(errorOf(run)).toBeUndefined();
		expect(graph.sends()[0]).toMatchObject({
			type: 'image',
			image: { link: 'https://example.com/horarios.jpg', caption: 'Nuestros horarios' },
		});
		expect(run.items[0].json.sent).toMatchObject({ type: 'image', messageId: 'wamid.FAKE000001' });
	});

	it('sends a document by media ID with its file name, and audio without a caption', async () => {
		await runSendNode(graph, {
			resource: 'message',
			operation: 'sendMedia',
			mediaType: 'document',
			mediaFrom: 'id',
			mediaId: '622684793477189',
			caption: 'Reglamento',
			fileName: 'reglamento.pdf',
		});
		await runSendNode(graph, {
			resource: 'message',
			operation: 'sendMedia',
			mediaType: 'audio',
			mediaFrom: 'id',
			mediaId: '1908647269898587',
			caption: 'ignored for audio',
		});
		expect(graph.sends().map((s) => ({ type: s.type, media: s[s.type as string] }))).toEqual([
			{ type: 'document', media: { id: '622684793477189', caption: 'Reglamento', filename: 'reglamento.pdf' } },
			{ type: 'audio', media: { id: '1908647269898587' } },
		]);
	});

	it('refuses a link that is not a web address', async () => {
		const run = await runSendNode(graph, {
			resource: 'message',
			operation: 'sendMedia',
			mediaType: 'video',
			mediaFrom: 'link',
			link: 'C:\\videos\\clase.mp4',
		});
		expect(errorOf(run)?.message).toBe('Link must be a full web address starting with https://.');
		expect(graph.requests).toHaveLength(0);
	});
});

describe('WhatsApp Cloud: download media', () => {
	it('downloads the document a person sent into a binary field, with the token on both calls', async () => {
		const item = inboundItem('wa-inbound-document');
		const media = messageOf(item).media!;
		const bytes = randomBytes(4096);
		graph.addMedia(media.id, bytes, media.mimeType);
		const run = await runSendNode(graph, { resource: 'media', operation: 'download' }, { items: [item] });
		expect(errorOf(run)).toBeUndefined();
		const [out] = run.items;
		const binary = out.binary!.data;
		expect(Buffer.from(binary.data, 'base64').equals(bytes)).toBe(true);
		expect(binary).toMatchObject({ mimeType: 'application/pdf', fileName: 'receipt.pdf' });
		expect(out.json.media).toEqual({
			id: media.id,
			mimeType: 'application/pdf',
			sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
			fileSize: 4096,
			fileName: 'receipt.pdf',
		});
		expect(out.json.message).toEqual(item.json.message);
		expect(graph.requests.map((r) => r.path)).toEqual([`/v24.0/${media.id}`]);
		expect(graph.downloads).toEqual([
			{ path: expect.stringContaining(`/media-download/${media.id}`), authorization: `Bearer ${graph.accessToken}` },
		]);
	});

	it('names a voice note after its media ID and puts it where asked', async () => {
		const item = inboundItem('wa-inbound-audio-voice');
		const media = messageOf(item).media!;
		graph.addMedia(media.id, Buffer.from('OggS fake opus'), media.mimeType);
		const run = await runSendNode(
			graph,
			{ resource: 'media', operation: 'download', binaryPropertyName: 'voice' },
			{ items: [item] },
		);
		expect(run.items[0].binary!.voice).toMatchObject({ fileName: media.id, mimeType: 'audio/ogg; codecs=opus' });
	});

	it('explains a media ID WhatsApp does not know', async () => {
		const run = await runSendNode(graph, { resource: 'media', operation: 'download', mediaId: '999' }, { items: [{ json: {} }] });
		expect(errorOf(run)?.message).toBe(
			'WhatsApp rejected a value in the request. Check the fields of this node against the details below.',
		);
		expect(errorOf(run)?.description).toContain("Object with ID '999' does not exist");
	});
});
