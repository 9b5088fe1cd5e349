import type { IDataObject } from 'n8n-workflow';
import type { Pool } from 'pg';

import { getPool } from '../../nodes/shared/storage/postgres';
import type { AcademyProfile } from '../../nodes/shared/types';
import { inbound } from '../nodes/AcademyLead/lead-node';
import { logSent } from '../nodes/AcademyLead/metrics/sent';
import { withValues } from './staff-tools';
import {
	createLead,
	createSampleAcademy,
	runTemplate,
	sentMessages,
	startTemplateEnv,
	template,
	type TemplateEnv,
} from './template-harness';

let env: TemplateEnv;
let pool: Pool;
let onda: AcademyProfile;

beforeAll(async () => {
	env = await startTemplateEnv('privacy_template');
	pool = await getPool(env.storage.postgres);
	onda = await createSampleAcademy(env);
});
afterAll(() => env.stop());
beforeEach(() => env.graph.reset());

const rowsAbout = async (leadId: string) => {
	const { rows } = await pool.query<{ leads: number; messages: number; events: number }>(
		`SELECT (SELECT count(*) FROM leads WHERE id = $1)::int AS leads,
			(SELECT count(*) FROM messages WHERE lead_id = $1)::int AS messages,
			(SELECT count(*) FROM lead_events WHERE lead_id = $1)::int AS events`,
		[leadId],
	);
	return rows[0];
};

describe('privacy template › staff form', () => {
	const submit = async (academyPhoneNumberId: string, phone: string) => {
		const run = await runTemplate(template('privacy.json'), env, {
			node: 'Erase a lead (staff form)',
			items: [
				{
					academyPhoneNumberId,
					phone,
					confirm: ['Erase everything about this number'],
					submittedAt: '2026-11-24T15:00:00.000Z',
					formMode: 'production',
				},
			],
		});
		expect(run.ran('Show the result')).toBe(true);
		const [page] = run.output(
			run.ran('Write the result page') ? 'Write the result page' : 'No such academy',
		);
		return page.json.page as { title: string; message: string };
	};

	it('erases everything about the number typed, however it is written, and says so without repeating it', async () => {
		const lead = await createLead(env, { waId: '13055550199', state: 'INTERESTED' });
		expect((await rowsAbout(lead.id)).leads).toBe(1);

		const page = await submit(onda.phoneNumberId, '+1 (305) 555-0199');
		expect(page.title).toBe('Erased');
		expect(page.message).toMatch(
			/^Everything about the number ending in 0199 at Onda Jiu-Jitsu Miami was erased \(\d+ records\)\.$/,
		);
		expect(await rowsAbout(lead.id)).toEqual({ leads: 0, messages: 0, events: 0 });

		expect(await submit(onda.phoneNumberId, '13055550199')).toEqual({
			title: 'No lead with that number',
			message:
				'No lead with the number ending in 0199 has written to Onda Jiu-Jitsu Miami. Nothing was erased.',
		});
	});

	it('erases nothing when the academy is not known or the number is empty', async () => {
		const lead = await createLead(env, { waId: '13055550198' });
		expect(await submit('999999999', '13055550198')).toEqual({
			title: 'Nothing was erased',
			message:
				'No academy uses that WhatsApp phone number ID. Check it on the page shown after saving the Academy settings form.',
		});
		expect(await submit(onda.phoneNumberId, ' - ')).toEqual({
			title: 'Nothing was erased',
			message: 'Nothing was erased: Phone Number is empty',
		});
		expect((await rowsAbout(lead.id)).leads).toBe(1);
	});
});

describe('privacy template › the lead asks on WhatsApp', () => {
	it('erases the lead and confirms in its language, leaving nothing behind', async () => {
		const lead = await createLead(env, { waId: '5511987650001', language: 'pt' });
		const message = inbound({ waId: '5511987650001', text: 'apaguem meus dados, por favor' });
		const run = await runTemplate(template('privacy.json'), env, {
			node: 'When the Conversation workflow hands over',
			items: [{ message, academy: onda, lead } as unknown as IDataObject],
		});

		expect(run.output('Erase the lead')[0].json.erasure).toMatchObject({
			leadId: lead.id,
			found: true,
		});
		expect(sentMessages(env.graph).map(({ to, text }) => ({ to, text }))).toEqual([
			{
				to: '5511987650001',
				text: 'Pronto: apagamos seus dados e a nossa conversa. Se voltar a nos escrever, começaremos do zero.',
			},
		]);
		expect(await rowsAbout(lead.id)).toEqual({ leads: 0, messages: 0, events: 0 });
	});
});

describe('privacy template › nightly retention', () => {
	// Tuesday 24 November 2026, 03:00 in New York.
	const NIGHT = '2026-11-24T03:00:00.000-05:00';
	const daysBefore = (days: number) => new Date(Date.parse(NIGHT) - days * 86_400_000);

	let leadId: string;
	beforeAll(async () => {
		const lead = await createLead(env, { waId: '13055550150', wroteAt: daysBefore(120) });
		leadId = lead.id;
		for (const days of [100, 95, 10]) {
			await logSent(env.storage, {
				leadId,
				phoneNumberId: onda.phoneNumberId,
				at: daysBefore(days),
			});
		}
	});

	const night = (settings: Record<string, unknown> = {}) =>
		runTemplate(withValues(template('privacy.json'), 'Settings (retention)', settings), env, {
			node: 'Every night at 03:00',
			items: [{ timestamp: NIGHT }],
		});

	it('deletes messages older than the retention period, keeps the lead, and tells the owner', async () => {
		await night();
		const { rows } = await pool.query<{ at: Date }>(
			'SELECT at FROM messages WHERE lead_id = $1 ORDER BY at',
			[leadId],
		);
		// The lead's first message (120 days ago) and two answers (100 and 95 days ago) went; 10 days ago stays.
		expect(rows.map((row) => row.at)).toEqual([daysBefore(10)]);
		expect((await rowsAbout(leadId)).leads).toBe(1);
		expect(sentMessages(env.graph).map(({ to, text }) => ({ to, text }))).toEqual([
			{
				to: onda.ownerNumber,
				text: '🧹 Privacy · Onda Jiu-Jitsu Miami: 3 messages older than 90 days were deleted (1 leads). Leads and their place in the funnel are kept.',
			},
		]);
	});

	it('says nothing when nothing was old enough, or when owners asked not to be told', async () => {
		await night();
		expect(sentMessages(env.graph)).toEqual([]);
		await night({ retentionDays: 5, tellOwners: false });
		expect(sentMessages(env.graph)).toEqual([]);
		expect((await pool.query('SELECT 1 FROM messages WHERE lead_id = $1', [leadId])).rowCount).toBe(
			0,
		);
	});
});
