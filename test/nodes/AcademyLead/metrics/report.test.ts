import type { Pool } from 'pg';

import { academyMetrics } from '../../../../nodes/AcademyLead/actions/metrics/report';
import { queueDepth } from '../../../../nodes/AcademyLead/actions/metrics/queries';
import { scheduleSteps } from '../../../../nodes/AcademyLead/actions/followUp/queue';
import { getPool } from '../../../../nodes/shared/storage/postgres';
import type { InboundMessage, LeadState } from '../../../../nodes/shared/types';
import { isolatedStorage } from '../../../helpers/storage';
import { world } from '../followUp/world';

const storage = isolatedStorage('lead_metrics');
let pool: Pool;
let make: ReturnType<typeof world>;

beforeAll(async () => {
	pool = await getPool(storage.postgres);
	make = world(pool, storage.postgres);
});
afterAll(() => storage.cleanup());

const AD_A: InboundMessage['referral'] = { sourceType: 'ad', sourceId: '111', sourceUrl: 'https://fb.me/a', headline: 'Promo BJJ', body: null, ctwaClid: 'c1' };
const AD_B: InboundMessage['referral'] = { sourceType: 'ad', sourceId: '222', sourceUrl: 'https://fb.me/b', headline: null, body: null, ctwaClid: 'c2' };

type Event = [LeadState, string, string?];

/** A lead with its transitions (the first one is first contact) and messages, as the node records them. */
async function history(
	academyId: string,
	events: Event[],
	messages: Array<['in' | 'out', string]>,
	referral: InboundMessage['referral'] = null,
) {
	const lead = await make.lead(academyId, { at: new Date(events[0][1]), referral });
	let from: LeadState | null = null;
	for (const [to, at, cause] of events) {
		await pool.query(
			'INSERT INTO lead_events (academy_id, lead_id, from_state, to_state, cause, at) VALUES ($1, $2, $3, $4, $5, $6)',
			[academyId, lead.id, from, to, cause ?? 'test', at],
		);
		from = to;
	}
	for (const [direction, at] of messages) {
		await pool.query(
			`INSERT INTO messages (academy_id, lead_id, direction, status, at) VALUES ($1, $2, $3, $4, $5)`,
			[academyId, lead.id, direction, direction === 'in' ? 'received' : 'sent', at],
		);
	}
	return lead;
}

describe('academy metrics', () => {
	it('computes every figure of the weekly report on a hand-checked data set, in the academy zone', async () => {
		// São Paulo is UTC-3: local days and weeks start at 03:00Z.
		const academy = await make.academy('America/Sao_Paulo');
		const other = await make.academy('America/Sao_Paulo');
		const d = (day: number, time: string) => `2026-11-${String(day).padStart(2, '0')}T${time}Z`;
		// Week 45 (2 to 8 November, local).
		await history(
			academy.id,
			[['NEW', d(2, '12:00:00')], ['SCHEDULED', d(3, '12:00:00')], ['SHOWED_UP', d(5, '12:00:00')], ['CONVERTED', d(6, '12:00:00')]],
			[['in', d(2, '12:00:00')], ['out', d(2, '12:00:10')], ['in', d(2, '12:05:00')], ['out', d(2, '12:05:05')]],
			AD_A,
		);
		// 23:30 on 2 November local, already the 3rd in UTC.
		await history(
			academy.id,
			[
				['NEW', d(3, '02:30:00')], ['SCHEDULED', d(4, '12:00:00')], ['NO_SHOW', d(6, '12:00:00')],
				['RE_ENGAGED', d(7, '12:00:00')], ['SCHEDULED', d(8, '12:00:00')], ['SHOWED_UP', d(10, '12:00:00')],
				['FOLLOW_UP', d(11, '12:00:00')],
			],
			[['in', d(3, '02:30:00')], ['out', d(3, '02:30:30')]],
			AD_A,
		);
		await history(
			academy.id,
			[['NEW', d(4, '15:00:00')], ['FOLLOW_UP', d(6, '12:00:00')], ['LOST', d(15, '12:00:00'), 'no_response_30d']],
			[['in', d(4, '15:00:00')], ['out', d(4, '15:01:00')]],
		);
		// 23:00 on Sunday 8 November local: week 45 here, week 46 in UTC.
		await history(
			academy.id,
			[
				['NEW', d(9, '02:00:00')], ['SCHEDULED', d(10, '12:00:00')], ['NO_SHOW', d(12, '12:00:00')],
				['RE_ENGAGED', d(13, '12:00:00')], ['LOST', d(14, '12:00:00'), 'not_interested'],
			],
			[['in', d(9, '02:00:00')], ['out', d(9, '02:02:00')], ['in', d(9, '02:10:00')]],
		);
		// Week 46 (9 to 15 November).
		await history(
			academy.id,
			[['NEW', d(10, '13:00:00')], ['SCHEDULED', d(11, '12:00:00')], ['SHOWED_UP', d(13, '12:00:00')], ['CONVERTED', d(14, '12:00:00')]],
			[['in', d(10, '13:00:00')], ['out', d(10, '13:00:05')], ['in', d(10, '13:01:00')]],
		);
		await history(academy.id, [['NEW', d(12, '13:00:00')]], [['in', d(12, '13:00:00')]], AD_B);
		// Converts after the report's end: counts as showed up, not yet as converted.
		await history(
			academy.id,
			[['NEW', d(13, '13:00:00')], ['SCHEDULED', d(14, '12:00:00')], ['SHOWED_UP', d(15, '12:00:00')], ['CONVERTED', d(17, '13:00:00')]],
			[['in', d(13, '13:00:00')], ['out', d(13, '13:20:00')]],
		);
		// Arrived before the period: not in the funnel, but its attendance, loss and messages in the period count.
		await history(
			academy.id,
			[
				['NEW', '2026-10-30T12:00:00Z'], ['SCHEDULED', '2026-10-31T12:00:00Z'], ['SHOWED_UP', d(5, '12:00:00')],
				['FOLLOW_UP', d(6, '12:00:00')], ['LOST', d(12, '12:00:00'), 'no_response_30d'],
			],
			[['in', '2026-10-30T12:00:00Z'], ['out', '2026-10-30T12:00:20Z'], ['in', d(5, '12:00:00')], ['out', d(5, '12:00:03')]],
		);
		// After the period, and another academy's lead: neither counts.
		await history(academy.id, [['NEW', d(16, '04:00:00')]], [['in', d(16, '04:00:00')], ['out', d(16, '04:00:01')]]);
		await history(
			other.id,
			[['NEW', d(5, '12:00:00')], ['SCHEDULED', d(6, '12:00:00')]],
			[['in', d(5, '12:00:00')], ['out', d(5, '12:00:01')]],
		);

		// Monday 16 November 00:00 local: the report covers the two whole weeks before.
		const metrics = await academyMetrics(pool, academy, new Date('2026-11-16T03:00:00Z'), 2);

		expect(metrics).toMatchObject({ academyId: academy.id, timeZone: 'America/Sao_Paulo', from: '2026-11-02T03:00:00.000Z', to: '2026-11-16T03:00:00.000Z' });
		expect(metrics.funnel).toEqual([
			{ week: '2026-W45', weekStart: '2026-11-02', new: 4, scheduled: 3, showedUp: 2, converted: 1, conversionRate: 25, showUpRate: 66.67 },
			{ week: '2026-W46', weekStart: '2026-11-09', new: 3, scheduled: 2, showedUp: 2, converted: 1, conversionRate: 33.33, showUpRate: 100 },
		]);
		expect(metrics.totals).toEqual({ new: 7, scheduled: 5, showedUp: 4, converted: 2, conversionRate: 28.57, showUpRate: 80 });
		expect(metrics.conversionChange).toBe(33.32);
		expect(metrics.attendance).toEqual({ showedUp: 5, noShow: 2, showUpRate: 71.43 });
		// Waits of 10, 30, 60, 120, 5 and 1200 s; one lead never got an answer.
		expect(metrics.firstResponse).toEqual({ conversations: 7, answered: 6, averageSeconds: 237.5, p50Seconds: 45, p95Seconds: 930 });
		expect(metrics.messages).toEqual({ conversations: 8, inbound: 11, outbound: 8, perConversation: 2.38 });
		expect(metrics.engagement).toEqual({ leadsMessaged: 6, leadsAnswered: 3, rate: 50 });
		expect(metrics.leadsPerDay.average).toBe(0.5);
		expect(metrics.leadsPerDay.days).toHaveLength(14);
		expect(metrics.leadsPerDay.days.filter((day) => day.count > 0)).toEqual([
			{ date: '2026-11-02', count: 2 },
			{ date: '2026-11-04', count: 1 },
			{ date: '2026-11-08', count: 1 },
			{ date: '2026-11-10', count: 1 },
			{ date: '2026-11-12', count: 1 },
			{ date: '2026-11-13', count: 1 },
		]);
		expect(metrics.lossReasons).toEqual([
			{ reason: 'no_response_30d', count: 2 },
			{ reason: 'not_interested', count: 1 },
		]);
		expect(metrics.sources).toEqual([
			{ sourceType: 'direct', sourceId: null, label: 'Direct', new: 4, scheduled: 3, showedUp: 2, converted: 1, conversionRate: 25, showUpRate: 66.67 },
			{ sourceType: 'ad', sourceId: '111', label: 'Promo BJJ', new: 2, scheduled: 2, showedUp: 2, converted: 1, conversionRate: 50, showUpRate: 100 },
			{ sourceType: 'ad', sourceId: '222', label: 'https://fb.me/b', new: 1, scheduled: 0, showedUp: 0, converted: 0, conversionRate: 0, showUpRate: null },
		]);
	});

	it('labels the weeks of a report that spans the new year with ISO week years', async () => {
		const academy = await make.academy('Europe/Madrid');
		const metrics = await academyMetrics(pool, academy, new Date('2027-01-06T12:00:00Z'), 3);
		expect(metrics.funnel.map((w) => [w.week, w.weekStart, w.new, w.conversionRate])).toEqual([
			['2026-W52', '2026-12-21', 0, null],
			['2026-W53', '2026-12-28', 0, null],
			['2027-W01', '2027-01-04', 0, null],
		]);
		expect(metrics.leadsPerDay.days[metrics.leadsPerDay.days.length - 1]).toEqual({ date: '2027-01-06', count: 0 });
		expect(metrics.conversionChange).toBeNull();
	});

	it('counts the follow-up steps due now per academy, for the queue-depth alert', async () => {
		const academy = await make.academy('UTC', { start: '00:00', end: '00:00' });
		const lead = await make.lead(academy.id);
		const now = new Date('2026-12-01T12:00:00Z');
		const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
		const steps = await scheduleSteps(
			pool,
			lead.id,
			['a', 'b', 'c', 'd'].map((kind, i) => ({ kind, key: '', dueAt: at([-60, -1, 0, 60][i]), payload: {}, whileStates: [], cancelOnReply: true })),
		);
		await pool.query(`UPDATE follow_up_steps SET status = 'claimed', claimed_at = $2 WHERE id = $1`, [steps[0].id, now]);
		expect((await queueDepth(pool, now)).find((row) => row.academy_id === academy.id)).toEqual({
			academy_id: academy.id,
			due: 2,
			scheduled: 1,
			in_flight: 1,
		});
	});
});
