import type { INodeExecutionData } from 'n8n-workflow';

import { SAMPLE_ACADEMY } from '../../data/academy-profile';
import { GraphApiFake } from '../../fakes/graph-api';
import { OPENAI_ERRORS, type ChatRequestBody } from '../../fakes/openai';
import {
	inboundFixture,
	openAiCredentials,
	replyItem,
	runReply,
	useFakeClock,
	useFakeOpenAi,
} from './reply-workflow';

const fake = useFakeOpenAi();
const clock = useFakeClock();
const graph = new GraphApiFake();

beforeAll(async () => {
	await graph.start();
});
beforeEach(() => graph.reset());
afterAll(async () => {
	await graph.stop();
});

// The first bytes of an Ogg Opus file: what WhatsApp voice notes are.
const VOICE_NOTE = Buffer.concat([Buffer.from('OggS\u0000\u0002', 'latin1'), Buffer.alloc(58, 7), Buffer.from('OpusHead', 'latin1')]);
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);

const voiceMessage = inboundFixture('wa-inbound-audio-voice');
const photoMessage = inboundFixture('wa-inbound-image');

function withBinary(item: INodeExecutionData, bytes: Buffer, mimeType: string, fileName: string): INodeExecutionData {
	return { ...item, binary: { data: { data: bytes.toString('base64'), mimeType, fileName } } };
}

const lastUserContent = (request: ChatRequestBody) => request.messages[request.messages.length - 1].content;

describe('voice notes', () => {
	it('transcribes a voice note downloaded by the WhatsApp node, and answers what it says', async () => {
		fake.transcript = 'Hola, ¿cuánto sale la mensualidad?';
		fake.replyWith('El plan Unlimited sale $189 por mes.');
		const item = withBinary(replyItem({ message: voiceMessage, intent: 'OTRO', language: 'es' }), VOICE_NOTE, 'audio/ogg; codecs=opus', 'audio.ogg');
		const { reply } = await runReply([item], { credentials: openAiCredentials(fake) });

		const [upload] = await fake.transcriptionUploads();
		expect(upload).toMatchObject({ model: 'whisper-1', fileName: 'audio.ogg', mimeType: 'audio/ogg; codecs=opus' });
		expect(upload.bytes.equals(VOICE_NOTE)).toBe(true);
		expect(lastUserContent(fake.chatRequests()[0])).toBe(
			'<lead_message kind="voice note transcript">\nHola, ¿cuánto sale la mensualidad?\n</lead_message>',
		);
		expect(reply).toMatchObject({ mode: 'model', transcript: 'Hola, ¿cuánto sale la mensualidad?', attempts: 2 });
	});

	it("takes the intent and language from what the voice note says, which the Intent node could not hear", async () => {
		fake.transcript = 'Hi! Where is the academy? I want to drop by after work.';
		fake.replyWith(`We're at 2451 SW 27th Ave, Suite 200, Miami.`);
		const item = withBinary(replyItem({ message: voiceMessage, intent: 'OTRO', language: 'es' }), VOICE_NOTE, 'audio/ogg', 'audio.ogg');
		const { reply } = await runReply([item], { credentials: openAiCredentials(fake) });
		expect(reply).toMatchObject({ intent: 'UBICACION', language: 'en' });
		expect(fake.systemPrompts()[0]).toContain("TASK FOR THIS MESSAGE (the lead's intent: UBICACION)");
		expect(fake.systemPrompts()[0]).toContain('Reply in English');
		expect(reply.text.endsWith(`📍 Directions: ${SAMPLE_ACADEMY.mapUrl}`)).toBe(true);
	});

	it('downloads the voice note through the WhatsApp Cloud API credential when the item has no file', async () => {
		graph.addMedia(voiceMessage.media!.id, VOICE_NOTE, 'audio/ogg');
		fake.replyWith('El plan Unlimited sale $189 por mes.');
		const { reply } = await runReply([replyItem({ message: voiceMessage, intent: 'OTRO', language: 'es' })], {
			credentials: { ...openAiCredentials(fake), whatsAppCloudApi: graph.credentials() },
		});
		expect(graph.downloads).toHaveLength(1);
		expect(graph.downloads[0].authorization).toBe(`Bearer ${graph.accessToken}`);
		const [upload] = await fake.transcriptionUploads();
		expect(upload).toMatchObject({ fileName: 'voice-note.ogg', mimeType: 'audio/ogg; codecs=opus' });
		expect(upload.bytes.equals(VOICE_NOTE)).toBe(true);
		expect(reply.transcript).toBe(fake.transcript);
	});

	it('asks the lead to write when the credential names no transcription model', async () => {
		const item = withBinary(replyItem({ message: voiceMessage, intent: 'OTRO', language: 'pt' }), VOICE_NOTE, 'audio/ogg', 'audio.ogg');
		const { reply, replied } = await runReply([item], { credentials: openAiCredentials(fake, { transcriptionModel: '' }) });
		expect(replied).toHaveLength(1);
		expect(reply).toMatchObject({
			mode: 'deterministic',
			text: 'Por enquanto não consigo ouvir áudios. Pode me escrever, por favor?',
			transcript: null,
		});
		expect(fake.server.requests).toHaveLength(0);
	});

	it('asks the lead to write, by the Fallback output, when transcription keeps failing', async () => {
		fake.failTranscription({ status: 503, body: OPENAI_ERRORS.server }, 4);
		const item = withBinary(replyItem({ message: voiceMessage, intent: 'OTRO', language: 'en' }), VOICE_NOTE, 'audio/ogg', 'audio.ogg');
		const { reply, fellBack } = await runReply([item], { credentials: openAiCredentials(fake) });
		expect(clock.current.sleeps).toEqual([2000, 4000, 8000]);
		expect(fellBack).toHaveLength(1);
		expect(reply).toMatchObject({ mode: 'fallback', fallbackCode: 'server_error' });
		expect(reply.text).toBe("I can't listen to voice messages yet. Could you type it for me, please?");
		expect(fake.chatRequests()).toHaveLength(0);
	});

	it('says why when the voice note cannot be downloaded from WhatsApp', async () => {
		const { reply, fellBack } = await runReply([replyItem({ message: voiceMessage, intent: 'OTRO', language: 'en' })], {
			credentials: { ...openAiCredentials(fake), whatsAppCloudApi: graph.credentials() },
		});
		expect(fellBack).toHaveLength(1);
		expect(reply.fallbackCode).toBe('media_download');
		expect(reply.fallbackReason).toMatch(/^The voice note could not be downloaded: /);
	});
});

describe('photos', () => {
	it("answers a photo's caption", async () => {
		fake.replyWith('¡Qué linda foto! ¿Te gustaría venir a una clase de prueba?');
		const { reply } = await runReply([replyItem({ message: photoMessage, intent: 'OTRO', language: 'es' })], {
			credentials: openAiCredentials(fake),
		});
		expect(lastUserContent(fake.chatRequests()[0])).toBe('<lead_message kind="image caption">\nTaj Mahal\n</lead_message>');
		expect(reply.mode).toBe('model');
	});

	it('shows the photo to a model that can see, when staff turn that on', async () => {
		fake.replyWith('¡Qué linda foto!');
		const item = withBinary(replyItem({ message: photoMessage, intent: 'OTRO', language: 'es' }), PHOTO, 'image/jpeg', 'photo.jpg');
		await runReply([item], { credentials: openAiCredentials(fake), parameters: { options: { imagesToModel: true } } });
		expect(lastUserContent(fake.chatRequests()[0])).toEqual([
			{ type: 'text', text: '<lead_message kind="image caption">\nTaj Mahal\n</lead_message>' },
			{ type: 'image_url', image_url: { url: `data:image/jpeg;base64,${PHOTO.toString('base64')}`, detail: 'low' } },
		]);
	});

	it('thanks for a photo without a caption when answering without AI', async () => {
		const silentPhoto = { ...photoMessage, text: '', media: { ...photoMessage.media!, caption: null } };
		const { reply } = await runReply([replyItem({ message: silentPhoto, intent: 'OTRO', language: 'en' })], {
			parameters: { answerSource: 'deterministic' },
			settings: { noCredentials: true },
		});
		expect(reply.text).toBe('Thanks for the picture! How can I help you?');
	});
});
