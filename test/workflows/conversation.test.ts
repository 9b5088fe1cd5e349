import type { IDataObject } from 'n8n-workflow';

import { getPool } from '../../nodes/shared/storage/postgres';
import type { InboundMessage } from '../../nodes/shared/types';
import { inbound } from '../nodes/AcademyLead/lead-node';
import {
	createSampleAcademy,
	runTemplate,
	sentMessages,
	startTemplateEnv,
	template,
	type TemplateEnv,
} from './template-harness';

let env: TemplateEnv;
const conversation = template('conversation.json', { burstSeconds: 0 });

beforeAll(async () => {
	env = await startTemplateEnv('conversation');
	await createSampleAcademy(env);
});
afterAll(() => env.stop());

let sender = 5511900000000;

/** A new lead's phone number, so tests do not see each other's conversations. */
function newLead(): string {
	sender += 1;
	return String(sender);
}

async function leadWrites(waId: string, text: string, overrides: Partial<InboundMessage> = {}) {
	const message = inbound({ waId, text, profileName: 'Ana', ...overrides });
	const run = await runTemplate(conversation, env, { items: [{ message } as unknown as IDataObject] });
	return { run, message };
}

function repliesTo(waId: string) {
	return sentMessages(env.graph).filter((m) => m.to === waId);
}

describe('conversation template', () => {
	it('answers a Spanish price question from the academy prices, with buttons, and moves the lead to Engaged', async () => {
		const waId = newLead();
		const pool = await getPool(env.storage.postgres);
		const replyTimes = async () => Number((await pool.query('SELECT count(*) AS n FROM reply_times')).rows[0].n);
		const replyTimesBefore = await replyTimes();
		const { run } = await leadWrites(waId, 'hola, cuánto sale la mensualidad?');

		const [reply] = repliesTo(waId);
		expect(reply.type).toBe('interactive');
		expect(reply.text).toMatch(/189/);
		expect(reply.text).toMatch(/mes|mensual/i);
		const buttons = (reply.body.interactive as IDataObject & { action: { buttons: Array<{ reply: { title: string } }> } })
			.action.buttons;
		expect(buttons.map((b) => b.reply.title)).toEqual(expect.arrayContaining(['Clase de prueba']));
		expect(run.output('Move to Engaged')[0].json.lead).toMatchObject({ state: 'ENGAGED' });
		// Save the answer keeps the answer's language and its reply time for the slow-AI alert.
		expect(run.output('Save the answer')[0].json.lead).toMatchObject({ language: 'es' });
		expect(await replyTimes()).toBe(replyTimesBefore + 1);
	});

	it('sends a personal booking link for a trial class in Portuguese and schedules a nudge', async () => {
		const waId = newLead();
		const { run } = await leadWrites(waId, 'oi, queria fazer uma aula experimental');

		const [reply] = repliesTo(waId);
		expect(reply.text).toContain('https://cal.com/onda-bjj/trial-class');
		expect(reply.text).toMatch(/metadata(\[|%5B)leadId/);
		const lead = run.output('Move to Interested')[0].json.lead as IDataObject;
		expect(lead.state).toBe('INTERESTED');
		// output() fails on a node error, so a nudge that ran but was refused does not pass.
		expect(run.output('Nudge if no booking')[0].json.followUp).toMatchObject({ kind: 'booking-nudge', status: 'pending' });
	});

	it('a lead who opts out gets one confirmation and nothing more', async () => {
		const waId = newLead();
		await leadWrites(waId, 'stop');
		expect(repliesTo(waId)).toHaveLength(1);

		const { run } = await leadWrites(waId, 'hello? what are your prices');
		expect(repliesTo(waId)).toHaveLength(1);
		expect(run.ran('Write the answer')).toBe(false);
	});

	it('a lead asking for a person pauses the bot and alerts the owner', async () => {
		const waId = newLead();
		await leadWrites(waId, 'quiero hablar con una persona por favor');

		const toOwner = sentMessages(env.graph).filter((m) => m.to === '13055550142');
		expect(toOwner).toHaveLength(1);
		expect(toOwner[0].text).not.toContain(waId);
		expect(repliesTo(waId)).toHaveLength(1);

		await leadWrites(waId, 'hola?');
		expect(repliesTo(waId)).toHaveLength(1);
	});

	it('the same message delivered twice is answered once', async () => {
		const waId = newLead();
		const { message } = await leadWrites(waId, 'what time are the beginner classes?');
		await runTemplate(conversation, env, { items: [{ message } as unknown as IDataObject] });
		expect(repliesTo(waId)).toHaveLength(1);
		expect(repliesTo(waId)[0].text).toMatch(/18:30|6:30/);
	});

	it('hands a request to delete the data to the Privacy workflow, which erases the lead and confirms', async () => {
		const waId = newLead();
		await leadWrites(waId, 'hola, precios?');
		const { run } = await leadWrites(waId, 'por favor borra mis datos');

		expect(run.ran('Write the answer')).toBe(false);
		expect(run.subRuns).toHaveLength(1);
		expect(run.subRuns[0].run.data.resultData.error).toBeUndefined();
		expect(repliesTo(waId).length).toBeGreaterThanOrEqual(2);
		// Had the lead survived, writing again would find it; erased, it comes back as a new lead.
		const { run: again } = await leadWrites(waId, 'hola de nuevo');
		expect(again.output('Save lead and message')[0].json.inbound).toMatchObject({ newLead: true });
	});

	it("hands a coach's attendance tap to the Attendance workflow without making the coach a lead", async () => {
		const pool = await getPool(env.storage.postgres);
		const leads = async () => (await pool.query('SELECT count(*)::int AS n FROM leads')).rows[0].n as number;
		const before = await leads();
		const { run } = await leadWrites('13055550143', 'Vino', {
			type: 'interactive',
			replyId: 'attendance:came:00000000-0000-4000-8000-000000000000',
		});
		expect(run.subRuns).toHaveLength(1);
		expect(run.ran('Save lead and message')).toBe(false);
		expect(await leads()).toBe(before);
	});
});

