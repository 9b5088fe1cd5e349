import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { InboundMessage } from '../../../nodes/shared/types';
import type { WebhookPayload } from '../../../nodes/WhatsAppCloudTrigger/payload';
import { fixture, FIXTURES_DIR } from '../../helpers/fixtures';
import { deliver, deliverPayload, useTriggerSetup } from './harness';

const setup = useTriggerSetup('wa_trigger_outputs');

/** The `value` of the first change: what every item keeps as `original`. */
function valueOf(name: string): unknown {
	return fixture<WebhookPayload>('whatsapp', name).entry![0].changes![0].value;
}

const SHEENA = {
	phoneNumberId: '106540352242922',
	displayPhoneNumber: '15550783881',
	waId: '16505551234',
	userId: null,
	profileName: 'Sheena Nelson',
};
const PABLO = { ...SHEENA, profileName: 'Pablo Morales' };
const NOTHING = { replyId: null, media: null, location: null, referral: null, replyToMessageId: null };
const WAMID_A = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=';
const WAMID_B = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=';
const LOOKASIDE = 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=133...';

/** What the trigger emits for every inbound fixture Meta publishes (and one SDK batch), item by item. */
const EXPECTED: Record<string, Array<Omit<InboundMessage, 'original'>>> = {
	'wa-inbound-text': [
		{ ...SHEENA, ...NOTHING, messageId: WAMID_A, timestamp: '2025-06-08T20:59:43.000Z', type: 'text', text: 'Does it come in another color?' },
	],
	'wa-inbound-text-ctwa-referral': [
		{
			...SHEENA,
			...NOTHING,
			messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUQ0N0VFMDA2MTQ0RkJFNkNDNAA=',
			timestamp: '2025-06-18T19:46:32.000Z',
			type: 'text',
			text: 'Can I get more info about this?',
			referral: {
				sourceId: '120226305854810726',
				sourceType: 'ad',
				sourceUrl: 'https://fb.me/3cr4Wqqkv',
				headline: 'Chat with us',
				body: 'Summer Succulents are here!',
				ctwaClid:
					'Aff-n8ZTODiE79d22KtAwQKj9e_mIEOOj27vDVwFjN80dp4_0NiNhEgpGo0AHemvuSoifXaytfTzcchptiErTKCqTrJ5nW1h7IHYeYymGb5K5J5iTROpBhWAGaIAeUzHL50',
			},
		},
	],
	'wa-inbound-text-referred-product': [
		{
			...SHEENA,
			...NOTHING,
			messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTA2NTUwRkNEMDdFQjJCRUU0NQA=',
			timestamp: '2025-06-15T19:46:40.000Z',
			type: 'text',
			text: 'Is this still available?',
			replyToMessageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGA9wcm9kdWN0X2lucXVpcnkA',
		},
	],
	'wa-inbound-interactive-button-reply': [
		{
			...PABLO,
			...NOTHING,
			messageId: 'wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQThBREYwNzc2RDc2QjA1QTIwMgA=',
			timestamp: '2024-04-30T20:46:43.000Z',
			type: 'interactive',
			text: 'Change',
			replyId: 'change-button',
			replyToMessageId: 'wamid.HBgLMTY0NjcwNDM1OTUVAgARGBJBM0Y4RUU0RUNFQkFDMjYzQUMA',
		},
	],
	'wa-inbound-interactive-list-reply': [
		{
			...PABLO,
			...NOTHING,
			messageId: 'wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQTZDMzFGRUFBQjlDMzIzMzlEQwA=',
			timestamp: '2024-04-08T16:57:23.000Z',
			type: 'interactive',
			text: 'Priority Mail Express',
			replyId: 'priority_express',
			replyToMessageId: 'wamid.HBgLMTY0NjcwNDM1OTUVAgARGBIwMjg0RkMxOEMyMkNEQUFFRDgA',
		},
	],
	'wa-inbound-button-template-quick-reply': [
		{
			...SHEENA,
			...NOTHING,
			messageId: WAMID_B,
			timestamp: '2025-06-16T16:24:05.000Z',
			type: 'button',
			text: 'Unsubscribe',
			replyId: 'Unsubscribe',
			replyToMessageId: 'wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=',
		},
	],
	'wa-inbound-image': [
		{
			...SHEENA,
			...NOTHING,
			messageId: WAMID_A,
			timestamp: '2025-04-11T04:08:16.000Z',
			type: 'image',
			text: 'Taj Mahal',
			media: { id: '1003383421387256', mimeType: 'image/jpeg', url: LOOKASIDE, caption: 'Taj Mahal', filename: null, voice: false },
		},
	],
	'wa-inbound-audio-voice': [
		{
			...SHEENA,
			...NOTHING,
			messageId: WAMID_A,
			timestamp: '2025-04-11T04:08:16.000Z',
			type: 'audio',
			text: '',
			media: { id: '1908647269898587', mimeType: 'audio/ogg; codecs=opus', url: LOOKASIDE, caption: null, filename: null, voice: true },
		},
	],
	'wa-inbound-video': [
		{
			...SHEENA,
			...NOTHING,
			messageId: WAMID_A,
			timestamp: '2025-04-11T04:08:16.000Z',
			type: 'video',
			text: 'Timelapse of growth',
			media: { id: '731675419373506', mimeType: 'video/mp4', url: LOOKASIDE, caption: 'Timelapse of growth', filename: null, voice: false },
		},
	],
	'wa-inbound-document': [
		{
			...SHEENA,
			...NOTHING,
			messageId: WAMID_A,
			timestamp: '2025-04-11T04:08:16.000Z',
			type: 'document',
			text: 'my receipt',
			media: { id: '622684793477189', mimeType: 'application/pdf', url: LOOKASIDE, caption: 'my receipt', filename: 'receipt.pdf', voice: false },
		},
	],
	'wa-inbound-sticker': [
		{
			...SHEENA,
			...NOTHING,
			messageId: WAMID_A,
			timestamp: '2025-04-11T04:08:16.000Z',
			type: 'sticker',
			text: '',
			media: { id: '1908647269898587', mimeType: 'image/webp', url: LOOKASIDE, caption: null, filename: null, voice: false },
		},
	],
	'wa-inbound-location': [
		{
			...SHEENA,
			...NOTHING,
			messageId: WAMID_B,
			timestamp: '2025-04-11T04:08:16.000Z',
			type: 'location',
			text: 'Philz Coffee, 101 Forest Ave, Palo Alto, CA 94301',
			location: { latitude: 37.44221496582, longitude: -122.16165924072, name: 'Philz Coffee', address: '101 Forest Ave, Palo Alto, CA 94301' },
		},
	],
	'wa-inbound-contacts': [
		{
			...SHEENA,
			...NOTHING,
			messageId: WAMID_A,
			timestamp: '2025-04-11T04:08:16.000Z',
			type: 'contacts',
			text: 'Barbara J. Johnson, Social Tsunami, +1 (415) 555-0829',
		},
	],
	'wa-inbound-reaction': [
		{
			...SHEENA,
			...NOTHING,
			messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
			timestamp: '2025-06-08T21:52:24.000Z',
			type: 'reaction',
			text: '👍',
			replyToMessageId: 'wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=',
		},
	],
	'wa-inbound-unsupported': [
		{ ...SHEENA, ...NOTHING, messageId: WAMID_B, timestamp: '2025-06-16T16:18:22.000Z', type: 'unsupported', text: '' },
	],
	'wa-batched-multiple-messages.thirdparty': [
		{
			...NOTHING,
			phoneNumberId: '987654321',
			displayPhoneNumber: '1-555-123-4567',
			waId: '1234567890',
			userId: null,
			profileName: 'Sam Sample',
			messageId: 'wamid.GBGX2323902',
			timestamp: '2023-03-29T20:57:36.000Z',
			type: 'text',
			text: 'Hello from a text message',
		},
		{
			...NOTHING,
			phoneNumberId: '987654321',
			displayPhoneNumber: '1-555-123-4567',
			waId: '1234567890',
			userId: null,
			profileName: 'Sam Sample',
			messageId: 'wamid.OMGReaction',
			timestamp: '2023-03-29T20:57:37.000Z',
			type: 'reaction',
			text: '👍',
			replyToMessageId: 'wamid.GBGX2323902',
		},
	],
};

describe('WhatsApp Cloud Trigger: one item per inbound message', () => {
	it('has an expected output for every inbound fixture', () => {
		const inbound = readdirSync(join(FIXTURES_DIR, 'whatsapp'))
			.filter((f) => /^wa-(inbound|batched)-/.test(f))
			.map((f) => f.replace(/\.json$/, ''));
		expect(Object.keys(EXPECTED).sort()).toEqual(inbound.sort());
	});

	it.each(Object.keys(EXPECTED))('%s', async (name) => {
		const trigger = setup.trigger();
		const result = await deliver(trigger, setup.graph, name);
		expect(result.status).toBe(200);
		expect(result.outputs).toHaveLength(1);
		expect(result.outputs[0]).toEqual(
			EXPECTED[name].map((message) => ({ message: { ...message, original: valueOf(name) } })),
		);
	});
});

describe('WhatsApp Cloud Trigger: senders in a batch', () => {
	it('takes each sender from its own message when one contact entry cannot be everyone\'s', async () => {
		const payload = fixture<WebhookPayload>('whatsapp', 'wa-batched-multiple-messages.thirdparty');
		payload.entry![0].changes![0].value!.messages![1].from = '5511987654321';
		const result = await deliverPayload(setup.trigger(), setup.graph, payload);
		expect(result.outputs[0].map((i) => i.message)).toEqual([
			expect.objectContaining({ waId: '1234567890', profileName: 'Sam Sample' }),
			expect.objectContaining({ waId: '5511987654321', profileName: null }),
		]);
	});
});
