import type { StatusEvent } from '../../../nodes/WhatsAppCloudTrigger/events';
import type { WebhookPayload } from '../../../nodes/WhatsAppCloudTrigger/payload';
import { fixture } from '../../helpers/fixtures';
import { deliver, deliverPayload, useTriggerSetup } from './harness';

const setup = useTriggerSetup('wa_trigger_statuses');
const withStatuses = { options: { emitStatuses: true } };

function valueOf(name: string): unknown {
	return fixture<WebhookPayload>('whatsapp', name).entry![0].changes![0].value;
}

const NUMBER = { phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881' };
const BSUID = 'user.9373795779eb6441c8adb2eaee5b848e7dd174ddd302d7db62142f4722d574b6';
const MARKETING = { billable: true, model: 'PMP', type: 'regular', category: 'marketing' };

const EXPECTED: Record<string, Omit<StatusEvent, 'original'>> = {
	'wa-status-sent': {
		...NUMBER,
		kind: 'status',
		messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
		status: 'sent',
		timestamp: '2025-06-15T23:27:53.000Z',
		recipientId: '16505551234',
		recipientUserId: null,
		pricing: MARKETING,
		errors: [],
	},
	'wa-status-sent-v24-minimal': {
		...NUMBER,
		kind: 'status',
		messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
		status: 'sent',
		timestamp: '2025-06-15T23:27:53.000Z',
		recipientId: '16505551234',
		recipientUserId: null,
		pricing: null,
		errors: [],
	},
	'wa-status-delivered': {
		...NUMBER,
		kind: 'status',
		messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA',
		status: 'delivered',
		timestamp: '2025-06-18T16:22:53.000Z',
		recipientId: '16505551234',
		recipientUserId: null,
		pricing: { billable: true, model: 'CBP', type: null, category: 'service' },
		errors: [],
	},
	'wa-status-failed': {
		...NUMBER,
		kind: 'status',
		messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QUQ2MjA4NEYyRkExNjMyREUA',
		status: 'failed',
		timestamp: '2025-06-28T20:34:48.000Z',
		recipientId: '16505551234',
		recipientUserId: null,
		pricing: null,
		errors: [
			{
				code: 131049,
				title: 'This message was not delivered to maintain healthy ecosystem engagement.',
				details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
				meaning:
					'WhatsApp held back this marketing message to avoid tiring the person. Try again in a few days, or send a service reply once they write.',
			},
		],
	},
	'wa-bsuid-status-delivered': {
		...NUMBER,
		kind: 'status',
		messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
		status: 'delivered',
		timestamp: '2025-06-15T23:27:53.000Z',
		recipientId: '16505551234',
		recipientUserId: null,
		pricing: MARKETING,
		errors: [],
	},
	'wa-bsuid-status-delivered-wa_id-empty': {
		...NUMBER,
		kind: 'status',
		messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
		status: 'delivered',
		timestamp: '2025-06-15T23:27:53.000Z',
		recipientId: null,
		recipientUserId: BSUID,
		pricing: MARKETING,
		errors: [],
	},
	'wa-errors-system-level-130429': {
		...NUMBER,
		kind: 'error',
		messageId: null,
		status: null,
		timestamp: null,
		recipientId: null,
		recipientUserId: null,
		pricing: null,
		errors: [
			{
				code: 130429,
				title: 'Rate limit hit',
				details:
					'Message failed to send because there were too many messages sent from this phone number in a short period of time',
				meaning:
					'This phone number is sending faster than WhatsApp allows. The node waited and retried; send fewer messages at once.',
			},
		],
	},
};

describe('WhatsApp Cloud Trigger: statuses', () => {
	it.each(Object.keys(EXPECTED))('never starts the workflow for %s while Emit Statuses is off', async (name) => {
		const result = await deliver(setup.trigger(), setup.graph, name);
		expect(result.status).toBe(200);
		expect(result.startsExecution).toBe(false);
	});

	it.each(Object.keys(EXPECTED))('emits %s on the second output when Emit Statuses is on', async (name) => {
		const result = await deliver(setup.trigger(withStatuses), setup.graph, name);
		expect(result.outputs).toEqual([[], [{ status: { ...EXPECTED[name], original: valueOf(name) } }]]);
	});

	it('keeps messages on the first output when statuses are on', async () => {
		const result = await deliver(setup.trigger(withStatuses), setup.graph, 'wa-inbound-text');
		expect(result.outputs.map((o) => o.length)).toEqual([1, 0]);
		expect(result.outputs[0][0].message).toMatchObject({ type: 'text' });
	});

	it('emits each status of a message once, and every new status', async () => {
		const trigger = setup.trigger(withStatuses);
		const sent = await deliver(trigger, setup.graph, 'wa-status-sent');
		const again = await deliver(trigger, setup.graph, 'wa-status-sent');
		const delivered = await deliver(trigger, setup.graph, 'wa-bsuid-status-delivered');
		expect([sent, again, delivered].map((r) => r.startsExecution)).toEqual([true, false, true]);
	});

	it('starts the workflow only for the statuses chosen, and always for errors Meta reports for the number', async () => {
		const trigger = setup.trigger({ options: { emitStatuses: true, statuses: ['read', 'failed'] } });
		const results = await Promise.all(
			['wa-status-sent', 'wa-status-delivered', 'wa-status-failed', 'wa-errors-system-level-130429'].map(
				async (name) => await deliver(trigger, setup.graph, name),
			),
		);
		expect(results.map((r) => [r.status, r.startsExecution])).toEqual([
			[200, false],
			[200, false],
			[200, true],
			[200, true],
		]);
		const deliveredOnly = setup.trigger({ options: { emitStatuses: true, statuses: ['delivered'] } });
		const chosen = await Promise.all(
			['wa-status-sent', 'wa-status-delivered'].map(async (name) => await deliver(deliveredOnly, setup.graph, name)),
		);
		expect(chosen.map((r) => r.startsExecution)).toEqual([false, true]);
	});

	it('walks a batch of statuses and messages across entries and changes', async () => {
		const payload = fixture<WebhookPayload>('whatsapp', 'wa-inbound-text');
		const statuses = fixture<WebhookPayload>('whatsapp', 'wa-status-failed');
		const errors = fixture<WebhookPayload>('whatsapp', 'wa-errors-system-level-130429');
		const batch = fixture<WebhookPayload>('whatsapp', 'wa-batched-multiple-messages.thirdparty');
		payload.entry![0].changes!.push(...statuses.entry![0].changes!);
		payload.entry!.push(...errors.entry!, ...batch.entry!);
		const result = await deliverPayload(setup.trigger(withStatuses), setup.graph, payload);
		expect(result.outputs[0].map((i) => (i.message as { messageId: string }).messageId)).toEqual([
			'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
			'wamid.GBGX2323902',
			'wamid.OMGReaction',
		]);
		expect(result.outputs[1].map((i) => (i.status as StatusEvent).kind)).toEqual(['status', 'error']);
	});

	it('offers a second output only when Emit Statuses is on', () => {
		const outputs = setup.trigger().nodeType.description.outputs as string;
		const evaluate = (options: { emitStatuses?: boolean }) => {
			const trigger = setup.trigger({ options });
			return trigger.workflow.expression.getSimpleParameterValue(trigger.node, outputs, 'internal', {});
		};
		expect(evaluate({})).toEqual([{ type: 'main', displayName: 'Messages' }]);
		expect(evaluate({ emitStatuses: true })).toEqual([
			{ type: 'main', displayName: 'Messages' },
			{ type: 'main', displayName: 'Statuses' },
		]);
	});
});
