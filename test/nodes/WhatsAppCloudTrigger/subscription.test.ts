import { captureLogs, WEBHOOK_BASE_URL } from '../../helpers/webhook-context';
import { useTriggerSetup } from './harness';

const setup = useTriggerSetup('wa_trigger_subscription');

const withApp = () => ({ whatsApp: { appId: setup.graph.appId } });

describe('WhatsApp Cloud Trigger: callback URL', () => {
	it('has one stable production URL for the handshake and the messages, made of the path alone', () => {
		const trigger = setup.trigger();
		expect(trigger.webhookUrl('default')).toBe(`${WEBHOOK_BASE_URL}/whatsapp`);
		expect(trigger.webhookUrl('setup')).toBe(`${WEBHOOK_BASE_URL}/whatsapp`);
		expect(setup.trigger({ path: 'meta-app-2' }).webhookUrl()).toBe(`${WEBHOOK_BASE_URL}/meta-app-2`);
	});
});

describe('WhatsApp Cloud Trigger: registration with Meta', () => {
	it('registers the callback URL through the app subscription API on activation', async () => {
		const trigger = setup.trigger({}, withApp());
		expect(await trigger.lifecycle('checkExists')).toBe(false);
		expect(await trigger.lifecycle('create')).toBe(true);
		const post = setup.graph.requests.find((r) => r.method === 'POST')!;
		expect(post.path).toBe(`/v24.0/${setup.graph.appId}/subscriptions`);
		expect(post.query.get('access_token')).toBe(`${setup.graph.appId}|${setup.graph.appSecret}`);
		expect(post.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(Object.fromEntries(new URLSearchParams(post.rawBody.toString()))).toEqual({
			object: 'whatsapp_business_account',
			callback_url: `${WEBHOOK_BASE_URL}/whatsapp`,
			verify_token: 'academy-verify-token',
			fields: 'messages',
			include_values: 'true',
		});
		expect(await trigger.lifecycle('checkExists')).toBe(true);
	});

	it('removes its own registration on deactivation', async () => {
		const trigger = setup.trigger({}, withApp());
		await trigger.lifecycle('create');
		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(setup.graph.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
		expect(setup.graph.subscriptions.get(setup.graph.appId)).toEqual([]);
	});

	it('refuses to take over an app that sends to another URL, and leaves that URL alone', async () => {
		const other = setup.trigger({ path: 'other-workflow' }, withApp());
		await other.lifecycle('create');
		const trigger = setup.trigger({}, withApp());
		await expect(trigger.lifecycle('checkExists')).rejects.toThrow(
			`This Meta app already sends its WhatsApp webhooks to ${WEBHOOK_BASE_URL}/other-workflow. Meta allows one callback URL per app`,
		);
		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(setup.graph.subscriptions.get(setup.graph.appId)?.[0].callback_url).toBe(`${WEBHOOK_BASE_URL}/other-workflow`);
	});

	it('says which credential fields to check when Meta refuses the app token', async () => {
		const trigger = setup.trigger({}, { whatsApp: { appId: setup.graph.appId, appSecret: 'wrong' } });
		await expect(trigger.lifecycle('checkExists')).rejects.toThrow(
			`Meta did not accept the webhook registration for app ${setup.graph.appId}. Check the App ID and App Secret in the WhatsApp Cloud API credential.`,
		);
	});

	it('asks for a verify token before registering', async () => {
		const trigger = setup.trigger({}, { whatsApp: { appId: setup.graph.appId, verifyToken: '' } });
		await expect(trigger.lifecycle('create')).rejects.toThrow('Set a Webhook Verify Token in the WhatsApp Cloud API credential');
		expect(setup.graph.requests).toHaveLength(0);
	});

	it('without an App ID registers nothing and logs the URL to paste into Meta\'s dashboard', async () => {
		const logs = captureLogs();
		const trigger = setup.trigger();
		expect(await trigger.lifecycle('checkExists')).toBe(true);
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(setup.graph.requests).toHaveLength(0);
		expect(logs).toContainEqual({
			level: 'info',
			message: expect.stringContaining('paste the callback URL into Meta App Dashboard'),
			meta: { callbackUrl: `${WEBHOOK_BASE_URL}/whatsapp` },
		});
	});
});
