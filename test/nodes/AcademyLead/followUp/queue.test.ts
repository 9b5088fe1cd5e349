import type { Pool } from 'pg';

import {
	claimDueSteps,
	markFailed,
	markSent,
	scheduleSteps,
	type StepToSchedule,
} from '../../../../nodes/AcademyLead/actions/followUp/queue';
import { standardSequence } from '../../../../nodes/AcademyLead/actions/followUp/sequence';
import { cancelPendingSteps } from '../../../../nodes/AcademyLead/storage/follow-up-steps';
import { getPool } from '../../../../nodes/shared/storage/postgres';
import { isolatedStorage } from '../../../helpers/storage';
import { world } from './world';

const storage = isolatedStorage('follow_up_queue');
let pool: Pool;
let make: ReturnType<typeof world>;

beforeAll(async () => {
	pool = await getPool(storage.postgres);
	make = world(pool, storage.postgres);
});
afterAll(() => storage.cleanup());

const HOUR = 3_600_000;

function step(kind: string, dueAt: Date, extra: Partial<StepToSchedule> = {}): StepToSchedule {
	return { kind, dueAt, key: '', payload: {}, whileStates: [], cancelOnReply: true, ...extra };
}

async function statusOf(id: number) {
	const { rows } = await pool.query('SELECT status, due_at, attempts, cancel_reason FROM follow_up_steps WHERE id = $1', [id]);
	return rows[0];
}

describe('follow-up queue', () => {
	it("schedules the seed's plan around a trial class in the academy's zone, once", async () => {
		const academy = await make.academy('Europe/Madrid');
		const lead = await make.lead(academy.id, { state: 'SCHEDULED' });
		// Friday 27 March 2026 19:00 in Madrid (UTC+1); summer time starts on Sunday the 29th.
		const classStart = new Date('2026-03-27T18:00:00Z');
		const now = new Date('2026-03-20T10:00:00Z');
		const plan = standardSequence(classStart, now, academy.timeZone).map((planned) => ({
			...planned,
			key: 'booking-uid-1',
			payload: { classStart: classStart.toISOString() },
		}));
		const first = await scheduleSteps(pool, lead.id, plan);
		expect(first.map((s) => [s.kind, s.dueAt, s.created])).toEqual([
			['class_reminder', '2026-03-26T18:00:00.000Z', true],
			['after_class', '2026-03-28T18:00:00.000Z', true],
			// 19:00 local after the clocks moved: one hour earlier in UTC.
			['offer', '2026-03-30T17:00:00.000Z', true],
			['last_message', '2026-04-03T17:00:00.000Z', true],
			['mark_lost', '2026-04-26T17:00:00.000Z', true],
		]);
		expect(first[0]).toMatchObject({ whileStates: ['SCHEDULED'], cancelOnReply: false, status: 'pending' });
		expect(first[2].whileStates).not.toContain('CONVERTED');

		const again = await scheduleSteps(pool, lead.id, plan);
		expect(again.map((s) => s.id)).toEqual(first.map((s) => s.id));
		expect(again.every((s) => !s.created)).toBe(true);
		const { rows } = await pool.query('SELECT count(*)::int AS n FROM follow_up_steps WHERE lead_id = $1', [lead.id]);
		expect(rows[0].n).toBe(5);
	});

	it('sends the reminder at once when the class is booked less than a day ahead, and none for a class that began', () => {
		const now = new Date('2026-05-10T12:00:00Z');
		const soon = standardSequence(new Date('2026-05-10T20:00:00Z'), now, 'America/Sao_Paulo');
		expect(soon[0]).toMatchObject({ kind: 'class_reminder', dueAt: now });
		const past = standardSequence(new Date('2026-05-10T11:00:00Z'), now, 'America/Sao_Paulo');
		expect(past.map((s) => s.kind)).toEqual(['after_class', 'offer', 'last_message', 'mark_lost']);
	});

	it('moves a step due in quiet hours that span midnight to their end, in the academy zone', async () => {
		// São Paulo is UTC-3 all year; quiet from 22:00 to 08:00.
		const academy = await make.academy('America/Sao_Paulo', { start: '22:00', end: '08:00' });
		const lead = await make.lead(academy.id);
		const [late, early, day] = await scheduleSteps(pool, lead.id, [
			step('late', new Date('2026-05-10T02:30:00Z')), // 23:30 on the 9th
			step('early', new Date('2026-05-10T09:15:00Z')), // 06:15 on the 10th
			step('day', new Date('2026-05-10T15:00:00Z')), // 12:00
		]);
		expect(late.dueAt).toBe('2026-05-10T11:00:00.000Z');
		expect(early.dueAt).toBe('2026-05-10T11:00:00.000Z');
		expect(day.dueAt).toBe('2026-05-10T15:00:00.000Z');
	});

	it('postpones at claim time a step that became due before quiet hours but is claimed inside them', async () => {
		const academy = await make.academy('America/Sao_Paulo', { start: '22:00', end: '08:00' });
		const lead = await make.lead(academy.id);
		const [due] = await scheduleSteps(pool, lead.id, [step('nudge', new Date('2026-06-01T23:00:00Z'))]); // 20:00
		const afterMidnight = new Date('2026-06-02T04:30:00Z'); // 01:30 local
		const result = await claimDueSteps(pool, { now: afterMidnight, limit: 10, leaseSeconds: 300, academyId: academy.id });
		expect(result).toMatchObject({ claimed: [], postponed: 1 });
		expect(await statusOf(due.id)).toMatchObject({ status: 'pending', due_at: new Date('2026-06-02T11:00:00Z') });
		const morning = await claimDueSteps(pool, {
			now: new Date('2026-06-02T11:00:00Z'),
			limit: 10,
			leaseSeconds: 300,
			academyId: academy.id,
		});
		expect(morning.claimed.map((s) => s.id)).toEqual([due.id]);
	});

	it("says whether WhatsApp's 24-hour window is still open from the lead's last message", async () => {
		const academy = await make.academy('UTC', { start: '00:00', end: '00:00' });
		const now = new Date('2026-07-01T12:00:00Z');
		const recent = await make.lead(academy.id, { lastInboundAt: new Date(now.getTime() - 2 * HOUR) });
		const stale = await make.lead(academy.id, { lastInboundAt: new Date(now.getTime() - 30 * HOUR) });
		await scheduleSteps(pool, recent.id, [step('nudge', new Date(now.getTime() - HOUR))]);
		await scheduleSteps(pool, stale.id, [step('nudge', new Date(now.getTime() - HOUR))]);
		const { claimed } = await claimDueSteps(pool, { now, limit: 10, leaseSeconds: 300, academyId: academy.id });
		const byLead = new Map(claimed.map((s) => [s.leadId, s]));
		expect(byLead.get(recent.id)).toMatchObject({ windowOpen: true, windowClosesAt: '2026-07-02T10:00:00.000Z' });
		expect(byLead.get(stale.id)).toMatchObject({ windowOpen: false, windowClosesAt: '2026-07-01T06:00:00.000Z' });
	});

	it('never hands one step to two of several workers claiming at the same moment', async () => {
		const academy = await make.academy('UTC', { start: '00:00', end: '00:00' });
		const now = new Date('2026-08-01T12:00:00Z');
		const ids: number[] = [];
		for (let i = 0; i < 12; i++) {
			const lead = await make.lead(academy.id);
			const steps = await scheduleSteps(pool, lead.id, [
				step('a', new Date(now.getTime() - i * 60_000)),
				step('b', new Date(now.getTime() - i * 60_000)),
				step('c', new Date(now.getTime() - i * 60_000)),
			]);
			ids.push(...steps.map((s) => s.id));
		}
		// Open the connections first, so every worker is in the race from the start.
		const warm = await Promise.all(Array.from({ length: 6 }, async () => pool.connect()));
		warm.forEach((client) => client.release());
		const worker = async () => {
			const mine: number[] = [];
			for (;;) {
				const { claimed } = await claimDueSteps(pool, { now, limit: 2, leaseSeconds: 300, academyId: academy.id });
				if (!claimed.length) return mine;
				mine.push(...claimed.map((s) => s.id));
			}
		};
		const perWorker = await Promise.all(Array.from({ length: 6 }, worker));
		const all = perWorker.flat();
		expect(all).toHaveLength(ids.length);
		expect(new Set(all)).toEqual(new Set(ids));
		expect(perWorker.filter((claimed) => claimed.length > 0).length).toBeGreaterThan(1);
	});

	it('hands a claimed step out again when nobody marked it before the lease ran out', async () => {
		const academy = await make.academy('UTC', { start: '00:00', end: '00:00' });
		const lead = await make.lead(academy.id, { lastInboundAt: null });
		const t = new Date('2026-09-01T12:00:00Z');
		const [s] = await scheduleSteps(pool, lead.id, [step('nudge', t)]);
		const claim = (at: Date) => claimDueSteps(pool, { now: at, limit: 5, leaseSeconds: 300, academyId: academy.id });
		expect((await claim(t)).claimed.map((c) => [c.id, c.attempts])).toEqual([[s.id, 1]]);
		expect((await claim(new Date(t.getTime() + 60_000))).claimed).toEqual([]);
		expect((await claim(new Date(t.getTime() + 301_000))).claimed.map((c) => [c.id, c.attempts])).toEqual([[s.id, 2]]);
		await markSent(pool, s.id);
		expect((await claim(new Date(t.getTime() + 10 * HOUR))).claimed).toEqual([]);
	});

	it('drops an abandoned nudge instead of handing it out again when the lead wrote while it was in flight', async () => {
		const academy = await make.academy('UTC', { start: '00:00', end: '00:00' });
		const lead = await make.lead(academy.id, { lastInboundAt: new Date('2026-09-01T10:00:00Z') });
		const t = new Date('2026-09-01T12:00:00Z');
		const [nudge, reminder] = await scheduleSteps(pool, lead.id, [step('nudge', t), step('reminder', t, { cancelOnReply: false })]);
		const claim = (at: Date) => claimDueSteps(pool, { now: at, limit: 5, leaseSeconds: 300, academyId: academy.id });
		await claim(t);
		// The lead answers; the reply's cancel leaves steps in flight alone, and the worker never marks them.
		await pool.query('UPDATE leads SET last_inbound_at = $2 WHERE id = $1', [lead.id, new Date(t.getTime() + 60_000)]);
		const later = await claim(new Date(t.getTime() + 301_000));
		expect(later.claimed.map((c) => c.id)).toEqual([reminder.id]);
		expect(await statusOf(nudge.id)).toMatchObject({ status: 'cancelled', cancel_reason: 'reply' });
	});

	it('retries a failed send at the given time until the attempts are used, then gives up', async () => {
		const academy = await make.academy('UTC', { start: '00:00', end: '00:00' });
		const lead = await make.lead(academy.id);
		const t = new Date('2026-09-02T12:00:00Z');
		const [s] = await scheduleSteps(pool, lead.id, [step('nudge', t)]);
		const claim = (at: Date) => claimDueSteps(pool, { now: at, limit: 5, leaseSeconds: 300, academyId: academy.id });
		await claim(t);
		const retryAt = new Date(t.getTime() + HOUR);
		const first = await markFailed(pool, s.id, { error: 'Graph API 500', retryAt, maxAttempts: 2 });
		expect(first).toMatchObject({ status: 'pending', attempts: 1, dueAt: retryAt.toISOString(), lastError: 'Graph API 500' });
		expect((await claim(new Date(t.getTime() + 30 * 60_000))).claimed).toEqual([]);
		expect((await claim(retryAt)).claimed.map((c) => c.attempts)).toEqual([2]);
		const last = await markFailed(pool, s.id, { error: 'Graph API 500', retryAt: new Date(t.getTime() + 2 * HOUR), maxAttempts: 2 });
		expect(last).toMatchObject({ status: 'failed', attempts: 2 });
		await expect(markSent(pool, s.id)).rejects.toThrow(/already failed/);
	});

	it('treats marking a sent step as sent again as done, and refuses to send a cancelled one', async () => {
		const academy = await make.academy('UTC', { start: '00:00', end: '00:00' });
		const lead = await make.lead(academy.id);
		const [a, b] = await scheduleSteps(pool, lead.id, [step('a', new Date()), step('b', new Date())]);
		expect((await markSent(pool, a.id)).status).toBe('sent');
		expect((await markSent(pool, a.id)).status).toBe('sent');
		await cancelPendingSteps(pool, lead.id, 'take-over');
		await expect(markSent(pool, b.id)).rejects.toThrow(`Follow-up step ${b.id} is already cancelled`);
		await expect(markSent(pool, 987654321)).rejects.toThrow(/No follow-up step with id 987654321/);
	});

	it('lets a reply cancel the nudges but not the reminder of a booked class; opt-out cancels everything', async () => {
		const academy = await make.academy('UTC', { start: '00:00', end: '00:00' });
		const lead = await make.lead(academy.id, { state: 'SCHEDULED' });
		const now = new Date();
		const plan = standardSequence(new Date(now.getTime() + 48 * HOUR), now, 'UTC').map((p) => ({ ...p, key: 'b1', payload: {} }));
		await scheduleSteps(pool, lead.id, plan);
		const reasons = async () =>
			(await pool.query('SELECT kind, status, cancel_reason FROM follow_up_steps WHERE lead_id = $1 ORDER BY id', [lead.id])).rows.map(
				(row) => `${row.kind} ${row.status} ${row.cancel_reason ?? ''}`.trim(),
			);
		expect(await cancelPendingSteps(pool, lead.id, 'reply')).toBe(4);
		expect(await reasons()).toEqual([
			'class_reminder pending',
			'after_class cancelled reply',
			'offer cancelled reply',
			'last_message cancelled reply',
			'mark_lost cancelled reply',
		]);
		expect(await cancelPendingSteps(pool, lead.id, 'opt-out')).toBe(1);
		expect((await reasons())[0]).toBe('class_reminder cancelled opt-out');
	});

	it('cancels at claim time the steps of leads who opted out, were taken over, or moved to a state the step is not for', async () => {
		const academy = await make.academy('UTC', { start: '00:00', end: '00:00' });
		const now = new Date('2026-10-01T12:00:00Z');
		const optedOut = await make.lead(academy.id, { state: 'FOLLOW_UP' });
		const paused = await make.lead(academy.id, { state: 'FOLLOW_UP' });
		const converted = await make.lead(academy.id, { state: 'CONVERTED' });
		const following = await make.lead(academy.id, { state: 'FOLLOW_UP' });
		await pool.query('UPDATE leads SET opted_out_at = $2 WHERE id = $1', [optedOut.id, now]);
		await pool.query('UPDATE leads SET paused_until = $2 WHERE id = $1', [paused.id, new Date(now.getTime() + HOUR)]);
		const offer = (leadId: string) =>
			scheduleSteps(pool, leadId, [step('offer', now, { whileStates: ['SHOWED_UP', 'FOLLOW_UP'] })]);
		const [[a], [b], [c], [d]] = await Promise.all([optedOut, paused, converted, following].map((l) => offer(l.id)));
		const result = await claimDueSteps(pool, { now, limit: 10, leaseSeconds: 300, academyId: academy.id });
		expect(result.claimed.map((s) => s.id)).toEqual([d.id]);
		expect(result.cancelled).toBe(3);
		expect((await statusOf(a.id)).cancel_reason).toBe('opt-out');
		expect((await statusOf(b.id)).cancel_reason).toBe('take-over');
		expect((await statusOf(c.id)).cancel_reason).toBe('lead-state:CONVERTED');
	});
});
