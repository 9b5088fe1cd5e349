import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { DateTime } from 'luxon';

import { settingsForm, submitSettingsForm } from '../../scripts/demo/academy-settings';
import { BUSINESS } from '../../scripts/demo/config';
import { findAcademy, leadPanelReader, signedDashboardLink } from '../../scripts/demo/lead-storage';
import { bookingCreated, trialSlots, type TrialSlot } from '../../scripts/demo/simulator/cal';
import type { LeadPanel } from '../../scripts/demo/simulator/lead-panel';
import {
	inboundMessage,
	META_SIGNATURE,
	newWamid,
	postSigned,
	type PersonInput,
} from '../../scripts/demo/simulator/meta-webhooks';
import {
	importBatches,
	loadTemplates,
	templateUrls,
	type TemplateUrls,
} from '../../scripts/demo/templates';
import type { AcademyProfile, LeadLanguage } from '../../nodes/shared/types';
import { SAMPLE_ACADEMY } from '../data/academy-profile';
import { CalApiFake } from '../fakes/cal-api';
import { GraphApiFake } from '../fakes/graph-api';
import { conversationWorkflow } from '../harness/academy-n8n';
import { credentialsFor } from '../harness/credentials';
import { N8nServer, type WorkflowJson } from '../harness/n8n-server';
import { scheduleOnWebhook, schedulesOnWebhooks } from '../harness/schedule-on-webhook';
import { isolatedStorage } from '../helpers/storage';
import { sentMessages, withSettings } from '../workflows/template-harness';

/**
 * Issue 7's proof in a real n8n: every template imported and published as a user would, with
 * credentials pointing at the machine's Postgres (a fresh schema) and Redis, the Graph API fake
 * for WhatsApp and the Cal.com fake; the sample academy created through the academy settings
 * form; then leads driven only by signed webhooks as Meta and Cal.com send them, the coach's
 * taps included. Time moves by choosing the moment each follow-up run believes it is, never by
 * waiting: the follow-ups template takes "now" from its trigger's `timestamp`.
 */
const ROOT = join(__dirname, '..', '..');
const STAFF = { user: 'academy-staff', password: randomBytes(18).toString('base64url') };
const CAL_WEBHOOK_SECRET = randomBytes(24).toString('base64url');
/** Told by the Errors template about any failed run: nobody should hear from it here. */
const OPERATOR = '15550000999';
/**
 * The sample academy with an open mat every morning and evening: the tests book a class 25 to 47
 * hours after the wall clock's now, and the sample timetable has none in that span from Friday
 * morning to Saturday noon in the academy's zone. Classes at most 13.5 hours apart always leave
 * one in it.
 */
const ACADEMY: AcademyProfile = {
	...SAMPLE_ACADEMY,
	schedule: [
		...SAMPLE_ACADEMY.schedule,
		...[1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
			{ program: 'Open Mat', level: 'all', weekday, start: '08:30', end: '09:30' },
			{ program: 'Open Mat', level: 'all', weekday, start: '19:00', end: '20:00' },
		]),
	],
};
const OWNER = ACADEMY.ownerNumber;
/** The follow-ups template asks the first staff number about attendance. */
const COACH = { waId: ACADEMY.staffNumbers[0], name: 'Coach Rafa' };
const FOLLOW_UPS_TICK = 'e2e-follow-ups';

type Person = { waId: string; name: string };
type Sent = ReturnType<typeof sentMessages>[number];
type ButtonsBody = {
	interactive: { action: { buttons: Array<{ reply: { id: string; title: string } }> } };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** ICU versions differ in the space before AM/PM (U+202F or a plain space): compare texts with plain spaces. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

/**
 * The templates as this test imports them. Only what a schedule or a staff member decides is
 * changed; each node is otherwise the shipped one:
 * - Follow-ups: its Schedule Trigger is replaced by a webhook that hands on the `timestamp` the
 *   test chooses (test/harness/schedule-on-webhook.ts), so the test moves the clock.
 * - Metrics and Privacy: their Schedule Triggers likewise, so no weekly report, alert check or
 *   nightly purge runs on the wall clock in the middle of a test.
 * - Conversation: Redis selected, quick messages not waited for (Settings: burstSeconds 0, a
 *   fixed 4 s pause per message proves nothing here) and successful executions kept, so the
 *   test can tell when a message has been fully handled.
 * - Errors: an operator number to alert, so a failure anywhere would show up at the Graph API.
 */
function templatesUnderTest(): WorkflowJson[] {
	return loadTemplates(ROOT).map((template) => {
		if (template.nodes.some((node) => node.type === 'n8n-nodes-academy-bot.whatsAppCloudTrigger')) {
			return conversationWorkflow({
				settings: { burstSeconds: 0 },
				redis: true,
				saveExecutions: true,
			});
		}
		if (template.nodes.some((node) => node.type === 'n8n-nodes-base.errorTrigger')) {
			return withSettings(template as never, {
				operatorNumber: OPERATOR,
			}) as unknown as WorkflowJson;
		}
		if (template.nodes.some((node) => node.name === 'Take the due follow-ups')) {
			return scheduleOnWebhook(template, 'Every minute', FOLLOW_UPS_TICK);
		}
		return schedulesOnWebhooks(template, `e2e-${template.id}`).workflow;
	});
}

/** The workflows ordered so that each comes after every workflow it calls or names as its error workflow. */
function calleesFirst(workflows: WorkflowJson[]): WorkflowJson[] {
	const calls = (workflow: WorkflowJson) => [
		...workflow.nodes
			.filter((node) => node.type === 'n8n-nodes-base.executeWorkflow')
			.map((node) => (node.parameters.workflowId as { value?: string } | undefined)?.value),
		(workflow.settings as { errorWorkflow?: string } | undefined)?.errorWorkflow,
	];
	const ordered: WorkflowJson[] = [];
	const visit = (workflow: WorkflowJson) => {
		if (ordered.includes(workflow)) return;
		for (const id of calls(workflow)) {
			const callee = workflows.find((candidate) => candidate.id === id && candidate !== workflow);
			if (callee) visit(callee);
		}
		ordered.push(workflow);
	};
	workflows.forEach(visit);
	return ordered;
}

describe('the templates in a real n8n: leads from first message to enrolled or lost', () => {
	const graph = new GraphApiFake();
	const cal = new CalApiFake();
	const storage = isolatedStorage('e2e_templates_life');
	const workflows = templatesUnderTest();
	const conversationId = workflows.find((w) =>
		w.nodes.some((n) => n.type === 'n8n-nodes-academy-bot.whatsAppCloudTrigger'),
	)!.id;
	const timings: Array<[string, number]> = [];
	let n8n: N8nServer;
	let urls: TemplateUrls;
	let academy: AcademyProfile;
	let inboundDelivered = 0;
	let bookingIds = 1000;
	const leadPanel = leadPanelReader(storage.postgres, BUSINESS.phoneNumberId);

	async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
		const started = Date.now();
		try {
			return await work();
		} finally {
			timings.push([label, (Date.now() - started) / 1000]);
		}
	}

	/** Polls `probe` until it returns something truthy; fails after `timeoutMs` with n8n's log. */
	async function until<T>(
		what: string,
		probe: () => Promise<T> | T,
		timeoutMs = 60_000,
	): Promise<NonNullable<T>> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const value = await probe();
			if (value) return value as NonNullable<T>;
			if (Date.now() > deadline)
				throw new Error(`Waited ${timeoutMs / 1000} s for ${what}; n8n log:\n${n8n.logTail(40)}`);
			await sleep(150);
		}
	}

	const to = (waId: string): Sent[] => sentMessages(graph).filter((message) => message.to === waId);

	/** The first `count` messages sent to `waId`, once that many went out. */
	const messagesTo = (waId: string, count: number, what = `message ${count} to ${waId}`) =>
		until(what, () => (to(waId).length >= count ? to(waId).slice(0, count) : null));

	/** A person writes or taps on WhatsApp: Meta's webhook, signed with the app secret. */
	async function says(person: Person, input: PersonInput): Promise<void> {
		const body = inboundMessage(BUSINESS, person, input, newWamid(), new Date());
		const delivery = await postSigned(urls.whatsapp, body, {
			...META_SIGNATURE,
			secret: graph.appSecret,
		});
		expect(delivery).toEqual({ ok: true, status: 200 });
		inboundDelivered += 1;
	}

	/** Every WhatsApp message delivered so far has been handled to the end by the Conversation workflow. */
	const conversationSettled = () =>
		n8n.waitForExecutions(conversationId, inboundDelivered, { timeoutMs: 90_000 });

	async function lead(
		waId: string,
	): Promise<NonNullable<LeadPanel['lead']> & Pick<LeadPanel, 'events' | 'followUps'>> {
		const panel = await leadPanel(waId);
		if (!panel.lead) throw new Error(`No lead for ${waId}: ${panel.note}`);
		return { ...panel.lead, events: panel.events, followUps: panel.followUps };
	}

	const dueAt = async (waId: string, kind: string) => {
		const step = (await lead(waId)).followUps.find((s) => s.kind === kind);
		if (!step) throw new Error(`${waId} has no ${kind} step`);
		return DateTime.fromISO(step.dueAt);
	};

	/** One run of the follow-ups template at `at`, as its every-minute schedule would start it then. */
	async function followUpsAt(at: DateTime): Promise<void> {
		const answer = await n8n.post(`/webhook/${FOLLOW_UPS_TICK}`, { timestamp: at.toUTC().toISO() });
		if (answer.status !== 200)
			throw new Error(
				`The follow-ups run at ${at.toISO()} answered ${answer.status}: ${answer.text}\n${n8n.logTail(40)}`,
			);
	}

	/**
	 * A class of the academy's timetable 25 to 47 hours ahead, starting after quiet hours end and
	 * ending with the coach's question (15 min after) before they begin: the reminder a day before
	 * then falls inside WhatsApp's 24-hour window of the lead's message, whatever the hour of the run.
	 */
	function trialClass(): TrialSlot {
		const now = DateTime.now();
		const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
		const local = (iso: string) => DateTime.fromISO(iso).setZone(academy.timeZone);
		const slot = trialSlots(academy, now.toJSDate(), 4).find((candidate) => {
			const start = local(candidate.start);
			const askCoach = local(candidate.end).plus({ minutes: 15 });
			return (
				start > now.plus({ hours: 25 }) &&
				start < now.plus({ hours: 47 }) &&
				start.hour * 60 + start.minute >= minutes(academy.quietHours.end) &&
				askCoach.hour * 60 + askCoach.minute <= minutes(academy.quietHours.start)
			);
		});
		if (!slot)
			throw new Error(
				'The timetable has no class 25 to 47 hours from now outside quiet hours',
			);
		return slot;
	}

	/** The lead opens the personal link and books that class: Cal.com's signed BOOKING_CREATED, with the link's metadata. */
	async function books(person: Person, link: string, slot: TrialSlot): Promise<void> {
		const page = new URL(link);
		const metadata = Object.fromEntries(
			[...page.searchParams].flatMap(([key, value]) => {
				const name = /^metadata\[(.+)\]$/.exec(key)?.[1];
				return name ? [[name, value]] : [];
			}),
		);
		const body = bookingCreated(
			academy,
			{
				start: slot.start,
				name: page.searchParams.get('name') ?? person.name,
				email: `lead-${person.waId}@example.com`,
				phone: page.searchParams.get('attendeePhoneNumber') ?? '',
				notes: '',
				metadata,
			},
			slot,
			{
				uid: randomBytes(11).toString('hex'),
				bookingId: ++bookingIds,
				eventTypeId: cal.eventTypes[0].id,
				bookerUrl: page.origin,
			},
		);
		// Cal.com delivers to the webhook the trigger registered, signed with the secret it registered.
		const webhook = [...cal.webhooks.values()].find(
			(w) => w.active && w.triggers.includes('BOOKING_CREATED'),
		);
		if (!webhook) throw new Error('The Cal.com trigger registered no webhook for BOOKING_CREATED');
		const delivery = cal.deliveryThrough(webhook.id, body);
		const answer = await fetch(webhook.subscriberUrl, {
			method: 'POST',
			headers: delivery.headers,
			body: delivery.body,
		});
		expect(answer.status).toBe(200);
	}

	const linkIn = (text: string) => /https:\/\/cal\.com\/\S+/.exec(text)?.[0] ?? '';
	const day = (slot: TrialSlot, language: LeadLanguage) =>
		DateTime.fromISO(slot.start)
			.setZone(academy.timeZone)
			.setLocale(language)
			.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' });
	const time = (slot: TrialSlot, language: LeadLanguage) =>
		plain(
			DateTime.fromISO(slot.start)
				.setZone(academy.timeZone)
				.setLocale(language)
				.toLocaleString(DateTime.TIME_SIMPLE),
		);
	const buttonsOf = (message: Sent) =>
		(message.body as unknown as ButtonsBody).interactive.action.buttons.map((b) => b.reply);

	/** The coach is asked after the class and taps one of the answers on WhatsApp. */
	async function coachAnswers(
		student: Person,
		slot: TrialSlot,
		answer: 'Came' | 'Enrolled',
	): Promise<string> {
		const asked = to(COACH.waId).length;
		await followUpsAt(await dueAt(student.waId, 'attendance-check'));
		const [question] = (await messagesTo(COACH.waId, asked + 1)).slice(asked);
		expect(plain(question.text)).toBe(
			`Did ${student.name} come to the trial class on ${day(slot, 'en')} at ${time(slot, 'en')}?`,
		);
		const buttons = buttonsOf(question);
		expect(buttons.map((b) => b.title)).toEqual(['Came', 'Did not come', 'Enrolled']);
		const tap = buttons.find((b) => b.title === answer)!;
		await says(COACH, { kind: 'button_reply', id: tap.id, title: tap.title, replyTo: newWamid() });
		return (await messagesTo(COACH.waId, asked + 2))[asked + 1].text;
	}

	beforeAll(async () => {
		await graph.start();
		await cal.start();
		n8n = new N8nServer();
		await timed('n8n prepare (cached install, package build)', () => n8n.prepare());
		const credentials = credentialsFor(workflows, {
			whatsAppCloudApi: graph.credentials(),
			academyPostgresApi: { ...storage.postgres },
			academyRedisApi: { ...storage.redis },
			calComApi: { apiKey: cal.apiKey, baseUrl: cal.url, webhookSecret: CAL_WEBHOOK_SECRET },
			httpBasicAuth: STAFF,
		});
		await timed(`import ${credentials.length} credentials (CLI)`, () =>
			n8n.importCredentials(credentials),
		);
		await timed(`import ${workflows.length} templates (CLI)`, async () => {
			for (const batch of importBatches(workflows))
				await n8n.importWorkflows(batch, { publish: false });
		});
		await timed('n8n start', () => n8n.start());
		// Every template is published, the Errors one too: n8n 2.41 runs an error workflow only
		// when it is published ("Workflow ... is not active and cannot be executed"). Sub-workflows go
		// first: n8n refuses to publish a workflow that calls an unpublished one.
		await timed(`publish ${workflows.length} templates (public API, as the Publish button)`, () =>
			n8n.publish(calleesFirst(workflows)),
		);
		urls = templateUrls(ROOT, workflows, n8n.baseUrl);
		await timed('Cal.com trigger registers its webhook', () =>
			until('the Cal.com webhook', () => cal.webhooks.size > 0),
		);

		const form = settingsForm(workflows);
		if (!form) throw new Error('The templates have no academy settings form');
		const profile: Omit<AcademyProfile, 'id'> & { id?: string } = { ...ACADEMY };
		delete profile.id;
		academy = await timed('sample academy through the settings form (staff login)', async () => {
			await submitSettingsForm(n8n.baseUrl, form, profile, STAFF);
			return until('the academy from the settings form', () =>
				findAcademy(storage.postgres, profile.phoneNumberId),
			);
		});
	}, 420_000);

	afterAll(async () => {
		await n8n?.stop();
		await graph.stop();
		await cal.stop();
		await storage.cleanup();
		process.stderr.write(
			`\n[templates-life] timings\n${timings.map(([label, s]) => `  ${s.toFixed(1).padStart(6)} s  ${label}`).join('\n')}\n`,
		);
	});

	it('created the sample academy from the settings form as staff typed it', () => {
		// The form lists the languages in its own order (es, pt, en).
		expect({ ...academy, languages: [...academy.languages].sort() }).toEqual({
			...ACADEMY,
			id: expect.any(String),
			languages: [...ACADEMY.languages].sort(),
		});
	});

	it('(1) a Spanish lead: "hola", a price question, a trial class booked on Cal.com, the reminder, the coach taps "Enrolled": converted', async () => {
		const maria: Person = { waId: '13055551001', name: 'María José Pérez' };

		const [greeting] = await timed('(1) "hola" → greeting', async () => {
			await says(maria, { kind: 'text', text: 'hola' });
			return messagesTo(maria.waId, 1);
		});
		expect(greeting.text).toMatch(/^¡Hola María.*Gracias por escribir a Onda Jiu-Jitsu Miami/);

		await says(maria, { kind: 'text', text: '¿Cuánto cuesta la mensualidad?' });
		const prices = (await timed('(1) price question → prices', () => messagesTo(maria.waId, 2)))[1];
		expect(prices.text).toContain('189');
		expect(prices.type).toBe('interactive');
		const trialButton = buttonsOf(prices).find((b) => b.id === 'CLASE_PRUEBA');
		expect(trialButton).toEqual({ id: 'CLASE_PRUEBA', title: 'Clase de prueba' });
		expect(await lead(maria.waId)).toMatchObject({ state: 'ENGAGED', language: 'es' });

		await says(maria, {
			kind: 'button_reply',
			id: trialButton!.id,
			title: trialButton!.title,
			replyTo: newWamid(),
		});
		const invitation = (
			await timed('(1) tap "Clase de prueba" → personal link', () => messagesTo(maria.waId, 3))
		)[2];
		const link = linkIn(invitation.text);
		expect(link).toMatch(/^https:\/\/cal\.com\/onda-bjj\/trial-class\?/);
		const leadId = new URL(link).searchParams.get('metadata[leadId]');
		expect(leadId).toMatch(/^[0-9a-f-]{36}$/);
		expect(await lead(maria.waId)).toMatchObject({ state: 'INTERESTED' });

		const slot = trialClass();
		await books(maria, link, slot);
		const confirmation = (
			await timed('(1) Cal.com BOOKING_CREATED → confirmation', () => messagesTo(maria.waId, 4))
		)[3];
		expect(confirmation.type).toBe('text');
		expect(plain(confirmation.text)).toBe(
			`¡Listo, María! Tu clase de prueba quedó reservada para el ${day(slot, 'es')} a las ${time(slot, 'es')}. Llega 15 minutos antes. ¡Te esperamos!`,
		);
		const booked = await lead(maria.waId);
		expect(booked.state).toBe('SCHEDULED');
		expect(
			booked.followUps
				.filter((s) => s.status === 'pending')
				.map((s) => s.kind)
				.sort(),
		).toEqual([
			'after_class',
			'attendance-check',
			'class_reminder',
			'last_message',
			'mark_lost',
			'offer',
		]);
		const reminderDue = await dueAt(maria.waId, 'class_reminder');
		expect(reminderDue.toMillis()).toBe(
			DateTime.fromISO(slot.start).minus({ hours: 24 }).toMillis(),
		);

		// A minute before the reminder is due nothing goes out; at its time it does, once.
		await followUpsAt(reminderDue.minus({ minutes: 1 }));
		expect(to(maria.waId)).toHaveLength(4);
		await timed('(1) follow-ups run → reminder', () => followUpsAt(reminderDue));
		await followUpsAt(reminderDue.plus({ minutes: 1 }));
		const reminders = to(maria.waId).slice(4);
		expect(reminders.map((m) => [m.type, plain(m.text)])).toEqual([
			[
				'text',
				`¡Hola María! Te recordamos tu clase de prueba: ${day(slot, 'es')} a las ${time(slot, 'es')}. Trae ropa cómoda y agua. ¡Te esperamos!`,
			],
		]);

		const told = await timed('(1) coach asked, taps "Enrolled" → told', () =>
			coachAnswers(maria, slot, 'Enrolled'),
		);
		expect(told).toBe('Great! María José Pérez enrolled. No more follow-up messages for them.');
		const converted = await lead(maria.waId);
		expect(converted.state).toBe('CONVERTED');
		expect(converted.events.map((e) => e.to)).toEqual([
			'NEW',
			'ENGAGED',
			'INTERESTED',
			'SCHEDULED',
			'SHOWED_UP',
			'CONVERTED',
		]);
		expect(converted.followUps.filter((s) => s.status === 'pending')).toEqual([]);

		// A month on, an enrolled student hears nothing more from the bot.
		await followUpsAt(DateTime.fromISO(slot.start).plus({ days: 31 }));
		await conversationSettled();
		expect(to(maria.waId)).toHaveLength(5);
	});

	it('(2, 5) a Portuguese lead who came to the class and never answers: follow-ups outside the 24-hour window go as the approved template, LOST after 30 days', async () => {
		const joao: Person = { waId: '5511987650002', name: 'João Pereira' };
		await says(joao, { kind: 'text', text: 'Oi! Queria fazer uma aula experimental' });
		const [invitation] = await timed('(2) trial request → personal link', () =>
			messagesTo(joao.waId, 1),
		);
		expect(invitation.text).toContain(
			'Agende sua aula experimental aqui: https://cal.com/onda-bjj/trial-class?',
		);
		expect(await lead(joao.waId)).toMatchObject({ state: 'INTERESTED', language: 'pt' });

		const slot = trialClass();
		await books(joao, linkIn(invitation.text), slot);
		const confirmation = (await messagesTo(joao.waId, 2))[1];
		expect(plain(confirmation.text)).toBe(
			`Pronto, João! Sua aula experimental está marcada para ${day(slot, 'pt')} às ${time(slot, 'pt')}. Chegue 15 minutos antes. Te esperamos!`,
		);
		await followUpsAt(await dueAt(joao.waId, 'class_reminder'));
		expect((await messagesTo(joao.waId, 3))[2]).toMatchObject({
			type: 'text',
			text: expect.stringMatching(/^Oi João! Lembrete da sua aula experimental/),
		});

		const told = await coachAnswers(joao, slot, 'Came');
		expect(told).toBe(
			'Noted: João Pereira came to the class. I will keep following up until they enrol.',
		);
		expect(await lead(joao.waId)).toMatchObject({ state: 'FOLLOW_UP' });

		// The lead last wrote before booking: a day after the class the window is long closed.
		const template = {
			name: ACADEMY.templates.followUp.pt,
			language: { code: 'pt_BR' },
			components: [{ type: 'body', parameters: [{ type: 'text', text: 'João' }] }],
		};
		for (const [kind, sentSoFar] of [
			['after_class', 4],
			['offer', 5],
			['last_message', 6],
		] as const) {
			await timed(`(2) follow-ups run → ${kind} as a template`, () =>
				dueAt(joao.waId, kind).then(followUpsAt),
			);
			const sent = to(joao.waId);
			expect(sent).toHaveLength(sentSoFar);
			expect(sent.at(-1)!.type).toBe('template');
			expect(sent.at(-1)!.body.template).toEqual(template);
		}
		const due = (await lead(joao.waId)).followUps.find((s) => s.kind === 'mark_lost')!;
		expect(DateTime.fromISO(due.dueAt).toMillis()).toBe(
			DateTime.fromISO(slot.start).plus({ days: 30 }).toMillis(),
		);
		await followUpsAt(DateTime.fromISO(due.dueAt).minus({ minutes: 1 }));
		expect((await lead(joao.waId)).state).toBe('FOLLOW_UP');
		await timed('(2) follow-ups run at 30 days → LOST', () =>
			followUpsAt(DateTime.fromISO(due.dueAt)),
		);
		const lost = await lead(joao.waId);
		expect(lost.state).toBe('LOST');
		expect(lost.events.map((e) => e.to)).toEqual([
			'NEW',
			'ENGAGED',
			'INTERESTED',
			'SCHEDULED',
			'SHOWED_UP',
			'FOLLOW_UP',
			'LOST',
		]);
		expect(to(joao.waId)).toHaveLength(6);
	});

	it('(3) an English lead who opts out gets one confirmation and nothing more, follow-ups included', async () => {
		const emma: Person = { waId: '447700900003', name: 'Emma Clark' };
		await says(emma, { kind: 'text', text: 'Hi! Can I book a free trial class?' });
		const [invitation] = await messagesTo(emma.waId, 1);
		const slot = trialClass();
		await books(emma, linkIn(invitation.text), slot);
		const confirmation = (await messagesTo(emma.waId, 2))[1];
		expect(plain(confirmation.text)).toBe(
			`You're all set, Emma! Your trial class is booked for ${day(slot, 'en')} at ${time(slot, 'en')}. Please arrive 15 minutes early. See you there!`,
		);
		const planned = (await lead(emma.waId)).followUps;
		expect(planned.filter((s) => s.status === 'pending')).toHaveLength(6);
		expect(await lead(emma.waId)).toMatchObject({ state: 'SCHEDULED', language: 'en' });

		await says(emma, { kind: 'text', text: 'STOP' });
		const optOut = (await timed('(3) "STOP" → confirmation', () => messagesTo(emma.waId, 3)))[2];
		const optedOut = await lead(emma.waId);
		expect(optedOut.optedOut).toBe(true);
		expect(optedOut.followUps.filter((s) => s.status === 'pending')).toEqual([]);

		await says(emma, { kind: 'text', text: 'Hello? What are your prices?' });
		await conversationSettled();
		// Every moment a follow-up of her plan was due, and a month on.
		const coachAsked = to(COACH.waId).length;
		for (const step of planned) await followUpsAt(DateTime.fromISO(step.dueAt));
		await followUpsAt(DateTime.fromISO(slot.start).plus({ days: 31 }));
		expect(to(emma.waId)).toHaveLength(3);
		expect(to(COACH.waId)).toHaveLength(coachAsked);
		expect((await lead(emma.waId)).events.map((e) => e.to)).toEqual([
			'NEW',
			'ENGAGED',
			'INTERESTED',
			'SCHEDULED',
		]);
		// Checked last, so the rest of her story is proven whatever language the confirmation took.
		expect(optOut.text).toBe(
			"Done, we won't message you again. If you ever want to come back to the mats, just write to us. 🙌",
		);
	});

	it("(4) a lead asking for a person pauses the bot and the owner is alerted, without the lead's number", async () => {
		const lucia: Person = { waId: '13055551004', name: 'Lucía Fernández' };
		const ownerAlerts = to(OWNER).length;
		await says(lucia, { kind: 'text', text: 'Quiero hablar con una persona, por favor' });
		const [handOff] = await timed('(4) HUMANO → hand-off and owner alert', async () => {
			await until('the owner alert', () => to(OWNER).length > ownerAlerts);
			return messagesTo(lucia.waId, 1);
		});
		expect(handOff.text).toBe(
			'¡Claro! Le aviso a una persona del equipo para que te escriba por aquí lo antes posible. 🙏',
		);
		const alerts = to(OWNER).slice(ownerAlerts);
		expect(alerts.map((m) => m.text)).toEqual([
			'A lead asked to talk to a person. The bot is paused for 24 h for Lucía Fernández: answer them from the WhatsApp Business app.',
		]);
		expect(alerts[0].text).not.toContain(lucia.waId);
		const paused = await lead(lucia.waId);
		expect(DateTime.fromISO(paused.pausedUntil!).diffNow('hours').hours).toBeGreaterThan(23);

		await says(lucia, { kind: 'text', text: '¿Hola? ¿Siguen ahí?' });
		await conversationSettled();
		expect(to(lucia.waId)).toHaveLength(1);
		expect(to(OWNER)).toHaveLength(ownerAlerts + 1);
	});

	it('(6) the dashboard shows the funnel of these leads, to staff with the login and to the owner with a signed link', async () => {
		const cards = (html: string) =>
			Object.fromEntries(
				[...html.matchAll(/<div class="card"><span>([^<]+)<\/span><b>([^<]+)<\/b><\/div>/g)].map(
					(m) => [m[1], m[2]],
				),
			);
		const funnel = {
			'New leads': '4',
			Scheduled: '3',
			'Showed up': '2',
			Converted: '1',
			'Conversion rate': '25.0 %',
			'Show-up rate': '100.0 %',
		};
		const login = {
			authorization: `Basic ${Buffer.from(`${STAFF.user}:${STAFF.password}`).toString('base64')}`,
		};
		const staffPage = await timed('(6) dashboard page (staff login)', () =>
			n8n.request(
				'GET',
				`${new URL(urls.dashboardLogin!).pathname}?academy=${academy.id}`,
				undefined,
				login,
			),
		);
		expect(staffPage.status).toBe(200);
		expect(staffPage.headers.get('content-type')).toContain('text/html');
		expect(cards(staffPage.text)).toMatchObject(funnel);
		expect(staffPage.text).toContain(`${academy.name} · Lead funnel`);
		expect(staffPage.text).toContain('<svg');
		expect(staffPage.text).not.toMatch(/<script|<link|@import|url\(/);
		for (const person of [
			'13055551001',
			'5511987650002',
			'447700900003',
			'13055551004',
			'María',
			'João',
			'Emma',
			'Lucía',
		]) {
			expect(staffPage.text).not.toContain(person);
		}

		const link = new URL(signedDashboardLink(storage.postgres, urls.dashboardLink!, academy.id));
		const ownerPage = await n8n.request('GET', `${link.pathname}${link.search}`);
		expect(ownerPage.status).toBe(200);
		expect(cards(ownerPage.text)).toMatchObject(funnel);
		expect(
			(await n8n.request('GET', `${new URL(urls.dashboardLogin!).pathname}?academy=${academy.id}`))
				.status,
		).toBe(401);
	});

	it('no workflow failed and the operator was never alerted', async () => {
		await conversationSettled();
		const failed = (await n8n.executions()).filter(
			(e) => e.status === 'error' || e.status === 'crashed',
		);
		expect(failed.map((e) => `${e.workflowId} #${e.id} ${e.status}`)).toEqual([]);
		expect(to(OPERATOR)).toEqual([]);
	});
});
