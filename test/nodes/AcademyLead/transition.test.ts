import type { IDataObject } from 'n8n-workflow';

import { allowedFrom } from '../../../nodes/AcademyLead/helpers/state-machine';
import { getPool } from '../../../nodes/shared/storage/postgres';
import { LEAD_STATES, type LeadState } from '../../../nodes/shared/types';
import { isolatedStorage } from '../../helpers/storage';
import { createAcademy, inbound, runLead, runLeadJson, upsertParameters, type LeadNodeItem } from './lead-node';

const storage = isolatedStorage('lead_transition');
afterAll(() => storage.cleanup());

let senders = 0;
const move = async (lead: IDataObject, toState: LeadState, extra: IDataObject = {}) =>
	runLeadJson(storage, { resource: 'lead', operation: 'transition', toState, ...extra }, { lead });

/** A new lead walked along the diagram to `state`, each step recorded. */
async function leadIn(state: LeadState): Promise<LeadNodeItem['lead']> {
	senders += 1;
	const { lead } = await runLeadJson(storage, upsertParameters, { message: inbound({ waId: `5511900${String(senders).padStart(6, '0')}` }) });
	if (state === 'NEW') return lead;
	const path: Partial<Record<LeadState, LeadState[]>> = { LOST: ['FOLLOW_UP', 'LOST'], CONVERTED: ['SHOWED_UP', 'CONVERTED'] };
	let current = lead;
	for (const step of path[state] ?? [state]) current = (await move(current, step, { options: { walk: true } })).lead;
	expect(current.state).toBe(state);
	return current;
}

async function events(leadId: string) {
	const pool = await getPool(storage.postgres);
	const { rows } = await pool.query('SELECT from_state, to_state, cause FROM lead_events WHERE lead_id = $1 ORDER BY id', [leadId]);
	return rows as Array<{ from_state: LeadState | null; to_state: LeadState; cause: string }>;
}

async function storedState(leadId: string): Promise<LeadState> {
	const pool = await getPool(storage.postgres);
	return (await pool.query('SELECT state FROM leads WHERE id = $1', [leadId])).rows[0].state;
}

beforeAll(async () => {
	await createAcademy(storage);
});

describe('Academy Lead › Move State', () => {
	describe.each(LEAD_STATES)('from %s', (from) => {
		let lead: LeadNodeItem['lead'];
		beforeAll(async () => {
			lead = await leadIn(from);
		});

		it.each(LEAD_STATES.filter((to) => to !== from && !allowedFrom(from).includes(to)))(
			'refuses %s, naming the allowed moves, and changes nothing',
			async (to) => {
				const before = await events(lead.id);
				const attempt = move(lead, to);
				await expect(attempt).rejects.toThrow(`A lead in ${from} cannot move to ${to}`);
				const message = await attempt.catch((error: Error) => error.message);
				for (const allowed of allowedFrom(from)) expect(message).toContain(allowed);
				expect(await events(lead.id)).toEqual(before);
				expect(await storedState(lead.id)).toBe(from);
			},
		);

		it(`treats moving to ${from} again as a no-op`, async () => {
			const before = await events(lead.id);
			const json = await move(lead, from);
			expect(json.transition).toMatchObject({ from, to: from, changed: false, events: [] });
			expect(json.lead.state).toBe(from);
			expect(await events(lead.id)).toEqual(before);
		});
	});

	it.each(LEAD_STATES.flatMap((from) => allowedFrom(from).map((to) => [from, to] as const)))(
		'moves %s → %s with one event carrying the cause, time and references',
		async (from, to) => {
			const fresh = await leadIn(from);
			const json = await move(fresh, to, {
				cause: `test ${from} to ${to}`,
				options: { messageId: 'wamid.cause', bookingUid: 'booking-uid-1', at: '2026-03-05T10:00:00.000Z' },
			});
			expect(json.lead).toMatchObject({ id: fresh.id, state: to, stateChangedAt: '2026-03-05T10:00:00.000Z' });
			expect(json.transition).toMatchObject({ from, to, changed: true });
			expect(json.transition.events).toEqual([
				{
					id: expect.any(String),
					leadId: fresh.id,
					from,
					to,
					cause: `test ${from} to ${to}`,
					messageId: 'wamid.cause',
					bookingUid: 'booking-uid-1',
					at: '2026-03-05T10:00:00.000Z',
				},
			]);
			const history = await events(fresh.id);
			expect(history.at(-1)).toEqual({ from_state: from, to_state: to, cause: `test ${from} to ${to}` });
			expect(await storedState(fresh.id)).toBe(to);
			// Repeating the move that just happened is not an error.
			expect((await move(json.lead, to)).transition.changed).toBe(false);
		},
	);

	it('keeps the current state equal to the last event, from the first contact on', async () => {
		const lead = await leadIn('CONVERTED');
		const history = await events(lead.id);
		expect(history.map((event) => `${event.from_state}>${event.to_state}`)).toEqual([
			'null>NEW',
			'NEW>ENGAGED',
			'ENGAGED>INTERESTED',
			'INTERESTED>SCHEDULED',
			'SCHEDULED>SHOWED_UP',
			'SHOWED_UP>CONVERTED',
		]);
		expect(history[1].cause).toBe('replies or asks');
		expect(await storedState(lead.id)).toBe(history.at(-1)?.to_state);
	});

	it('reports a refused move on the item with continue-on-fail', async () => {
		const lead = await leadIn('NEW');
		const [item] = await runLead(
			storage,
			{ resource: 'lead', operation: 'transition', toState: 'CONVERTED' },
			[{ lead }],
			{ continueOnFail: true },
		);
		expect(item.json.error).toMatch(/A lead in NEW cannot move to CONVERTED. From NEW it can only move to ENGAGED/);
		expect(item.json.lead).toEqual(lead);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('lets exactly one of two racing moves win; the other sees the new state', async () => {
		const lead = await leadIn('SCHEDULED');
		const outcomes = await Promise.allSettled([move(lead, 'SHOWED_UP'), move(lead, 'NO_SHOW')]);
		expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
		const refused = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
		expect(String(refused.reason)).toMatch(/A lead in (SHOWED_UP|NO_SHOW) cannot move/);
		expect((await events(lead.id)).filter((event) => event.from_state === 'SCHEDULED')).toHaveLength(1);
	});

	it('ends pending follow-ups when the lead books, enrols or is lost', async () => {
		const pool = await getPool(storage.postgres);
		const lead = await leadIn('INTERESTED');
		await pool.query(
			`INSERT INTO follow_up_steps (academy_id, lead_id, kind, due_at) VALUES ($1, $2, 'nudge', now() + interval '1 day')`,
			[lead.academyId, lead.id],
		);
		const json = await move(lead, 'SCHEDULED');
		expect(json.transition.cancelledFollowUps).toBe(1);
		const { rows } = await pool.query('SELECT status, cancel_reason FROM follow_up_steps WHERE lead_id = $1', [lead.id]);
		expect(rows).toEqual([{ status: 'cancelled', cancel_reason: 'booking' }]);
	});

	it('refuses an unknown state and a missing lead clearly', async () => {
		const lead = await leadIn('NEW');
		await expect(move(lead, 'ENROLLED' as LeadState)).rejects.toThrow(/"ENROLLED" is not a lead state/);
		await expect(move({ id: '00000000-0000-4000-8000-000000000000' }, 'ENGAGED')).rejects.toThrow(/No lead has the ID/);
	});
});
