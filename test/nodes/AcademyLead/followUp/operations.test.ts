import type { IDataObject } from 'n8n-workflow';

import { isolatedStorage } from '../../../helpers/storage';
import { createAcademy, inbound, runLead, runLeadJson, upsertParameters } from '../lead-node';

const storage = isolatedStorage('follow_up_node');
afterAll(() => storage.cleanup());

/** A lead who wrote on Monday 2 March 2026 at 10:00 in Buenos Aires (UTC-3). */
async function leadWhoWrote(waId: string) {
	await createAcademy(storage);
	const json = await runLeadJson(storage, upsertParameters, {
		message: inbound({ waId, timestamp: '2026-03-02T13:00:00.000Z' }) as unknown as IDataObject,
	});
	return json.lead as { id: string; waId: string };
}

const followUp = (operation: string, extra: IDataObject = {}) => ({ resource: 'followUp', operation, ...extra });

describe('Academy Lead › Follow-up', () => {
	it('plans the follow-ups of a booking, hands each due step out once with its lead, and records the send', async () => {
		const lead = await leadWhoWrote('5491111110001');
		// The booking moves the lead first (which cancels any older plan), then plans the new class.
		await runLeadJson(storage, { resource: 'lead', operation: 'transition', toState: 'SCHEDULED', options: { walk: true } }, { lead });
		// The booking item as the Cal.com trigger emits it: class on Thursday 5 March, 18:30 local.
		const booked = { lead, booking: { start: '2026-03-05T21:30:00.000Z', uid: 'bk-1' } };
		const planned = await runLeadJson(
			storage,
			followUp('scheduleSequence', { options: { referenceTime: '2026-03-02T13:05:00.000Z' } }),
			booked,
		);
		expect((planned.followUps as IDataObject[]).map((s) => [s.kind, s.dueAt, s.created])).toEqual([
			['class_reminder', '2026-03-04T21:30:00.000Z', true],
			['after_class', '2026-03-06T21:30:00.000Z', true],
			['offer', '2026-03-08T21:30:00.000Z', true],
			['last_message', '2026-03-12T21:30:00.000Z', true],
			['mark_lost', '2026-04-04T21:30:00.000Z', true],
		]);
		const again = await runLeadJson(storage, followUp('scheduleSequence'), booked);
		expect((again.followUps as IDataObject[]).every((s) => s.created === false)).toBe(true);

		const claim = followUp('claim', { options: { referenceTime: '2026-03-04T22:00:00.000Z' } });
		const [due, ...none] = await runLead(storage, claim, [{ trigger: 'schedule' }]);
		expect(none).toEqual([]);
		expect(due.json).toMatchObject({
			trigger: 'schedule',
			followUp: { kind: 'class_reminder', status: 'claimed', attempts: 1, windowOpen: false, payload: { classStart: '2026-03-05T21:30:00.000Z' } },
			lead: { id: lead.id, waId: '5491111110001', state: 'SCHEDULED' },
			academy: { name: 'Gracie Barra Palermo', timeZone: 'America/Argentina/Buenos_Aires' },
		});
		expect(await runLead(storage, claim)).toEqual([]);

		const sent = await runLeadJson(storage, followUp('mark', { outcome: 'sent' }), due.json);
		expect(sent.followUp).toMatchObject({ id: (due.json.followUp as IDataObject).id, status: 'sent' });

		const cancelled = await runLeadJson(storage, followUp('cancel', { cause: 'reply' }), { lead });
		expect(cancelled.cancelledFollowUps).toBe(4);
	});

	it('says the window is open when the lead wrote within 24 hours, and retries a failed send later', async () => {
		const lead = await leadWhoWrote('5491111110002');
		await runLeadJson(
			storage,
			followUp('schedule', { kind: 'offer', dueAt: '2026-03-02T18:00:00.000Z', options: { payload: '{"discount": 20}' } }),
			{ lead },
		);
		const [due] = await runLead(storage, followUp('claim', { options: { referenceTime: '2026-03-02T18:00:00.000Z' } }));
		expect(due.json.followUp).toMatchObject({ kind: 'offer', windowOpen: true, windowClosesAt: '2026-03-03T13:00:00.000Z', payload: { discount: 20 } });

		const failed = await runLeadJson(
			storage,
			followUp('mark', {
				outcome: 'failed',
				error: 'Graph API error 131047',
				retryAfterMinutes: 30,
				options: { referenceTime: '2026-03-02T18:01:00.000Z' },
			}),
			due.json,
		);
		expect(failed.followUp).toMatchObject({ status: 'pending', attempts: 1, dueAt: '2026-03-02T18:31:00.000Z', lastError: 'Graph API error 131047' });
	});

	it('explains a wrong step or lead id per item and carries on with continue-on-fail', async () => {
		const items = await runLead(storage, followUp('mark', { outcome: 'sent', stepId: 987654321 }), [{}], { continueOnFail: true });
		expect(items[0].json.error).toMatch(/No follow-up step with id 987654321/);
		const scheduled = await runLead(
			storage,
			followUp('schedule', { kind: 'offer', dueAt: '2026-03-02T18:00:00.000Z', leadId: 'not-a-lead' }),
			[{}],
			{ continueOnFail: true },
		);
		expect(scheduled[0].json.error).toMatch(/Lead ID "not-a-lead" is not an id/);
	});
});
