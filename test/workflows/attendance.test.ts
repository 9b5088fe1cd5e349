import type { IDataObject } from 'n8n-workflow';

import type { Lead } from '../../nodes/AcademyLead/storage/leads';
import type { AcademyProfile, LeadState } from '../../nodes/shared/types';
import { SAMPLE_ACADEMY } from '../data/academy-profile';
import { inbound, runLeadJson } from '../nodes/AcademyLead/lead-node';
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

const COACH = SAMPLE_ACADEMY.staffNumbers[1];

let env: TemplateEnv;
let academy: AcademyProfile;
let attendance = template('attendance.json');

beforeAll(async () => {
	env = await startTemplateEnv('attendance');
	academy = await createSampleAcademy(env);
	attendance = template('attendance.json', { academyPhoneNumberId: academy.phoneNumberId });
});
afterAll(() => env.stop());

let phone = 5511950000000;

/** A lead booked for a trial class that ended an hour ago, with the standard plan in the queue. */
async function bookedLead(options: { state?: LeadState; wroteAt?: Date; name?: string } = {}) {
	phone += 1;
	const waId = String(phone);
	const lead = await createLead(env, { waId, language: 'es', state: options.state ?? 'SCHEDULED', ...options });
	await runLeadJson(
		env.storage,
		{
			resource: 'followUp',
			operation: 'scheduleSequence',
			classStart: new Date(Date.now() - 2 * 3_600_000).toISOString(),
			key: 'trial',
		},
		{ lead } as unknown as IDataObject,
	);
	return { lead, waId };
}

/**
 * What the Conversation template hands over when a staff number taps one of the coach's buttons:
 * the message as the WhatsApp trigger emits it and the academy that received it.
 */
function coachTaps(outcome: string, lead: Lead, from = COACH) {
	const message = inbound({ waId: from, replyId: `attendance:${outcome}:${lead.id}` }, 'wa-inbound-interactive-button-reply');
	return runTemplate(attendance, env, { node: 'When the coach answers', items: [{ message, academy } as unknown as IDataObject] });
}

/** A submission of the staff form, as the n8n Form Trigger emits it. */
function staffSubmits(leadIdOrNumber: string, outcome: 'Came' | 'Did not come' | 'Enrolled') {
	return runTemplate(attendance, env, {
		node: 'Staff form',
		items: [{ leadIdOrNumber, outcome, submittedAt: new Date().toISOString(), formMode: 'production' }],
	});
}

function to(waId: string) {
	return sentMessages(env.graph).filter((m) => m.to === waId);
}

function stateAfter(run: Awaited<ReturnType<typeof coachTaps>>, node: string): string {
	return (run.output(node)[0].json.lead as { state: string }).state;
}

describe('attendance template', () => {
	it('the coach taps "came": the lead moves to Showed up then Follow-up, the follow-ups go on, the coach is told', async () => {
		const { lead } = await bookedLead();
		const before = to(COACH).length;
		const run = await coachTaps('came', lead);

		expect(stateAfter(run, 'Move to Showed up')).toBe('SHOWED_UP');
		expect(stateAfter(run, 'Move to Follow-up')).toBe('FOLLOW_UP');
		const pending = (await followUpsOf(env, lead.id)).filter((s) => s.status === 'pending').map((s) => s.kind);
		expect(pending).toEqual(['after_class', 'offer', 'last_message', 'mark_lost']);
		expect(to(COACH).slice(before).map((m) => m.text)).toEqual([
			'Noted: Ana Souza came to the class. I will keep following up until they enrol.',
		]);
	});

	it('"did not come": the lead moves to No-show, gets a new booking link now and one more reminder later', async () => {
		const { lead, waId } = await bookedLead();
		const run = await coachTaps('no-show', lead);

		expect(stateAfter(run, 'Move to No-show')).toBe('NO_SHOW');
		const [message] = to(waId);
		expect(to(waId)).toHaveLength(1);
		expect(message.type).toBe('text');
		expect(message.text).toMatch(/^¡Hola Ana! Te esperábamos en la clase de prueba\. ¿Quieres elegir otro día\? Reserva aquí: https:\/\/cal\.com\/onda-bjj\/trial-class\?/);
		expect(new URL(message.text.slice(message.text.indexOf('https://'))).searchParams.get('metadata[leadId]')).toBe(lead.id);
		expect(run.output('Save the message')[0].json.logged).toMatchObject({ direction: 'out' });

		const again = (await followUpsOf(env, lead.id)).find((s) => s.kind === 're-engagement')!;
		expect(again.status).toBe('pending');
		expect(again.dueAt.getTime()).toBeGreaterThan(Date.now() + 71 * 3_600_000);
		expect(to(COACH).at(-1)!.text).toBe('Noted: Ana Souza did not come. I sent them a link to pick another day.');
	});

	it('"did not come" for a lead who last wrote days ago sends the approved template', async () => {
		const { lead, waId } = await bookedLead({ wroteAt: new Date(Date.now() - 5 * 24 * 3_600_000) });
		await coachTaps('no-show', lead);
		expect(to(waId).map((m) => m.body.template)).toEqual([
			{
				name: SAMPLE_ACADEMY.templates.followUp.es,
				language: { code: 'es' },
				components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }],
			},
		]);
	});

	it('"enrolled": the lead moves to Converted through Showed up and every pending follow-up stops', async () => {
		const { lead, waId } = await bookedLead();
		const run = await coachTaps('enrolled', lead);

		const moved = run.output('Move to Converted')[0].json.transition as { events: Array<{ to: string }> };
		expect(moved.events.map((e) => e.to)).toEqual(['SHOWED_UP', 'CONVERTED']);
		const steps = await followUpsOf(env, lead.id);
		expect(steps.filter((s) => s.status === 'pending')).toEqual([]);
		expect(steps.filter((s) => s.cancelReason === 'converted').length).toBeGreaterThan(0);
		expect(to(waId)).toHaveLength(0);
		expect(to(COACH).at(-1)!.text).toBe('Great! Ana Souza enrolled. No more follow-up messages for them.');
	});

	it('a second answer changes nothing and says where the lead is', async () => {
		const { lead } = await bookedLead();
		await coachTaps('came', lead);
		const run = await coachTaps('no-show', lead);
		expect(run.ran('Move to No-show')).toBe(false);
		expect(to(COACH).at(-1)!.text).toBe('Nothing changed: Ana Souza is in FOLLOW_UP.');
	});

	it('a tap from a number that is not the academy\'s staff is ignored', async () => {
		const { lead, waId } = await bookedLead();
		const run = await coachTaps('enrolled', lead, waId);
		expect(run.ran('Find the lead')).toBe(false);
		expect(to(waId)).toHaveLength(0);
		expect((await runLeadJson(env.storage, { operation: 'get' }, { lead })).lead.state).toBe('SCHEDULED');
	});

	it('staff use the form with the lead\'s WhatsApp number and see the result on the form', async () => {
		const { lead, waId } = await bookedLead({ state: 'FOLLOW_UP' });
		const run = await staffSubmits(`+${waId}`, 'Enrolled');

		expect(stateAfter(run, 'Move to Converted')).toBe('CONVERTED');
		expect(run.output('Show on the form')[0].json.reply).toEqual({
			text: 'Great! Ana Souza enrolled. No more follow-up messages for them.',
		});
		expect(run.ran('Answer the staff member')).toBe(false);
		expect((await runLeadJson(env.storage, { operation: 'get' }, { lead })).lead.state).toBe('CONVERTED');
	});

	it('staff use the form with the lead ID', async () => {
		const { lead, waId } = await bookedLead();
		const run = await staffSubmits(lead.id, 'Did not come');
		expect(stateAfter(run, 'Move to No-show')).toBe('NO_SHOW');
		expect(to(waId)).toHaveLength(1);
		expect((run.output('Show on the form')[0].json.reply as IDataObject).text).toBe(
			'Noted: Ana Souza did not come. I sent them a link to pick another day.',
		);
	});
});
