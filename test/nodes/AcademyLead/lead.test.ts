import type { IDataObject } from 'n8n-workflow';

import { cipherFor } from '../../../nodes/shared/storage/crypto';
import { getPool } from '../../../nodes/shared/storage/postgres';
import type { AcademyProfile } from '../../../nodes/shared/types';
import { fixture } from '../../helpers/fixtures';
import { isolatedStorage } from '../../helpers/storage';
import { readEvents } from '../../../nodes/WhatsAppCloudTrigger/events';
import type { WebhookPayload } from '../../../nodes/WhatsAppCloudTrigger/payload';
import { createAcademy, inbound, inboundFromFixture, runLeadJson, upsertParameters } from './lead-node';

/** A business-scoped user id as Meta sends it for a user with a username. */
const BSUID = readEvents(fixture<WebhookPayload>('whatsapp', 'wa-bsuid-status-delivered-wa_id-empty')).statuses[0]
	.recipientUserId as string;

let numberCounter = 0;
/** A new sender for each test: the fixture's message from another phone number. */
function newSender(): string {
	numberCounter += 1;
	return `5491160${String(numberCounter).padStart(6, '0')}`;
}

describe.each([
	['Postgres alone', false],
	['Postgres and Redis', true],
])('Academy Lead › Lead (%s)', (_label, redis) => {
	const storage = isolatedStorage(`lead_${redis ? 'redis' : 'pg'}`);
	const run = async (parameters: IDataObject, item: IDataObject = {}) =>
		runLeadJson(storage, parameters, item, { redis });
	const upsert = async (message: ReturnType<typeof inbound>) => run(upsertParameters, { message });
	let academy: AcademyProfile;

	beforeAll(async () => {
		academy = await createAcademy(storage);
	});
	afterAll(() => storage.cleanup());

	async function rows(sql: string, values: unknown[] = []) {
		const pool = await getPool(storage.postgres);
		return (await pool.query(sql, values)).rows;
	}

	describe('create or update from a message', () => {
		it('creates a NEW lead from the first message, logs it and returns academy, lead and history', async () => {
			const message = inboundFromFixture('wa-inbound-text');
			const json = await upsert(message);
			expect(json.academy).toEqual(academy);
			expect(json.lead).toMatchObject({
				academyId: academy.id,
				state: 'NEW',
				waId: '16505551234',
				userId: null,
				name: 'Sheena Nelson',
				optedOut: false,
				paused: false,
				botActive: true,
				lastInboundAt: message.timestamp,
				createdAt: message.timestamp,
			});
			expect(json.history).toEqual([{ direction: 'in', text: 'Does it come in another color?', at: message.timestamp }]);
			expect(json.inbound).toEqual({ messageId: message.messageId, newLead: true, duplicate: false, cancelledFollowUps: 0 });
			expect(json.message).toEqual(JSON.parse(JSON.stringify(message)));
			const events = await rows('SELECT from_state, to_state, cause, message_hash, at FROM lead_events WHERE lead_id = $1', [
				json.lead.id,
			]);
			const messageHash = cipherFor(storage.postgres).hash(message.messageId);
			expect(events).toEqual([
				{ from_state: null, to_state: 'NEW', cause: 'first contact', message_hash: messageHash, at: new Date(message.timestamp) },
			]);
		});

		it('is idempotent on the message id: a redelivery changes nothing', async () => {
			const message = inbound({ waId: newSender() });
			const first = await upsert(message);
			const again = await upsert(message);
			expect(again.lead).toEqual(first.lead);
			expect(again.inbound).toMatchObject({ newLead: false, duplicate: true });
			expect(again.history).toEqual(first.history);
			expect(await rows('SELECT count(*)::int AS n FROM messages WHERE lead_id = $1', [first.lead.id])).toEqual([{ n: 1 }]);
			expect(await rows('SELECT count(*)::int AS n FROM lead_events WHERE lead_id = $1', [first.lead.id])).toEqual([{ n: 1 }]);
		});

		it('adds later messages to the same lead, history oldest first', async () => {
			const waId = newSender();
			const first = await upsert(inbound({ waId, text: 'hola', timestamp: '2026-03-02T12:00:00.000Z' }));
			const second = await upsert(inbound({ waId, text: 'cuánto sale?', timestamp: '2026-03-02T12:00:05.000Z' }));
			expect(second.lead.id).toBe(first.lead.id);
			expect(second.inbound.newLead).toBe(false);
			expect(second.lead.lastInboundAt).toBe('2026-03-02T12:00:05.000Z');
			expect(second.history.map((line: { text: string }) => line.text)).toEqual(['hola', 'cuánto sale?']);
		});

		it('records the ad that brought the lead, and keeps the first one', async () => {
			const adMessage = { ...inboundFromFixture('wa-inbound-text-ctwa-referral'), waId: newSender() };
			const json = await upsert(adMessage);
			expect(json.lead.referral).toEqual(adMessage.referral);
			const later = await upsert(
				inbound({ waId: adMessage.waId, referral: { ...adMessage.referral!, sourceId: 'another-ad' } }),
			);
			expect(later.lead.referral?.sourceId).toBe(adMessage.referral!.sourceId);
		});

		it('makes a lead of a user who writes with a username and no phone number', async () => {
			const userId = `${BSUID}-${redis ? 'r' : 'p'}`;
			const json = await upsert(inbound({ waId: '', userId }));
			expect(json.lead).toMatchObject({ waId: '', userId, state: 'NEW' });
			const withNumber = await upsert(inbound({ waId: newSender(), userId }));
			expect(withNumber.lead.id).toBe(json.lead.id);
			expect(withNumber.lead.waId).not.toBe('');
			const numberOnly = await upsert(inbound({ waId: withNumber.lead.waId, userId: null }));
			expect(numberOnly.lead.id).toBe(json.lead.id);
		});

		it('creates one lead when several first messages from a new number arrive together', async () => {
			const waId = newSender();
			const messages = Array.from({ length: 8 }, (_, n) => inbound({ waId, text: `mensaje ${n}` }));
			const results = await Promise.all(messages.map(upsert));
			const ids = new Set(results.map((json) => json.lead.id));
			expect(ids.size).toBe(1);
			expect(results.filter((json) => json.inbound.newLead)).toHaveLength(1);
			const [leadId] = ids;
			expect(await rows('SELECT count(*)::int AS n FROM messages WHERE lead_id = $1', [leadId])).toEqual([{ n: 8 }]);
			expect(await rows('SELECT to_state FROM lead_events WHERE lead_id = $1', [leadId])).toEqual([{ to_state: 'NEW' }]);
		});

		it('logs one message when the same delivery arrives several times at once', async () => {
			const message = inbound({ waId: newSender() });
			const results = await Promise.all(Array.from({ length: 6 }, async () => upsert(message)));
			expect(results.filter((json) => !json.inbound.duplicate)).toHaveLength(1);
			const messageHash = cipherFor(storage.postgres).hash(message.messageId);
			expect(await rows('SELECT count(*)::int AS n FROM messages WHERE message_hash = $1', [messageHash])).toEqual([{ n: 1 }]);
		});

		it('cancels pending nudges when the lead replies, but keeps a class reminder', async () => {
			const waId = newSender();
			const { lead } = await upsert(inbound({ waId }));
			await rows(
				`INSERT INTO follow_up_steps (academy_id, lead_id, kind, due_at, cancel_on_reply)
				 VALUES ($1, $2, 'offer', now() + interval '1 day', true), ($1, $2, 'class_reminder', now() + interval '1 day', false)`,
				[academy.id, lead.id],
			);
			const reply = await upsert(inbound({ waId, text: 'gracias!' }));
			expect(reply.inbound.cancelledFollowUps).toBe(1);
			expect(await rows('SELECT kind, status, cancel_reason FROM follow_up_steps WHERE lead_id = $1 ORDER BY kind', [lead.id])).toEqual([
				{ kind: 'class_reminder', status: 'pending', cancel_reason: null },
				{ kind: 'offer', status: 'cancelled', cancel_reason: 'reply' },
			]);
		});

		it('refuses a message without sender or academy, and writes nothing', async () => {
			const before = await rows('SELECT (SELECT count(*) FROM leads) AS l, (SELECT count(*) FROM messages) AS m');
			await expect(upsert(inbound({ waId: '', userId: null }))).rejects.toThrow(/neither a phone number/);
			await expect(upsert(inbound({ waId: newSender(), phoneNumberId: '777' }))).rejects.toThrow(
				/No academy uses WhatsApp phone number ID "777"/,
			);
			await expect(run(upsertParameters, { message: { text: 'hola' } })).rejects.toThrow(/not an inbound WhatsApp message/);
			expect(await rows('SELECT (SELECT count(*) FROM leads) AS l, (SELECT count(*) FROM messages) AS m')).toEqual(before);
		});
	});

	describe('get and update', () => {
		it('gets a lead by id, by WhatsApp number and by user id, with academy and history', async () => {
			const waId = newSender();
			const userId = `user.get-${waId}`;
			const { lead } = await upsert(inbound({ waId, userId, text: 'hola' }));
			const byId = await run({ resource: 'lead', operation: 'get' }, { lead });
			expect(byId.lead).toEqual(lead);
			expect(byId.academy).toEqual(academy);
			expect(byId.history.map((line: { text: string }) => line.text)).toEqual(['hola']);
			const byNumber = await run({ resource: 'lead', operation: 'get', findBy: 'waId', waId: `+${waId}` }, { academy });
			expect(byNumber.lead.id).toBe(lead.id);
			const byUser = await run({ resource: 'lead', operation: 'get', findBy: 'userId', userId }, { academy });
			expect(byUser.lead.id).toBe(lead.id);
			await expect(
				run({ resource: 'lead', operation: 'get', findBy: 'waId', waId: '5491100000000' }, { academy }),
			).rejects.toThrow(/no lead with that WhatsApp number/);
			await expect(run({ resource: 'lead', operation: 'get' }, { lead: { id: 'not-an-id' } })).rejects.toThrow(
				/Lead ID "not-an-id" is not an id/,
			);
			await expect(
				run({ resource: 'lead', operation: 'get' }, { lead: { id: '00000000-0000-4000-8000-000000000000' } }),
			).rejects.toThrow(/No lead has the ID/);
		});

		it('changes only the fields given, and clears a field set empty', async () => {
			const { lead } = await upsert(inbound({ waId: newSender() }));
			const updated = await run(
				{ resource: 'lead', operation: 'update', updateFields: { language: 'pt', level: 'faixa azul', notes: 'treina à noite' } },
				{ lead },
			);
			expect(updated.lead).toMatchObject({ name: 'Sheena Nelson', language: 'pt', level: 'faixa azul', notes: 'treina à noite' });
			const cleared = await run({ resource: 'lead', operation: 'update', updateFields: { notes: '', name: 'Ana' } }, { lead });
			expect(cleared.lead).toMatchObject({ name: 'Ana', language: 'pt', level: 'faixa azul', notes: null });
			await expect(
				run({ resource: 'lead', operation: 'update', updateFields: { language: 'fr' } }, { lead }),
			).rejects.toThrow(/Language "fr" is not supported/);
		});
	});

	describe('staff take-over and opt-out', () => {
		it('pauses the bot until resumed: messages are still logged, the lead says the bot must not answer', async () => {
			const waId = newSender();
			const { lead } = await upsert(inbound({ waId }));
			await rows(`INSERT INTO follow_up_steps (academy_id, lead_id, kind, due_at) VALUES ($1, $2, 'offer', now() + interval '1 day')`, [
				academy.id,
				lead.id,
			]);
			const paused = await run({ resource: 'lead', operation: 'pause' }, { lead });
			expect(paused.lead).toMatchObject({ paused: true, botActive: false, pausedUntil: '9999-12-31T23:59:59.999Z' });
			expect(paused.cancelledFollowUps).toBe(1);
			const whilePaused = await upsert(inbound({ waId, text: 'hay alguien?' }));
			expect(whilePaused.lead).toMatchObject({ paused: true, botActive: false });
			expect(whilePaused.history.at(-1).text).toBe('hay alguien?');
			const resumed = await run({ resource: 'lead', operation: 'resume' }, { lead });
			expect(resumed.lead).toMatchObject({ paused: false, botActive: true, pausedUntil: null });
		});

		it('pauses until a time, after which the bot answers again', async () => {
			const { lead } = await upsert(inbound({ waId: newSender() }));
			const until = new Date(Date.now() + 60 * 60 * 1000).toISOString();
			const paused = await run({ resource: 'lead', operation: 'pause', until }, { lead });
			expect(paused.lead).toMatchObject({ paused: true, botActive: false, pausedUntil: until });
			await rows(`UPDATE leads SET paused_until = now() - interval '1 minute' WHERE id = $1`, [lead.id]);
			const later = await run({ resource: 'lead', operation: 'get' }, { lead });
			expect(later.lead).toMatchObject({ paused: false, botActive: true, pausedUntil: null });
			await expect(
				run({ resource: 'lead', operation: 'pause', until: '2020-01-01T00:00:00Z' }, { lead }),
			).rejects.toThrow(/Until is in the past/);
		});

		it('records the opt-out with time and source once, and cancels every pending step', async () => {
			const { lead } = await upsert(inbound({ waId: newSender() }));
			await rows(
				`INSERT INTO follow_up_steps (academy_id, lead_id, kind, due_at, cancel_on_reply)
				 VALUES ($1, $2, 'class_reminder', now() + interval '1 day', false)`,
				[academy.id, lead.id],
			);
			const out = await run(
				{ resource: 'lead', operation: 'optOut', source: 'whatsapp', at: '2026-03-02T15:00:00.000Z' },
				{ lead },
			);
			expect(out.lead).toMatchObject({
				optedOut: true,
				optedOutAt: '2026-03-02T15:00:00.000Z',
				optOutSource: 'whatsapp',
				botActive: false,
			});
			expect(out.cancelledFollowUps).toBe(1);
			const again = await run({ resource: 'lead', operation: 'optOut', source: 'staff' }, { lead });
			expect(again.lead).toMatchObject({ optedOutAt: '2026-03-02T15:00:00.000Z', optOutSource: 'whatsapp' });
		});
	});
});
