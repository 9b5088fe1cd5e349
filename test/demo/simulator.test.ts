import { hexDigestsEqual, hmacSha256Hex } from '../../nodes/shared/signature';
import { WhatsAppSimulator } from '../../scripts/demo/simulator/server';
import { SAMPLE_ACADEMY } from '../data/academy-profile';
import { LoopbackServer, type RecordedRequest } from '../fakes/loopback-server';
import { fixture } from '../helpers/fixtures';

const BUSINESS = {
	businessAccountId: '102290129340398',
	phoneNumberId: '106540352242922',
	displayPhoneNumber: '15550783881',
};
const APP_SECRET = 'demo-app-secret';
const TOKEN = 'demo-access-token';
const CAL_SECRET = 'demo-cal-secret';

/** Every key path of a JSON value (array items merged), to compare shapes with Meta's and Cal.com's examples. */
function keyPaths(value: unknown, prefix = ''): string[] {
	if (Array.isArray(value))
		return [...new Set(value.flatMap((item) => keyPaths(item, `${prefix}[]`)))];
	if (value && typeof value === 'object') {
		return Object.entries(value).flatMap(([key, child]) => [
			`${prefix}.${key}`,
			...keyPaths(child, `${prefix}.${key}`),
		]);
	}
	return [];
}

const sorted = (paths: string[]) => [...new Set(paths)].sort();

interface WebhookValue {
	metadata: { phone_number_id: string };
	contacts?: Array<{ profile: { name: string }; wa_id: string }>;
	messages?: Array<{ interactive?: { list_reply?: { id: string } } }>;
	statuses?: Array<{ id: string; status: string }>;
}
const valueOf = (request: RecordedRequest) =>
	(request.body as { entry: Array<{ changes: Array<{ value: WebhookValue }> }> }).entry[0]
		.changes[0].value;

interface SendAnswer {
	contacts: Array<{ input: string; wa_id: string }>;
	messages: Array<{ id: string; message_status?: string }>;
}
type GraphErrorAnswer = { error: { code: number; type: string } };
type Json = Record<string, unknown>;

describe('WhatsApp simulator', () => {
	let n8n: LoopbackServer;
	let simulator: WhatsAppSimulator;
	let lead: { waId: string; name: string };

	const graph = (path: string, body: unknown, token = TOKEN) =>
		fetch(`${simulator.url}/v24.0/${path}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
	const webhooks = () => n8n.received(/^\/webhook\/whatsapp$/, 'POST');
	// Status reports of earlier sends arrive in between: the person's messages are the ones with `messages`.
	const lastInbound = () =>
		webhooks()
			.filter((r) => valueOf(r).messages)
			.pop()!;
	const signatureValid = (
		request: RecordedRequest,
		secret: string,
		header: string,
		prefix: string,
	) => {
		const received = String(request.headers[header] ?? '');
		return (
			received.startsWith(prefix) &&
			hexDigestsEqual(hmacSha256Hex(secret, request.rawBody), received.slice(prefix.length))
		);
	};
	const waitFor = async <T>(probe: () => T | undefined, what: string): Promise<T> => {
		for (let i = 0; i < 100; i++) {
			const found = probe();
			if (found) return found;
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		throw new Error(`waited in vain for ${what}`);
	};

	beforeAll(async () => {
		n8n = await new LoopbackServer()
			.route('POST', /^\/webhook\/(whatsapp|cal)$/, () => ({ status: 200, body: '' }))
			.start();
		simulator = await new WhatsAppSimulator({
			port: 0,
			stateFile: null,
			business: BUSINESS,
			whatsapp: { appSecret: APP_SECRET, accessToken: TOKEN },
			cal: { webhookSecret: CAL_SECRET, apiKey: 'cal_test_key', eventTypeId: 42 },
			academy: () => SAMPLE_ACADEMY,
			targets: () => ({ whatsapp: `${n8n.url}/webhook/whatsapp`, cal: `${n8n.url}/webhook/cal` }),
			links: () => ({ dashboard: null, editor: null }),
			statusDelayMs: 10,
		}).start();
		lead = simulator.newLead('Lucía Fernández');
	});

	afterAll(async () => {
		await simulator.stop();
		await n8n.stop();
	});

	it('posts what the person types as a signed webhook in the exact shape of Meta’s text example', async () => {
		const message = await simulator.personSends(lead.waId, {
			kind: 'text',
			text: 'hola, cuánto sale? 🥋',
		});

		const request = lastInbound();
		expect(signatureValid(request, APP_SECRET, 'x-hub-signature-256', 'sha256=')).toBe(true);
		expect(sorted(keyPaths(request.body))).toEqual(
			sorted(keyPaths(fixture('whatsapp', 'wa-inbound-text'))),
		);
		const value = valueOf(request);
		expect(value.metadata.phone_number_id).toBe(BUSINESS.phoneNumberId);
		expect(value.contacts?.[0]).toEqual({ profile: { name: 'Lucía Fernández' }, wa_id: lead.waId });
		expect(value.messages?.[0]).toMatchObject({
			from: lead.waId,
			id: message.id,
			type: 'text',
			text: { body: 'hola, cuánto sale? 🥋' },
		});
		// n8n took it: two ticks, as on a phone whose message reached the other side.
		expect(simulator.store.find(message.id)?.message.status).toBe('delivered');
	});

	it('answers a send like the Graph API and reports sent and delivered back to n8n, signed', async () => {
		const response = await graph(`${BUSINESS.phoneNumberId}/messages`, {
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: `+${lead.waId}`,
			type: 'text',
			text: { body: 'Hola Lucía! El plan ilimitado cuesta 189 USD por mes.' },
		});

		expect(response.status).toBe(200);
		const answer = (await response.json()) as SendAnswer;
		expect(sorted(keyPaths(answer))).toEqual(
			sorted(keyPaths(fixture('whatsapp', 'wa-send-response'))),
		);
		expect(answer.contacts[0]).toEqual({ input: `+${lead.waId}`, wa_id: lead.waId });
		const id = answer.messages[0].id;
		expect(simulator.store.find(id)?.message).toMatchObject({
			from: 'bot',
			text: expect.stringContaining('189 USD'),
		});

		const statuses = await waitFor(() => {
			const found = webhooks().filter((r) => valueOf(r).statuses?.[0].id === id);
			return found.length === 2 ? found : undefined;
		}, 'sent and delivered statuses');
		expect(statuses.map((r) => valueOf(r).statuses?.[0].status)).toEqual(['sent', 'delivered']);
		for (const request of statuses)
			expect(signatureValid(request, APP_SECRET, 'x-hub-signature-256', 'sha256=')).toBe(true);
		const minimal = sorted(keyPaths(fixture('whatsapp', 'wa-status-sent-v24-minimal')));
		expect(sorted(keyPaths(statuses[0].body)).filter((p) => !p.includes('.pricing'))).toEqual(
			minimal,
		);

		await simulator.personReads([id]);
		const read = webhooks().find((r) => valueOf(r).statuses?.[0].status === 'read');
		expect(valueOf(read!).statuses?.[0].id).toBe(id);
		expect(simulator.store.find(id)?.message.status).toBe('read');
	});

	it('shows Meta’s reply buttons and sends a tap back as an interactive button reply', async () => {
		const send = {
			...fixture<Json>('whatsapp', 'wa-send-interactive-buttons-request'),
			to: lead.waId,
		};
		const answer = (await (
			await graph(`${BUSINESS.phoneNumberId}/messages`, send)
		).json()) as SendAnswer;
		const id = answer.messages[0].id;
		expect(simulator.store.find(id)?.message.buttons).toEqual([
			{ id: 'change-button', title: 'Change' },
			{ id: 'cancel-button', title: 'Cancel' },
		]);

		await simulator.personSends(lead.waId, {
			kind: 'button_reply',
			id: 'change-button',
			title: 'Change',
			replyTo: id,
		});

		const request = lastInbound();
		expect(sorted(keyPaths(request.body))).toEqual(
			sorted(keyPaths(fixture('whatsapp', 'wa-inbound-interactive-button-reply'))),
		);
		expect(valueOf(request).messages?.[0]).toMatchObject({
			context: { from: BUSINESS.displayPhoneNumber, id },
			interactive: { type: 'button_reply', button_reply: { id: 'change-button', title: 'Change' } },
		});
	});

	it('shows Meta’s list and sends a chosen row back as an interactive list reply', async () => {
		const send = {
			...fixture<Json>('whatsapp', 'wa-send-interactive-list-request'),
			to: lead.waId,
		};
		const answer = (await (
			await graph(`${BUSINESS.phoneNumberId}/messages`, send)
		).json()) as SendAnswer;
		const id = answer.messages[0].id;
		expect(
			simulator.store.find(id)?.message.list?.sections.flatMap((s) => s.rows.map((r) => r.id)),
		).toEqual(['priority_express', 'priority_mail', 'usps_ground_advantage', 'media_mail']);

		await simulator.personSends(lead.waId, {
			kind: 'list_reply',
			id: 'priority_express',
			title: 'Priority Mail Express',
			description: 'Next Day to 2 Days',
			replyTo: id,
		});

		const request = lastInbound();
		expect(sorted(keyPaths(request.body))).toEqual(
			sorted(keyPaths(fixture('whatsapp', 'wa-inbound-interactive-list-reply'))),
		);
		expect(valueOf(request).messages?.[0].interactive?.list_reply?.id).toBe('priority_express');
	});

	it('accepts a template as Meta does, with message_status accepted', async () => {
		const request = { ...fixture<Json>('whatsapp', 'wa-send-template-request'), to: lead.waId };
		const answer = (await (
			await graph(`${BUSINESS.phoneNumberId}/messages`, request)
		).json()) as SendAnswer;
		expect(sorted(keyPaths(answer))).toEqual(
			sorted(keyPaths(fixture('whatsapp', 'wa-send-template-response'))),
		);
		expect(answer.messages[0].message_status).toBe('accepted');
	});

	it('marks the person’s messages read and shows typing on mark-as-read with a typing indicator', async () => {
		const message = await simulator.personSends(lead.waId, {
			kind: 'text',
			text: 'y los horarios?',
		});
		const request = {
			...fixture<Json>('whatsapp', 'wa-typing-indicator-request'),
			message_id: message.id,
		};

		const response = await graph(`${BUSINESS.phoneNumberId}/messages`, request);

		expect(await response.json()).toEqual(fixture('whatsapp', 'wa-mark-read-response'));
		expect(simulator.store.find(message.id)?.message.status).toBe('read');
		expect(Date.parse(simulator.store.get(lead.waId)!.typingUntil!)).toBeGreaterThan(Date.now());
	});

	it('refuses what Meta refuses, in Meta’s error shape', async () => {
		const tooLong = await graph(`${BUSINESS.phoneNumberId}/messages`, {
			messaging_product: 'whatsapp',
			to: lead.waId,
			type: 'interactive',
			interactive: {
				type: 'button',
				body: { text: 'Elegí' },
				action: {
					buttons: [{ type: 'reply', reply: { id: 'trial', title: 'Clase de prueba gratis' } }],
				},
			},
		});
		expect(tooLong.status).toBe(400);
		expect(((await tooLong.json()) as GraphErrorAnswer).error).toMatchObject({
			code: 100,
			type: 'OAuthException',
		});

		const badToken = await graph(
			`${BUSINESS.phoneNumberId}/messages`,
			{ messaging_product: 'whatsapp' },
			'wrong',
		);
		expect(badToken.status).toBe(401);
		expect(((await badToken.json()) as GraphErrorAnswer).error.code).toBe(190);

		const otherNumber = await graph('999/messages', {
			messaging_product: 'whatsapp',
			to: lead.waId,
			type: 'text',
			text: { body: 'x' },
		});
		expect(((await otherNumber.json()) as GraphErrorAnswer).error.code).toBe(100);
	});

	it('keeps uploaded media and serves it through Meta’s media URL flow', async () => {
		const form = new FormData();
		form.append('messaging_product', 'whatsapp');
		form.append(
			'file',
			new Blob([Buffer.from('%PDF-1.4 horarios')], { type: 'application/pdf' }),
			'horarios.pdf',
		);
		const upload = await fetch(`${simulator.url}/v24.0/${BUSINESS.phoneNumberId}/media`, {
			method: 'POST',
			headers: { authorization: `Bearer ${TOKEN}` },
			body: form,
		});
		const { id } = (await upload.json()) as { id: string };

		const info = (await (
			await fetch(`${simulator.url}/v24.0/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } })
		).json()) as { url: string; mime_type: string };
		expect(sorted(Object.keys(info))).toEqual(
			sorted(Object.keys(fixture('whatsapp', 'wa-media-url-response-syntax'))),
		);
		expect(info.mime_type).toBe('application/pdf');
		const bytes = await (
			await fetch(info.url, { headers: { authorization: `Bearer ${TOKEN}` } })
		).text();
		expect(bytes).toBe('%PDF-1.4 horarios');
		expect((await fetch(info.url)).status).toBe(401);
	});

	it('books a trial on the booking page with a signed Cal.com webhook that carries the link’s metadata', async () => {
		const { slots } = (await (await fetch(`${simulator.url}/api/booking-slots`)).json()) as {
			slots: Array<{ start: string }>;
		};
		expect(slots.length).toBeGreaterThan(0);

		const response = await fetch(`${simulator.url}/api/bookings`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				start: slots[0].start,
				name: 'Lucía Fernández',
				email: 'lucia@example.com',
				phone: `+${lead.waId}`,
				notes: '',
				metadata: { leadId: 'lead-1', academyId: 'academy-1' },
			}),
		});
		expect(response.status).toBe(200);

		const request = n8n.received(/^\/webhook\/cal$/, 'POST').pop()!;
		expect(String(request.headers['x-cal-signature-256'])).toMatch(/^[0-9a-f]{64}$/);
		expect(signatureValid(request, CAL_SECRET, 'x-cal-signature-256', '')).toBe(true);
		const body = request.body as {
			triggerEvent: string;
			payload: { metadata: Json; startTime: string; attendees: Json[] };
		};
		// Cal.com's example is an online meeting; an academy's trial is in person, without video fields.
		const online = /\.(conferenceData|videoCallData)\.|\.appsStatus\[|\.videoCallUrl$/;
		const expected = keyPaths(fixture('cal', 'cal-booking-created')).filter((p) => !online.test(p));
		const sent = new Set(keyPaths(body));
		expect(expected.filter((path) => !sent.has(path))).toEqual([]);
		expect(body.triggerEvent).toBe('BOOKING_CREATED');
		expect(body.payload.metadata).toEqual({ leadId: 'lead-1', academyId: 'academy-1' });
		expect(body.payload.startTime).toBe(slots[0].start);
		expect(body.payload.attendees[0]).toMatchObject({
			name: 'Lucía Fernández',
			phoneNumber: `+${lead.waId}`,
		});
	});

	it('marks a message the workflow did not take with the reason', async () => {
		n8n.inject(/^\/webhook\/whatsapp$/, { status: 404, body: 'not registered' });
		const message = await simulator.personSends(lead.waId, { kind: 'text', text: 'hola?' });
		expect(simulator.store.find(message.id)?.message).toMatchObject({
			status: 'failed',
			error: expect.stringContaining('no active workflow'),
		});
	});
});
