import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { getPool } from '../../nodes/shared/storage/postgres';
import type { LeadLanguage, LeadState } from '../../nodes/shared/types';
import { SAMPLE_ACADEMY } from '../data/academy-profile';
import { runLeadJson } from '../nodes/AcademyLead/lead-node';
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

const ZONE = SAMPLE_ACADEMY.timeZone;
const COACH = SAMPLE_ACADEMY.staffNumbers[0];

let env: TemplateEnv;
const followUps = template('follow-ups.json');

beforeAll(async () => {
	env = await startTemplateEnv('follow_ups');
	await createSampleAcademy(env);
});
// Each test starts with an empty queue: a test that moves the clock far ahead must not meet another test's steps.
afterEach(async () => {
	const pool = await getPool(env.storage.postgres);
	await pool.query(`UPDATE follow_up_steps SET status = 'cancelled' WHERE status IN ('pending', 'claimed')`);
});
afterAll(() => env.stop());

let phone = 5511940000000;

/** The trial class: 18:30 in the academy's zone, two days from today, outside its quiet hours (21:30 to 08:00). */
function trialClass(): DateTime {
	return DateTime.now().setZone(ZONE).plus({ days: 2 }).set({ hour: 18, minute: 30, second: 0, millisecond: 0 });
}

async function leadWithPlan(options: { language?: LeadLanguage; state?: LeadState; wroteAt?: DateTime; name?: string } = {}) {
	phone += 1;
	const waId = String(phone);
	const start = trialClass();
	const lead = await createLead(env, {
		waId,
		name: options.name,
		language: options.language,
		state: options.state ?? 'SCHEDULED',
		wroteAt: (options.wroteAt ?? DateTime.now()).toJSDate(),
	});
	await runLeadJson(
		env.storage,
		{ resource: 'followUp', operation: 'scheduleSequence', classStart: start.toISO(), key: 'trial' },
		{ lead } as unknown as IDataObject,
	);
	return { lead, waId, start };
}

async function schedule(leadId: string, kind: string, dueAt: DateTime, options: IDataObject = {}) {
	await runLeadJson(env.storage, { resource: 'followUp', operation: 'schedule', kind, dueAt: dueAt.toISO(), options }, {
		lead: { id: leadId },
	});
}

/** One tick of the Schedule Trigger at `at`. */
async function tick(at: DateTime) {
	return await runTemplate(followUps, env, { items: [{ timestamp: at.toISO() }] });
}

function to(waId: string) {
	return sentMessages(env.graph).filter((m) => m.to === waId);
}

async function step(leadId: string, kind: string) {
	return (await followUpsOf(env, leadId)).find((s) => s.kind === kind)!;
}

function localDay(at: DateTime, language: LeadLanguage) {
	return at.setZone(ZONE).setLocale(language).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' });
}

describe('follow-ups template', () => {
	it('sends the reminder once, as free text inside the 24-hour window, and marks it sent', async () => {
		const start = trialClass();
		const { lead, waId } = await leadWithPlan({ language: 'es', wroteAt: start.minus({ hours: 25 }) });
		const due = start.minus({ hours: 24 });

		await tick(due.minus({ minutes: 1 }));
		expect(to(waId)).toHaveLength(0);

		const run = await tick(due.plus({ minutes: 1 }));
		await tick(due.plus({ minutes: 1 }));
		await tick(due.plus({ minutes: 2 }));
		expect(to(waId)).toEqual([
			expect.objectContaining({
				type: 'text',
				text: `¡Hola Ana! Te recordamos tu clase de prueba: ${localDay(start, 'es')} a las 18:30. Trae ropa cómoda y agua. ¡Te esperamos!`,
			}),
		]);
		expect(run.output('Mark sent')[0].json.followUp).toMatchObject({ kind: 'class_reminder', status: 'sent' });
		expect(run.output('Save the message')[0].json.logged).toMatchObject({ direction: 'out' });
		expect(await step(lead.id, 'class_reminder')).toMatchObject({ status: 'sent', attempts: 1 });
	});

	it('outside the window the reminder is the academy\'s approved template in the lead\'s language', async () => {
		const start = trialClass();
		const { waId } = await leadWithPlan({ language: 'pt', wroteAt: start.minus({ hours: 50 }) });
		await tick(start.minus({ hours: 23 }));

		const [sent] = to(waId);
		expect(to(waId)).toHaveLength(1);
		expect(sent.body.template).toEqual({
			name: SAMPLE_ACADEMY.templates.reminder.pt,
			language: { code: 'pt_BR' },
			components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }],
		});
	});

	it('asks how the class went the day after, but not a lead who did not come', async () => {
		const came = await leadWithPlan({ language: 'en', state: 'FOLLOW_UP' });
		const missed = await leadWithPlan({ language: 'en', state: 'NO_SHOW' });
		await tick(came.start.plus({ days: 1, minutes: 1 }));

		expect(to(came.waId)).toHaveLength(1);
		expect(to(came.waId)[0].body.template).toMatchObject({ name: SAMPLE_ACADEMY.templates.followUp.en });
		expect(to(missed.waId)).toHaveLength(0);
		expect(await step(missed.lead.id, 'after_class')).toMatchObject({
			status: 'cancelled',
			cancelReason: 'did not come to the class',
		});
	});

	it('a send WhatsApp refuses is tried again later, and marked failed after the last attempt', async () => {
		const { lead, waId, start } = await leadWithPlan({ language: 'es' });
		const due = start.minus({ hours: 24 });
		env.graph.failWithMetaError(131026, 3);

		const first = await tick(due.plus({ minutes: 1 }));
		expect(first.output('Mark failed')[0].json.followUp).toMatchObject({ status: 'pending', attempts: 1 });
		expect((await step(lead.id, 'class_reminder')).lastError).toMatch(/cannot receive the message/);

		await tick(due.plus({ minutes: 10 }));
		expect((await step(lead.id, 'class_reminder')).attempts).toBe(1);
		await tick(due.plus({ minutes: 17 }));
		const last = await tick(due.plus({ minutes: 33 }));
		expect(last.output('Mark failed')[0].json.followUp).toMatchObject({ status: 'failed', attempts: 3 });
		await tick(due.plus({ minutes: 60 }));
		// Three attempts reached WhatsApp (each refused), and none after the last.
		expect(to(waId)).toHaveLength(3);
		expect(await step(lead.id, 'class_reminder')).toMatchObject({ status: 'failed', attempts: 3 });
	});

	it('after 30 days without an answer the lead is lost; a lead whose attendance nobody recorded stays', async () => {
		const portuguese = await leadWithPlan({ language: 'pt', state: 'FOLLOW_UP' });
		const missed = await leadWithPlan({ state: 'NO_SHOW' });
		const unknown = await leadWithPlan({ state: 'SCHEDULED' });
		const run = await tick(portuguese.start.plus({ days: 30, minutes: 1 }));

		const moved = run.output('Move to Lost').map((item) => item.json as IDataObject & { lead: { id: string; state: string } });
		expect(moved.map((item) => [item.lead.id, item.lead.state]).sort()).toEqual(
			[
				[portuguese.lead.id, 'LOST'],
				[missed.lead.id, 'LOST'],
			].sort(),
		);
		const missedEvents = moved.find((item) => item.lead.id === missed.lead.id)!.transition as { events: Array<{ to: string }> };
		expect(missedEvents.events.map((e) => e.to)).toEqual(['RE_ENGAGED', 'LOST']);
		expect(await step(portuguese.lead.id, 'mark_lost')).toMatchObject({ status: 'sent' });
		expect(await step(unknown.lead.id, 'mark_lost')).toMatchObject({
			status: 'cancelled',
			cancelReason: 'attendance never recorded',
		});
		// The Portuguese lead got the after-class question, the offer and the last message, each once.
		expect(to(portuguese.waId)).toHaveLength(3);
	});

	it('asks the coach after the class with came / did not come / enrolled buttons', async () => {
		const { lead, start } = await leadWithPlan({ name: 'Ana Souza' });
		const end = start.plus({ hours: 1 });
		await schedule(lead.id, 'attendance-check', end.plus({ minutes: 15 }), {
			cancelOnReply: false,
			whileStates: ['SCHEDULED'],
			payload: JSON.stringify({ classStart: start.toUTC().toISO(), classEnd: end.toUTC().toISO() }),
		});
		const before = to(COACH).length;
		await tick(end.plus({ minutes: 16 }));

		const asked = to(COACH).slice(before);
		expect(asked).toHaveLength(1);
		const time = start.setLocale('en').toLocaleString(DateTime.TIME_SIMPLE);
		expect(asked[0].text).toBe(`Did Ana Souza come to the trial class on ${localDay(start, 'en')} at ${time}?`);
		const buttons = (asked[0].body.interactive as { action: { buttons: Array<{ reply: IDataObject }> } }).action.buttons;
		expect(buttons.map((b) => b.reply)).toEqual([
			{ id: `attendance:came:${lead.id}`, title: 'Came' },
			{ id: `attendance:no-show:${lead.id}`, title: 'Did not come' },
			{ id: `attendance:enrolled:${lead.id}`, title: 'Enrolled' },
		]);
		expect(await step(lead.id, 'attendance-check')).toMatchObject({ status: 'sent' });
	});

	it('when the coach has not written in 24 hours the question goes out as the approved template with the same buttons', async () => {
		phone += 1;
		const lead = await createLead(env, { waId: String(phone), state: 'SCHEDULED' });
		const start = trialClass();
		await schedule(lead.id, 'attendance-check', start.plus({ hours: 1 }), {
			payload: JSON.stringify({ classStart: start.toUTC().toISO() }),
		});
		env.graph.failWithMetaError(131047, 1);
		const before = to(COACH).length;
		await tick(start.plus({ hours: 1, minutes: 1 }));

		const asked = to(COACH).slice(before);
		expect(asked.map((m) => m.type)).toEqual(['interactive', 'template']);
		expect(asked[1].body.template).toMatchObject({
			name: SAMPLE_ACADEMY.templates.attendance.en,
			components: [
				{ type: 'body' },
				{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: `attendance:came:${lead.id}` }] },
				{ type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: `attendance:no-show:${lead.id}` }] },
				{ type: 'button', sub_type: 'quick_reply', index: '2', parameters: [{ type: 'payload', payload: `attendance:enrolled:${lead.id}` }] },
			],
		});
		expect(await step(lead.id, 'attendance-check')).toMatchObject({ status: 'sent' });
	});

	it('a booking nudge carries a personal booking link', async () => {
		phone += 1;
		const waId = String(phone);
		const due = DateTime.now().setZone(ZONE).plus({ days: 1 }).set({ hour: 12, minute: 0 });
		const lead = await createLead(env, { waId, language: 'es', state: 'INTERESTED', wroteAt: due.minus({ hours: 1 }).toJSDate() });
		await schedule(lead.id, 'booking-nudge', due, { whileStates: ['INTERESTED'] });
		await tick(due.plus({ minutes: 1 }));

		const [nudge] = to(waId);
		expect(nudge.text).toMatch(/^¡Hola Ana! ¿Pudiste elegir horario para tu clase de prueba\? Reserva aquí en un minuto: https:\/\/cal\.com\/onda-bjj\/trial-class\?/);
		const link = new URL(nudge.text.slice(nudge.text.indexOf('https://')));
		expect(link.searchParams.get('metadata[leadId]')).toBe(lead.id);
	});
});
