import { createHmac } from 'node:crypto';

import { escapeUnicode, isSignedByMeta } from '../../../nodes/WhatsAppCloudTrigger/signature';
import { fixtureText } from '../../helpers/fixtures';
import { captureLogs } from '../../helpers/webhook-context';
import { deliver, signatureOf, useTriggerSetup } from './harness';

const setup = useTriggerSetup('wa_trigger_verification');

/** The text fixture with a Spanish message, as Meta sends non-ASCII text: raw UTF-8 on the wire. */
function accentedBody(): string {
	return fixtureText('whatsapp', 'wa-inbound-text').replace(
		'Does it come in another color?',
		'¿Cuánto sale la clase de prueba? Mañana puedo 🥋',
	);
}

describe('WhatsApp Cloud Trigger: signature', () => {
	it('starts the workflow for a POST signed over its raw bytes', async () => {
		const result = await deliver(setup.trigger(), setup.graph, 'wa-inbound-text');
		expect(result.status).toBe(200);
		expect(result.startsExecution).toBe(true);
	});

	it('answers 401 and starts nothing without a signature', async () => {
		const logs = captureLogs();
		const result = await setup.trigger().call({ body: fixtureText('whatsapp', 'wa-inbound-text') });
		expect(result.status).toBe(401);
		expect(result.response).toMatchObject({ status: 401, body: 'Invalid signature', ended: true });
		expect(result.startsExecution).toBe(false);
		expect(logs).toEqual([
			{
				level: 'warn',
				message: 'WhatsApp Cloud Trigger rejected a request: X-Hub-Signature-256 is missing or does not match the App Secret',
				meta: { signaturePresent: false },
			},
		]);
	});

	it.each([
		['another secret', (body: string) => signatureOf(body, 'not-the-app-secret')],
		['a changed body', (body: string) => signatureOf(body.replace('color', 'colour'), 'test-app-secret')],
		['a SHA-1 header', (body: string) => `sha1=${createHmac('sha1', 'test-app-secret').update(body).digest('hex')}`],
		['a truncated digest', (body: string) => signatureOf(body, 'test-app-secret').slice(0, 40)],
	])('answers 401 and starts nothing for %s', async (_case, sign) => {
		const body = fixtureText('whatsapp', 'wa-inbound-text');
		const result = await setup.trigger().call({ body, headers: { 'x-hub-signature-256': sign(body) } });
		expect(result.status).toBe(401);
		expect(result.startsExecution).toBe(false);
	});

	it('accepts Meta\'s escaped-unicode signature of a message with accents and emoji', async () => {
		const body = accentedBody();
		const metaSignature = signatureOf(escapeUnicode(body), setup.graph.appSecret);
		expect(metaSignature).not.toBe(signatureOf(body, setup.graph.appSecret));
		const result = await setup.trigger().call({ body, headers: { 'x-hub-signature-256': metaSignature } });
		expect(result.status).toBe(200);
		expect((result.outputs[0][0].message as { text: string }).text).toBe('¿Cuánto sale la clase de prueba? Mañana puedo 🥋');
	});

	it('escapes as Meta documents: lowercase hex, one escape per UTF-16 unit', () => {
		expect(escapeUnicode('äöå')).toBe('\\u00e4\\u00f6\\u00e5');
		expect(escapeUnicode('👍')).toBe('\\ud83d\\udc4d');
		expect(escapeUnicode('plain/ascii')).toBe('plain/ascii');
	});

	it('accepts the previous app secret during a rotation, and refuses it once removed', async () => {
		const rotating = setup.trigger({}, { whatsApp: { appSecret: 'new-app-secret', previousAppSecret: setup.graph.appSecret } });
		expect((await deliver(rotating, setup.graph, 'wa-inbound-text')).status).toBe(200);
		expect((await deliver(rotating, setup.graph, 'wa-inbound-image', 'new-app-secret')).status).toBe(200);
		const rotated = setup.trigger({}, { whatsApp: { appSecret: 'new-app-secret', previousAppSecret: '' } });
		expect((await deliver(rotated, setup.graph, 'wa-inbound-video')).status).toBe(401);
	});

	it('never accepts a signature made with an empty secret', () => {
		const body = Buffer.from('{}');
		expect(isSignedByMeta(body, signatureOf(body, ''), ['', ''])).toBe(false);
	});
});

describe('WhatsApp Cloud Trigger: subscription handshake', () => {
	const handshake = (query: Record<string, string>) =>
		setup.trigger().call({ method: 'GET', query });

	it('answers the challenge as plain text when the verify token matches', async () => {
		const result = await handshake({
			'hub.mode': 'subscribe',
			'hub.verify_token': 'academy-verify-token',
			'hub.challenge': '1158201444',
		});
		expect(result.response).toEqual({
			status: 200,
			headers: { 'content-type': 'text/plain' },
			body: '1158201444',
			ended: true,
		});
		expect(result.startsExecution).toBe(false);
	});

	it.each([
		['a wrong token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '42' }],
		['no token', { 'hub.mode': 'subscribe', 'hub.challenge': '42' }],
		['another mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': 'academy-verify-token', 'hub.challenge': '42' }],
		['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': 'academy-verify-token' }],
	])('answers 403 for %s', async (_case, query) => {
		const result = await handshake(query);
		expect(result.status).toBe(403);
		expect(result.response.body).toBe('Verify token does not match');
		expect(result.startsExecution).toBe(false);
	});

	it('answers 403 to everyone while the credential has no verify token', async () => {
		const result = await setup
			.trigger({}, { whatsApp: { verifyToken: '' } })
			.call({ method: 'GET', query: { 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '42' } });
		expect(result.status).toBe(403);
	});
});
