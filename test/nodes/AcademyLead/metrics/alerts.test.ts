import type { Pool } from 'pg';

import { getPool } from '../../../../nodes/shared/storage/postgres';
import type { LeadState } from '../../../../nodes/shared/types';
import { isolatedStorage } from '../../../helpers/storage';
import { world } from '../followUp/world';
import { runLead, runLeadJson } from '../lead-node';

const storage = isolatedStorage('lead_alerts');
let pool: Pool;
let make: ReturnType<typeof world>;

beforeAll(async () => {
	pool = await getPool(storage.postgres);
	make = world(pool, storage.postgres);
});
afterAll(() => storage.cleanup());

// Wednesday 18 November 2026, noon in Buenos Aires (UTC-3): this week began Monday 16 at 03:00Z.
const NOW = '2026-11-18T15:00:00.000Z';
const minutesAgo = (minutes: number) => new Date(Date.parse(NOW) - minutes * 60_000);

async function leadWith(academyId: string, events: Array<[LeadState, string]>) {
	const lead = await make.lead(academyId, { at: new Date(events[0][1]) });
	let from: LeadState | null = null;
	for (const [to, at] of events) {
		await pool.query('INSERT INTO lead_events (academy_id, lead_id, from_state, to_state, cause, at) VALUES ($1, $2, $3, $4, $5, $6)', [
			academyId,
			lead.id,
			from,
			to,
			'test',
			at,
		]);
		from = to;
	}
	return lead;
}

async function sent(academyId: string, leadId: string, count: number, status: string, at: Date) {
	for (let i = 0; i < count; i++) {
		await pool.query(
			`INSERT INTO messages (academy_id, lead_id, direction, status, at) VALUES ($1, $2, 'out', $3, $4)`,
			[academyId, leadId, status, at],
		);
	}
}

async function replyTime(academyId: string, ms: number, at: Date, mode = 'model') {
	await runLeadJson(storage, {
		resource: 'metrics',
		operation: 'recordReply',
		academyId,
		latencyMs: ms,
		mode,
		options: { referenceTime: at.toISOString() },
	});
}

/** Repeat After 0 unless given: these checks look at the limits, the last test at repeats. */
const check = (options: Record<string, unknown> = {}, limits: Record<string, number> = {}, redis = false) =>
	runLead(
		storage,
		{ resource: 'metrics', operation: 'alerts', repeatHours: 0, ...limits, options: { referenceTime: NOW, ...options } },
		[{}],
		{ redis },
	);

describe('Academy Lead › Record Reply Time', () => {
	it('drops reply times older than 30 days now and then, and keeps the new one', async () => {
		const academy = await make.academy('America/Argentina/Buenos_Aires');
		await replyTime(academy.id, 900, minutesAgo(31 * 24 * 60));
		// The pruning runs on about 1 call in 100; this call is made to be one of them.
		const random = jest.spyOn(Math, 'random').mockReturnValue(0);
		try {
			await replyTime(academy.id, 1200, minutesAgo(1));
		} finally {
			random.mockRestore();
		}
		const { rows } = await pool.query('SELECT ms FROM reply_times WHERE academy_id = $1', [academy.id]);
		expect(rows).toEqual([{ ms: 1200 }]);
	});
});

describe('Academy Lead › Check Alerts', () => {
	let troubled: { id: string; name: string };
	let calm: { id: string };

	beforeAll(async () => {
		troubled = await make.academy('America/Argentina/Buenos_Aires');
		calm = await make.academy('America/Argentina/Buenos_Aires');

		// Answers: one of three slow in the last 15 minutes; an older slow one does not count.
		await replyTime(troubled.id, 1200, minutesAgo(10));
		await replyTime(troubled.id, 7400, minutesAgo(5), 'fallback');
		await replyTime(troubled.id, 2100, minutesAgo(1));
		await replyTime(troubled.id, 9000, minutesAgo(40));
		await replyTime(calm.id, 4900, minutesAgo(3));

		// Conversion: 2 of 5 enrolled in the week of 2 November (40 %), 1 of 4 in the week of 9 November (25 %).
		const previous = ['2026-11-03T14:00:00Z', '2026-11-04T14:00:00Z', '2026-11-05T14:00:00Z', '2026-11-06T14:00:00Z'];
		for (const [i, at] of previous.entries()) {
			await leadWith(troubled.id, i < 2 ? [['NEW', at], ['CONVERTED', '2026-11-08T20:00:00Z']] : [['NEW', at]]);
		}
		// Enrolled only after its own week ended: a lead of that week that did not convert within it.
		await leadWith(troubled.id, [['NEW', '2026-11-07T14:00:00Z'], ['CONVERTED', '2026-11-12T14:00:00Z']]);
		const last = ['2026-11-10T14:00:00Z', '2026-11-11T14:00:00Z', '2026-11-12T14:00:00Z', '2026-11-13T14:00:00Z'];
		const lastLeads = [];
		for (const [i, at] of last.entries()) {
			lastLeads.push(await leadWith(troubled.id, i < 1 ? [['NEW', at], ['CONVERTED', '2026-11-14T20:00:00Z']] : [['NEW', at]]));
		}

		// Messages: 2 of 20 failed in the last 15 minutes (10 %); the calm academy has 1 of 3.
		await sent(troubled.id, lastLeads[0].id, 18, 'delivered', minutesAgo(8));
		await sent(troubled.id, lastLeads[0].id, 2, 'failed', minutesAgo(7));
		const calmLead = await leadWith(calm.id, [['NEW', '2026-11-18T14:00:00Z']]);
		await sent(calm.id, calmLead.id, 2, 'read', minutesAgo(2));
		await sent(calm.id, calmLead.id, 1, 'failed', minutesAgo(2));

		// Follow-ups: three due now.
		for (const lead of lastLeads.slice(1)) {
			await pool.query(`INSERT INTO follow_up_steps (academy_id, lead_id, kind, due_at) VALUES ($1, $2, 'offer', $3)`, [
				troubled.id,
				lead.id,
				minutesAgo(60),
			]);
		}
	});

	it('raises one item per limit passed, with the figures and the academy to tell', async () => {
		const items = await check({}, { queueLimit: 2 });
		const alerts = items.map((item) => item.json.alert as Record<string, unknown>);
		expect(alerts.map((a) => a.code)).toEqual(['slowReplies', 'errorRate', 'conversionDrop', 'followUpQueue']);
		expect(new Set(alerts.map((a) => a.academyId))).toEqual(new Set([troubled.id]));
		expect(alerts[0]).toMatchObject({ value: 1, limit: 1, week: null, details: { replies: 3, slowestSeconds: 7.4, aiFailures: 1, slowSeconds: 5, windowMinutes: 15 } });
		expect(alerts[1]).toMatchObject({ value: 10, limit: 5, details: { sent: 20, failed: 2 } });
		expect(alerts[2]).toMatchObject({
			value: 37.5,
			limit: 20,
			week: '2026-W46',
			details: { previousWeek: '2026-W45', previousRate: 40, lastRate: 25 },
		});
		expect(alerts[3]).toMatchObject({ value: 3, limit: 2 });
		expect(items[0].json.academy).toMatchObject({ id: troubled.id, ownerNumber: '5491100000001' });
	});

	it('stays quiet under the limits: the seed defaults, a higher slow limit, too few messages for a rate', async () => {
		const codes = async (limits: Record<string, number>) =>
			(await check({}, limits)).map((item) => (item.json.alert as { code: string }).code);
		expect(await codes({})).toEqual(['slowReplies', 'errorRate', 'conversionDrop']);
		expect(await codes({ slowReplies: 2, errorRatePercent: 10, conversionDropPercent: 40 })).toEqual([]);
		expect(await codes({ slowSeconds: 8 })).not.toContain('slowReplies');
		expect(await codes({ windowMinutes: 60, slowReplies: 2 })).toContain('slowReplies');
	});

	it('checks only the academy asked for', async () => {
		expect(await check({ academyId: calm.id }, { errorRateMinimum: 3 })).toHaveLength(1);
		expect(await check({ academyId: calm.id })).toHaveLength(0);
	});

	it.each([false, true])('reports a lasting problem once per repeat time (Redis: %s), a conversion drop once per week', async (redis) => {
		const codes = async (repeatHours: number) =>
			(await check({ academyId: troubled.id }, { repeatHours }, redis)).map(
				(item) => (item.json.alert as { code: string }).code,
			);
		expect(await codes(6)).toEqual(['slowReplies', 'errorRate', 'conversionDrop']);
		expect(await codes(6)).toEqual([]);
		expect(await codes(0)).toEqual(['slowReplies', 'errorRate', 'conversionDrop']);
	});

	it('refuses a reply time that is not a number', async () => {
		const [item] = await runLead(
			storage,
			{ resource: 'metrics', operation: 'recordReply', academyId: calm.id },
			[{ reply: { text: 'hola' } }],
			{ continueOnFail: true },
		);
		expect(item.json.error).toBe('Reply Time is not a number of milliseconds');
	});
});
