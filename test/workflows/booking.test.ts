import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { normalise } from '../../nodes/CalComTrigger/booking-event';
import type { LeadLanguage } from '../../nodes/shared/types';
import { SAMPLE_ACADEMY } from '../data/academy-profile';
import { fixture } from '../helpers/fixtures';
import { runLeadJson } from '../nodes/AcademyLead/lead-node';
import type { CalDelivery } from '../nodes/CalComTrigger/trigger-harness';
import {
	createLead,
	createSampleAcademy,
	followUpsOf,
	runTemplate,
	sentMessages,
	startTemplateEnv,
	template,
	type TemplateEnv,
} from './template-harness';

const TEMPLATES = {
	...SAMPLE_ACADEMY.templates,
	booking_confirmation: { es: 'confirmacion_clase', pt: 'confirmacao_aula', en: 'class_confirmation' },
	booking_cancelled: { es: 'clase_cancelada', pt: 'aula_cancelada', en: 'class_cancelled' },
};
const ZONE = SAMPLE_ACADEMY.timeZone;

let env: TemplateEnv;
let booking = template('booking.json');

beforeAll(async () => {
	env = await startTemplateEnv('booking');
	const academy = await createSampleAcademy(env, { templates: TEMPLATES });
	booking = template('booking.json', { academyPhoneNumberId: academy.phoneNumberId });
});
afterAll(() => env.stop());

let phone = 5511930000000;
function newPhone(): string {
	phone += 1;
	return String(phone);
}

/** A trial class at 10:00 in the academy's zone, `days` from today. */
function classIn(days: number) {
	const start = DateTime.now().setZone(ZONE).plus({ days }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
	return { start, end: start.plus({ hours: 1 }) };
}

let uids = 0;

interface Delivery {
	event: 'cal-booking-created' | 'cal-booking-requested' | 'cal-booking-rescheduled' | 'cal-booking-cancelled';
	/** The lead id the bot's personal link puts in the booking metadata; none for a booking made on the page. */
	leadId?: string;
	phone?: string;
	uid?: string;
	previousUid?: string;
	days?: number;
}

/** A Cal.com delivery (the published payload, with this booking's lead, times and uid) as the trigger emits it. */
function delivered(d: Delivery): { booking: IDataObject; uid: string; start: DateTime } {
	const body = fixture<CalDelivery>('cal', d.event);
	const { start, end } = classIn(d.days ?? 3);
	uids += 1;
	const uid = d.uid ?? `booking-${uids}-${Date.now()}`;
	Object.assign(body.payload, { uid, startTime: start.toUTC().toISO(), endTime: end.toUTC().toISO() });
	body.payload.metadata = d.leadId ? { leadId: d.leadId } : {};
	body.payload.organizer.timeZone = ZONE;
	body.createdAt = new Date().toISOString();
	if (d.previousUid) Object.assign(body.payload, { rescheduleUid: d.previousUid });
	if (d.phone) body.payload.responses.attendeePhoneNumber = { value: `+${d.phone}` };
	return { booking: normalise(body, { siteUrl: 'https://cal.com' }) as unknown as IDataObject, uid, start };
}

async function deliver(d: Delivery) {
	const item = delivered(d);
	const run = await runTemplate(booking, env, { items: [{ booking: item.booking }] });
	return { run, ...item };
}

function to(waId: string) {
	return sentMessages(env.graph).filter((m) => m.to === waId);
}

function localDay(start: DateTime, language: LeadLanguage): string {
	return start.setZone(ZONE).setLocale(language).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' });
}

const PLAN = ['class_reminder', 'after_class', 'offer', 'last_message', 'mark_lost', 'attendance-check'];

describe('booking template', () => {
	it('a booking through the personal link moves a new lead to Scheduled, plans the follow-ups and confirms in free text', async () => {
		const waId = newPhone();
		const lead = await createLead(env, { waId, language: 'es' });
		const { run, uid, start } = await deliver({ event: 'cal-booking-created', leadId: lead.id });

		const moved = run.output('Move to Scheduled')[0].json.transition as { events: Array<{ from: string; to: string }> };
		expect(moved.events.map((e) => `${e.from}>${e.to}`)).toEqual(['NEW>ENGAGED', 'ENGAGED>INTERESTED', 'INTERESTED>SCHEDULED']);
		expect(run.output('Save the message')[0].json.lead).toMatchObject({ state: 'SCHEDULED' });

		const steps = await followUpsOf(env, lead.id);
		expect(steps.map((s) => s.kind)).toEqual(PLAN);
		expect(steps.every((s) => s.status === 'pending' && s.key === `${uid}:BOOKING_CREATED`)).toBe(true);
		const reminder = steps.find((s) => s.kind === 'class_reminder')!;
		expect(reminder.dueAt.getTime()).toBe(start.minus({ hours: 24 }).toMillis());
		const check = steps.find((s) => s.kind === 'attendance-check')!;
		expect(check.dueAt.getTime()).toBe(start.plus({ hours: 1, minutes: 15 }).toMillis());
		expect(check.payload).toMatchObject({ bookingUid: uid, classStart: start.toUTC().toISO() });

		const [confirmation] = to(waId);
		expect(to(waId)).toHaveLength(1);
		expect(confirmation.type).toBe('text');
		expect(confirmation.text).toBe(
			`¡Listo, Ana! Tu clase de prueba quedó reservada para el ${localDay(start, 'es')} a las 10:00. Llega 15 minutos antes. ¡Te esperamos!`,
		);
	});

	it('outside the 24-hour window the confirmation is the approved template in the lead\'s language', async () => {
		const waId = newPhone();
		const lead = await createLead(env, { waId, language: 'pt', wroteAt: new Date(Date.now() - 30 * 3_600_000) });
		const { run, start } = await deliver({ event: 'cal-booking-created', leadId: lead.id });

		const [sent] = to(waId);
		expect(to(waId)).toHaveLength(1);
		expect(sent.type).toBe('template');
		expect(sent.body.template).toEqual({
			name: 'confirmacao_aula',
			language: { code: 'pt_BR' },
			components: [
				{
					type: 'body',
					parameters: [
						{ type: 'text', text: 'Ana' },
						{ type: 'text', text: `${localDay(start, 'pt')} 10:00` },
					],
				},
			],
		});
		expect(run.output('Save the message')[0].json.logged).toMatchObject({ direction: 'out', duplicate: false });
		expect((await followUpsOf(env, lead.id)).map((s) => s.kind)).toEqual(PLAN);
	});

	it('a booking made on the page without the link finds the lead by phone; a stranger\'s booking is left alone', async () => {
		const waId = newPhone();
		const lead = await createLead(env, { waId, language: 'en', state: 'INTERESTED' });
		const { run } = await deliver({ event: 'cal-booking-created', phone: waId });
		expect(run.output('Move to Scheduled')[0].json.lead).toMatchObject({ id: lead.id, state: 'SCHEDULED' });
		expect(to(waId)[0].text).toMatch(/^You're all set, Ana! Your trial class is booked for .+ at 10:00 AM\./);

		const stranger = newPhone();
		const { run: strangerRun } = await deliver({ event: 'cal-booking-created', phone: stranger });
		expect(strangerRun.run.status).toBe('success');
		expect(strangerRun.ran('Prepare the details')).toBe(false);
		expect(to(stranger)).toHaveLength(0);
	});

	it('a request and then its confirmation leave one plan, of the confirmed booking', async () => {
		const waId = newPhone();
		const lead = await createLead(env, { waId, language: 'es', state: 'INTERESTED' });
		const { uid } = await deliver({ event: 'cal-booking-requested', leadId: lead.id });
		await deliver({ event: 'cal-booking-created', leadId: lead.id, uid });

		const steps = await followUpsOf(env, lead.id);
		expect(steps.filter((s) => s.status === 'pending').map((s) => [s.kind, s.key])).toEqual(
			PLAN.map((kind) => [kind, `${uid}:BOOKING_CREATED`]),
		);
		expect(steps.filter((s) => s.key === `${uid}:BOOKING_REQUESTED`).every((s) => s.status === 'cancelled')).toBe(true);
		const [requested, confirmed] = to(waId);
		expect(requested.text).toMatch(/^¡Gracias, Ana! Recibimos tu pedido de clase de prueba/);
		expect(confirmed.text).toMatch(/^¡Listo, Ana! Tu clase de prueba quedó reservada/);
	});

	it('a rescheduled class replaces the plan with one at the new time and tells the lead', async () => {
		const waId = newPhone();
		const lead = await createLead(env, { waId, language: 'es', state: 'INTERESTED' });
		const first = await deliver({ event: 'cal-booking-created', leadId: lead.id, days: 3 });
		const moved = await deliver({ event: 'cal-booking-rescheduled', leadId: lead.id, previousUid: first.uid, days: 5 });

		const steps = await followUpsOf(env, lead.id);
		expect(steps.filter((s) => s.key.startsWith(first.uid)).map((s) => [s.status, s.cancelReason])).toEqual(
			PLAN.map(() => ['cancelled', 'booking']),
		);
		const pending = steps.filter((s) => s.status === 'pending');
		expect(pending.map((s) => s.kind)).toEqual(PLAN);
		expect(pending[0].dueAt.getTime()).toBe(moved.start.minus({ hours: 24 }).toMillis());
		expect(to(waId)[1].text).toBe(`Hecho, Ana: tu clase de prueba ahora es el ${localDay(moved.start, 'es')} a las 10:00. ¡Te esperamos!`);
	});

	it('a cancelled class stops the follow-ups and sends a new personal booking link', async () => {
		const waId = newPhone();
		const lead = await createLead(env, { waId, language: 'en', state: 'INTERESTED' });
		const { uid } = await deliver({ event: 'cal-booking-created', leadId: lead.id });
		await deliver({ event: 'cal-booking-cancelled', leadId: lead.id, uid });

		const steps = await followUpsOf(env, lead.id);
		expect(steps.filter((s) => s.kind !== 'booking-nudge').every((s) => s.status === 'cancelled')).toBe(true);
		const nudge = steps.find((s) => s.kind === 'booking-nudge')!;
		expect(nudge).toMatchObject({ status: 'pending', key: uid });
		expect(nudge.dueAt.getTime()).toBeGreaterThan(Date.now() + 47 * 3_600_000);

		const message = to(waId)[1].text;
		expect(message).toMatch(/^Your trial class on .+ was cancelled, Ana\. Whenever you like, pick another time here: https:\/\/cal\.com\/onda-bjj\/trial-class\?/);
		const link = new URL(message.slice(message.indexOf('https://')));
		expect(link.searchParams.get('metadata[leadId]')).toBe(lead.id);
	});

	it('a lead who missed the class and books again goes back to Scheduled through Re-engaged', async () => {
		const lead = await createLead(env, { waId: newPhone(), state: 'NO_SHOW' });
		const { run } = await deliver({ event: 'cal-booking-created', leadId: lead.id });
		const moved = run.output('Move to Scheduled')[0].json.transition as { events: Array<{ from: string; to: string }> };
		expect(moved.events.map((e) => `${e.from}>${e.to}`)).toEqual(['NO_SHOW>RE_ENGAGED', 'RE_ENGAGED>SCHEDULED']);
	});

	it('a lead who opted out is scheduled but gets no message', async () => {
		const waId = newPhone();
		const lead = await createLead(env, { waId, state: 'INTERESTED' });
		await runLeadJson(env.storage, { operation: 'optOut' }, { lead });
		const { run } = await deliver({ event: 'cal-booking-created', leadId: lead.id });
		expect(run.output('Move to Scheduled')[0].json.lead).toMatchObject({ state: 'SCHEDULED' });
		expect(to(waId)).toHaveLength(0);
	});
});
