import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import type { Pool } from 'pg';

import { getPool } from '../../nodes/shared/storage/postgres';
import type { AcademyProfile, LeadState } from '../../nodes/shared/types';
import { useDeduplicationStore } from '../helpers/deduplication';
import { runWorkflow } from '../helpers/workflow-runner';
import { world } from '../nodes/AcademyLead/followUp/world';
import { runLeadJson } from '../nodes/AcademyLead/lead-node';
import { answerOf, getRequest, observed, withValues } from './staff-tools';
import {
	createSampleAcademy,
	runTemplate,
	sentMessages,
	startTemplateEnv,
	template,
	type TemplateEnv,
} from './template-harness';

const DASHBOARD_LINK = 'https://n8n.example.com/webhook/academy-dashboard-link';
// Monday 16 November 2026, 08:00 in New York: the report covers the weeks of 2 and 9 November.
const MONDAY = '2026-11-16T08:00:00.000-05:00';

let env: TemplateEnv;
let pool: Pool;
let make: ReturnType<typeof world>;
let onda: AcademyProfile;
let quiet: AcademyProfile;

async function leadWith(academyId: string, events: Array<[LeadState, string]>) {
	const lead = await make.lead(academyId, { at: new Date(events[0][1]) });
	let from: LeadState | null = null;
	for (const [to, at] of events) {
		await pool.query(
			'INSERT INTO lead_events (academy_id, lead_id, from_state, to_state, cause, at) VALUES ($1, $2, $3, $4, $5, $6)',
			[academyId, lead.id, from, to, 'test', at],
		);
		from = to;
	}
	return lead;
}

beforeAll(async () => {
	env = await startTemplateEnv('metrics_template');
	pool = await getPool(env.storage.postgres);
	make = world(pool, env.storage.postgres);
	await useDeduplicationStore(pool);
	onda = await createSampleAcademy(env);
	// An academy without an owner number: nobody to send its report to.
	quiet = (await make.academy('America/New_York')) as AcademyProfile;
	await pool.query(`UPDATE academies SET staff_contacts_enc = NULL WHERE id = $1`, [quiet.id]);

	// Week of 2 November: 2 new leads, 1 enrolled. Week of 9 November: 4 new, 2 booked, 1 came and enrolled.
	await leadWith(onda.id, [
		['NEW', '2026-11-03T15:00:00Z'],
		['ENGAGED', '2026-11-03T15:01:00Z'],
		['CONVERTED', '2026-11-07T15:00:00Z'],
	]);
	await leadWith(onda.id, [['NEW', '2026-11-04T15:00:00Z']]);
	await leadWith(onda.id, [
		['NEW', '2026-11-10T15:00:00Z'],
		['INTERESTED', '2026-11-10T15:05:00Z'],
		['SCHEDULED', '2026-11-10T16:00:00Z'],
		['SHOWED_UP', '2026-11-12T23:00:00Z'],
		['CONVERTED', '2026-11-13T15:00:00Z'],
	]);
	await leadWith(onda.id, [
		['NEW', '2026-11-11T15:00:00Z'],
		['INTERESTED', '2026-11-11T15:05:00Z'],
		['SCHEDULED', '2026-11-11T16:00:00Z'],
	]);
	await leadWith(onda.id, [['NEW', '2026-11-12T15:00:00Z']]);
	await leadWith(onda.id, [['NEW', '2026-11-13T15:00:00Z']]);
	await leadWith(quiet.id, [['NEW', '2026-11-12T15:00:00Z']]);
});
afterAll(() => env.stop());
beforeEach(() => env.graph.reset());

const query = (url: string) => Object.fromEntries(new URL(url).searchParams);

async function openLink(linkQuery: Record<string, string>) {
	const workflow = observed(template('metrics.json'));
	const run = await runTemplate(workflow, env, {
		node: 'Dashboard (signed link)',
		items: [getRequest(linkQuery)],
	});
	return { run, answer: answerOf(workflow, run) };
}

async function createLink(academyId: string, referenceTime?: string) {
	const { dashboardLink } = await runLeadJson(env.storage, {
		resource: 'metrics',
		operation: 'createLink',
		academyId,
		dashboardUrl: DASHBOARD_LINK,
		options: referenceTime ? { referenceTime } : {},
	});
	return query((dashboardLink as { url: string }).url);
}

describe('metrics template › weekly report', () => {
	it("sends each owner last week's funnel in the academy's language, with a dashboard link that opens the page", async () => {
		const workflow = withValues(template('metrics.json'), 'Settings (weekly report)', {
			dashboardUrl: DASHBOARD_LINK,
		});
		await runTemplate(workflow, env, {
			node: 'Every Monday at 08:00',
			items: [{ timestamp: MONDAY }],
		});

		const sent = sentMessages(env.graph);
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ to: onda.ownerNumber, type: 'text' });
		const [text, link] = sent[0].text.split('\n\nDashboard: ');
		expect(text).toBe(
			[
				'📊 Weekly report · Onda Jiu-Jitsu Miami',
				'Week of 2026-11-09',
				'',
				'New leads: 4',
				'Booked a class: 2',
				'Showed up: 1',
				'Enrolled: 1',
				'Conversion: 25% (-50% vs. the week before)',
			].join('\n'),
		);
		expect(link.startsWith(`${DASHBOARD_LINK}?academy=${onda.id}&expires=`)).toBe(true);

		const { answer } = await openLink(query(link));
		expect(answer).toMatchObject({ node: 'Show the page', statusCode: 200 });
		expect(answer.body).toContain('Onda Jiu-Jitsu Miami · Lead funnel');
	});

	it('uses the approved template when the academy has one, as the 24-hour window is usually closed for owners', async () => {
		await pool.query(
			`UPDATE academies SET profile = jsonb_set(profile, '{templates,weeklyReport}', '{"en": "weekly_report"}') WHERE id = $1`,
			[onda.id],
		);
		try {
			await runTemplate(template('metrics.json'), env, {
				node: 'Every Monday at 08:00',
				items: [{ timestamp: MONDAY }],
			});
		} finally {
			await pool.query(
				`UPDATE academies SET profile = profile #- '{templates,weeklyReport}' WHERE id = $1`,
				[onda.id],
			);
		}
		const [sent] = env.graph.sends() as Array<{ to: string; template: IDataObject }>;
		expect(sent.to).toBe(onda.ownerNumber);
		expect(sent.template).toMatchObject({ name: 'weekly_report', language: { code: 'en_US' } });
		const [body] = sent.template.components as Array<{ parameters: Array<{ text: string }> }>;
		expect(body.parameters[0].text).toBe(
			'📊 Weekly report · Onda Jiu-Jitsu Miami · Week of 2026-11-09 · New leads: 4 · Booked a class: 2 · Showed up: 1 · Enrolled: 1 · Conversion: 25% (-50% vs. the week before)',
		);
	});
});

describe('metrics template › dashboard behind the staff login', () => {
	const open = async (academy: string, settings: Record<string, unknown> = {}) => {
		const workflow = observed(
			withValues(template('metrics.json'), 'Settings (dashboard)', settings),
		);
		const run = await runTemplate(workflow, env, {
			node: 'Dashboard (staff login)',
			items: [getRequest({ academy })],
		});
		return answerOf(workflow, run);
	};

	it("serves the academy's funnel as a self-contained page of aggregates", async () => {
		const answer = await open(onda.id);
		expect(answer).toMatchObject({ node: 'Show the page', statusCode: 200 });
		expect(answer.headers).toMatchObject({
			'content-type': 'text/html; charset=utf-8',
			'cache-control': 'no-store',
			'referrer-policy': 'no-referrer',
		});
		expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
		const page = answer.body;
		expect(page).toContain('<h1>Onda Jiu-Jitsu Miami · Lead funnel</h1>');
		expect(page).toContain('<svg');
		// Eight weeks up to now: the six leads of the two seeded weeks, two of them enrolled.
		expect(page).toMatch(/<span>New leads<\/span><b>6<\/b>/);
		expect(page).toMatch(/<span>Converted<\/span><b>2<\/b>/);
		expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
		expect(page).not.toContain(onda.ownerNumber);
		expect(page).not.toMatch(/\d{10,}/);
	});

	it('answers 404 for an academy that does not exist or an id that is not one', async () => {
		expect(await open('00000000-0000-4000-8000-000000000000')).toMatchObject({
			node: 'No such dashboard',
			statusCode: 404,
		});
		expect(await open("' OR 1=1 --")).toMatchObject({ node: 'No such dashboard', statusCode: 404 });
		expect(await open('')).toMatchObject({ node: 'No such dashboard', statusCode: 404 });
	});

	it("refuses (403) another academy when this copy's login belongs to one academy", async () => {
		expect(await open(quiet.id, { onlyAcademyId: onda.id })).toMatchObject({
			node: 'Refuse: another academy',
			statusCode: 403,
		});
		expect(await open(onda.id, { onlyAcademyId: onda.id })).toMatchObject({
			node: 'Show the page',
			statusCode: 200,
		});
	});
});

describe('metrics template › dashboard from a signed link', () => {
	it('opens the page of the academy the link was made for', async () => {
		const { answer, run } = await openLink(await createLink(onda.id));
		expect(answer).toMatchObject({ node: 'Show the page', statusCode: 200 });
		expect(answer.body).toContain('Onda Jiu-Jitsu Miami');
		expect(run.order.slice(0, 2)).toEqual(['Dashboard (signed link)', 'Check the link']);
	});

	it.each([
		['another academy', (q: Record<string, string>) => ({ ...q, academy: quiet.id })],
		[
			'a later expiry',
			(q: Record<string, string>) => ({ ...q, expires: String(Number(q.expires) + 7 * 86_400) }),
		],
		[
			'another signature',
			(q: Record<string, string>) => ({
				...q,
				signature: q.signature.split('').reverse().join(''),
			}),
		],
		['no signature', (q: Record<string, string>) => ({ academy: q.academy, expires: q.expires })],
	])('answers 403 and reads nothing when the link was changed: %s', async (_what, change) => {
		const { answer, run } = await openLink(change(await createLink(onda.id)));
		expect(answer).toMatchObject({ node: 'Refuse: link changed or expired', statusCode: 403 });
		expect(answer.body).not.toContain('Onda');
		expect(run.ran('Dashboard page for the link')).toBe(false);
	});

	it('answers 403 once the link has expired', async () => {
		const lastMonth = new Date(Date.now() - 30 * 86_400_000).toISOString();
		const { answer } = await openLink(await createLink(onda.id, lastMonth));
		expect(answer).toMatchObject({ node: 'Refuse: link changed or expired', statusCode: 403 });
	});

	it("opens only the linked academy's page: another academy's link shows that academy, never this one", async () => {
		const { answer } = await openLink(await createLink(quiet.id));
		expect(answer.statusCode).toBe(200);
		expect(answer.body).not.toContain('Onda');
	});
});

describe('metrics template › alerts', () => {
	// Wednesday 18 November 2026, 12:00 in New York.
	const NOW = '2026-11-18T12:00:00.000-05:00';
	const minutesBefore = (at: string, minutes: number) =>
		new Date(Date.parse(at) - minutes * 60_000).toISOString();
	const OPERATOR = '5491155550999';

	const alerts =
		(credentials?: Record<string, ICredentialDataDecryptedObject>) => async (timestamp: string) => {
			const workflow = withValues(template('metrics.json'), 'Settings (alerts)', {
				operatorNumber: OPERATOR,
			});
			await runWorkflow(workflow, {
				credentials: { ...env.credentials, ...credentials },
				startNode: 'Every 5 minutes',
				items: [{ json: { timestamp } }],
			});
			return sentMessages(env.graph).map(({ to, text }) => ({ to, text }));
		};

	it('tells the owner once about slow answers and a conversion drop, not at every check', async () => {
		for (const [ms, minutes] of [
			[1800, 12],
			[6200, 4],
		]) {
			await runLeadJson(env.storage, {
				resource: 'metrics',
				operation: 'recordReply',
				academyId: onda.id,
				latencyMs: ms,
				mode: 'model',
				options: { referenceTime: minutesBefore(NOW, minutes) },
			});
		}
		const check = alerts();
		expect(await check(NOW)).toEqual([
			{
				to: onda.ownerNumber,
				text: '⚠️ Onda Jiu-Jitsu Miami: 1 answer(s) took longer than 5 s in the last 15 min (slowest: 6.2 s). Check the AI service.',
			},
			{
				to: onda.ownerNumber,
				text: '📉 Onda Jiu-Jitsu Miami: conversion in week 2026-W46 fell 50 % from the week before (50 % → 25 %).',
			},
		]);
		env.graph.reset();
		expect(await check(minutesBefore(NOW, -5))).toEqual([]);
	});

	it('tells the operator when the database refuses connections, once per repeat time', async () => {
		const down = alerts({
			academyPostgresApi: { ...env.storage.postgres, port: 1 } as ICredentialDataDecryptedObject,
		});
		const [first] = await down(NOW);
		expect(first.to).toBe(OPERATOR);
		expect(first.text).toMatch(
			/^🚨 La base de datos del bot no responde; los mensajes no se están atendiendo\. The academy database \(Postgres\) cannot be used/,
		);
		env.graph.reset();
		expect(await down(minutesBefore(NOW, -5))).toEqual([]);
		expect(await down(minutesBefore(NOW, -6 * 60))).toHaveLength(1);
	});
});
