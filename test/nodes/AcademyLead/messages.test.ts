import Redis from 'ioredis';
import type { IDataObject } from 'n8n-workflow';

import { HISTORY_CACHE_SIZE, historyCacheKey } from '../../../nodes/AcademyLead/storage/history';
import { cipherFor } from '../../../nodes/shared/storage/crypto';
import { getPool } from '../../../nodes/shared/storage/postgres';
import { getRedis } from '../../../nodes/shared/storage/redis';
import { TEST_REDIS } from '../../helpers/services';
import { isolatedStorage } from '../../helpers/storage';
import { createAcademy, inbound, runLeadJson, statusFromFixture, upsertParameters } from './lead-node';

let senders = 0;

describe.each([
	['Postgres alone', false],
	['Postgres and Redis', true],
])('Academy Lead › Message (%s)', (_label, redis) => {
	const storage = isolatedStorage(`lead_messages_${redis ? 'redis' : 'pg'}`);
	const run = async (parameters: IDataObject, item: IDataObject = {}) => runLeadJson(storage, parameters, item, { redis });
	const newLead = async (text = 'hola') => {
		senders += 1;
		return run(upsertParameters, { message: inbound({ waId: `5521988${String(senders).padStart(6, '0')}`, text }) });
	};
	const logSent = async (lead: IDataObject, messageId: string, text: string) =>
		run({ resource: 'message', operation: 'log' }, { lead, sent: { messageId }, reply: { text } });
	const history = async (lead: IDataObject, historyLength = 20) =>
		(await run({ resource: 'message', operation: 'getHistory', historyLength }, { lead })).history as Array<{
			direction: string;
			text: string;
		}>;
	const query = async (sql: string, values: unknown[] = []) => (await (await getPool(storage.postgres)).query(sql, values)).rows;
	/** The log row of a message, found the way the node finds it: by the lookup hash of its id. */
	const logged = async (columns: string, messageId: string) =>
		query(`SELECT ${columns} FROM messages WHERE message_hash = $1`, [cipherFor(storage.postgres).hash(messageId)]);

	beforeAll(async () => {
		await createAcademy(storage);
	});
	afterAll(() => storage.cleanup());

	describe('log', () => {
		it('logs a sent reply once per message id and moves the last outbound time', async () => {
			const { lead } = await newLead();
			const json = await logSent(lead, `wamid.out-${redis}-1`, '¡Hola! La clase de prueba es gratis.');
			expect(json.logged).toEqual({ messageId: `wamid.out-${redis}-1`, direction: 'out', duplicate: false });
			expect(json.lead.lastOutboundAt).toEqual(expect.any(String));
			const again = await logSent(lead, `wamid.out-${redis}-1`, '¡Hola! La clase de prueba es gratis.');
			expect(again.logged.duplicate).toBe(true);
			expect(await logged('direction, status', `wamid.out-${redis}-1`)).toEqual([
				{ direction: 'out', status: 'accepted' },
			]);
			expect(await history(lead)).toEqual([
				{ direction: 'in', text: 'hola', at: expect.any(String) },
				{ direction: 'out', text: '¡Hola! La clase de prueba es gratis.', at: expect.any(String) },
			]);
		});

		it('keeps an answer\'s language and reply time with it, once, when asked to', async () => {
			const { lead } = await newLead('oi, quanto custa?');
			const academyId = lead.academyId as string;
			const replyTimes = async () =>
				Number((await query('SELECT count(*) AS n FROM reply_times WHERE academy_id = $1 AND ms = 4321', [academyId]))[0].n);
			const answer = {
				resource: 'message',
				operation: 'log',
				options: { language: '={{ $json.reply.language }}', replyTimeMs: '={{ $json.reply.latencyMs }}', answerKind: 'model' },
			};
			const item = { lead, sent: { messageId: `wamid.out-${redis}-lang` }, reply: { text: 'Olá!', language: 'pt', latencyMs: 4321 } };
			expect((await run(answer, item)).lead.language).toBe('pt');
			expect(await replyTimes()).toBe(1);
			// A redelivered answer is not counted again.
			await run(answer, item);
			expect(await replyTimes()).toBe(1);
			// No language known: the lead keeps the one it has.
			const silent = { ...item, sent: { messageId: `wamid.out-${redis}-lang2` }, reply: { text: 'Ok', latencyMs: 1 } };
			expect((await run(answer, silent)).lead.language).toBe('pt');
		});

		it('says when no lead has the id, and logs nothing', async () => {
			const gone = { id: '00000000-0000-4000-8000-000000000000' };
			await expect(logSent(gone, `wamid.out-${redis}-nobody`, 'Hola')).rejects.toThrow(/No lead has the ID/);
			expect(await logged('id', `wamid.out-${redis}-nobody`)).toEqual([]);
		});

		it('refuses a language it cannot speak, and logs nothing', async () => {
			const { lead } = await newLead();
			const messageId = `wamid.out-${redis}-fr`;
			const parameters = { resource: 'message', operation: 'log', options: { language: 'fr' } };
			await expect(run(parameters, { lead, sent: { messageId }, reply: { text: 'Bonjour' } })).rejects.toThrow(
				'Language "fr" is not supported',
			);
			expect(await logged('direction', messageId)).toEqual([]);
		});

		it('logs an inbound message given by hand, and refuses a message id of another lead', async () => {
			const first = await newLead();
			const second = await newLead();
			const message = inbound({ text: 'quiero probar' });
			const json = await run({ resource: 'message', operation: 'log', direction: 'in' }, { lead: first.lead, message });
			expect(json.logged).toEqual({ messageId: message.messageId, direction: 'in', duplicate: false });
			expect((await history(first.lead)).at(-1)).toMatchObject({ direction: 'in', text: 'quiero probar' });
			await expect(
				run({ resource: 'message', operation: 'log', direction: 'in' }, { lead: second.lead, message }),
			).rejects.toThrow(/already logged for another lead/);
			await expect(logSent(first.lead, '', 'x')).rejects.toThrow(/Message ID is empty/);
		});

		it('writes the text of a message without words as its type, for the prompt', async () => {
			const { lead } = await newLead();
			await run(upsertParameters, { message: { ...inbound({ waId: lead.waId }, 'wa-inbound-sticker'), text: '' } });
			expect((await history(lead)).at(-1)).toMatchObject({ direction: 'in', text: '[sticker]' });
		});
	});

	describe('delivery status', () => {
		it('moves the status forward only: a late delivered never overwrites read', async () => {
			const { lead } = await newLead();
			const sent = statusFromFixture('wa-status-sent');
			const messageId = `${sent.messageId}-${redis}`;
			await logSent(lead, messageId, 'Te esperamos el lunes');
			const update = async (status: string) =>
				(await run({ resource: 'message', operation: 'updateStatus' }, { status: { ...sent, messageId, status } })).messageStatus;
			expect(await update('sent')).toEqual({ found: true, changed: true, status: 'sent' });
			expect(await update('read')).toEqual({ found: true, changed: true, status: 'read' });
			expect(await update('delivered')).toEqual({ found: true, changed: false, status: 'read' });
			expect(await update('sent')).toEqual({ found: true, changed: false, status: 'read' });
			expect(await logged('status, status_at', messageId)).toEqual([
				{ status: 'read', status_at: new Date(sent.timestamp as string) },
			]);
		});

		it('records a failure with its error code', async () => {
			const { lead } = await newLead();
			const failed = statusFromFixture('wa-status-failed');
			const messageId = `${failed.messageId}-${redis}`;
			await logSent(lead, messageId, 'Oferta especial');
			const json = await run({ resource: 'message', operation: 'updateStatus' }, { status: { ...failed, messageId } });
			expect(json.messageStatus).toEqual({ found: true, changed: true, status: 'failed' });
			expect(await logged('error_code', messageId)).toEqual([{ error_code: '131049' }]);
		});

		it('says when the message is not in the log, and refuses a status WhatsApp does not send', async () => {
			const delivered = statusFromFixture('wa-status-delivered');
			const json = await run({ resource: 'message', operation: 'updateStatus' }, { status: { ...delivered, messageId: 'wamid.unknown' } });
			expect(json.messageStatus).toEqual({ found: false, changed: false, status: null });
			await expect(
				run({ resource: 'message', operation: 'updateStatus' }, { status: { ...delivered, status: 'seen' } }),
			).rejects.toThrow(/"seen" is not a WhatsApp delivery status/);
		});
	});

	describe('history', () => {
		it('returns the latest messages oldest first, also beyond what Redis keeps', async () => {
			const { lead } = await newLead('0');
			for (let n = 1; n < HISTORY_CACHE_SIZE + 10; n += 1) await logSent(lead, `wamid.h-${redis}-${lead.id}-${n}`, String(n));
			const texts = async (length: number) => (await history(lead, length)).map((line) => line.text);
			expect(await texts(3)).toEqual([String(HISTORY_CACHE_SIZE + 7), String(HISTORY_CACHE_SIZE + 8), String(HISTORY_CACHE_SIZE + 9)]);
			const all = await texts(HISTORY_CACHE_SIZE + 10);
			expect(all).toEqual(Array.from({ length: HISTORY_CACHE_SIZE + 10 }, (_, n) => String(n)));
			expect(await texts(HISTORY_CACHE_SIZE)).toEqual(all.slice(-HISTORY_CACHE_SIZE));
			expect(await texts(0)).toEqual([]);
		});

		it(redis ? 'reads from Redis when warm, keeps it current on writes, and rebuilds it when gone' : 'reads from Postgres every time', async () => {
			const { lead } = await newLead('primero');
			expect((await history(lead)).map((line) => line.text)).toEqual(['primero']);
			// Change the logged text behind the node's back: only a cache would still answer the old one.
			const cipher = cipherFor(storage.postgres);
			await query('UPDATE messages SET text_enc = $2 WHERE lead_id = $1', [lead.id, cipher.encrypt('cambiado')]);
			expect((await history(lead)).map((line) => line.text)).toEqual([redis ? 'primero' : 'cambiado']);
			await logSent(lead, `wamid.cache-${redis}-${lead.id}`, 'respuesta');
			expect((await history(lead)).map((line) => line.text)).toEqual([redis ? 'primero' : 'cambiado', 'respuesta']);
			if (redis) {
				const raw = new Redis(TEST_REDIS);
				await raw.del(`${storage.redis.keyPrefix}${historyCacheKey(lead.id)}`);
				await raw.quit();
				expect((await history(lead)).map((line) => line.text)).toEqual(['cambiado', 'respuesta']);
				// A message whose cache write was lost (Redis away at that moment) is noticed, not hidden.
				await query(
					`INSERT INTO messages (academy_id, lead_id, direction, message_hash, message_id_enc, text_enc, status, at)
					 VALUES ($1, $2, 'out', $3, $4, $5, 'sent', now())`,
					[lead.academyId, lead.id, cipher.hash(`wamid.lost-${lead.id}`), cipher.encrypt(`wamid.lost-${lead.id}`), cipher.encrypt('perdido')],
				);
				expect((await history(lead)).map((line) => line.text)).toEqual(['cambiado', 'respuesta', 'perdido']);
			}
		});

		it('gives the same history as Postgres after many messages written at once', async () => {
			const { lead } = await newLead('inicio');
			await history(lead);
			await Promise.all(
				Array.from({ length: 12 }, async (_, n) => {
					if (n % 2) await logSent(lead, `wamid.par-${redis}-${lead.id}-${n}`, `out ${n}`);
					else await run(upsertParameters, { message: inbound({ waId: lead.waId, text: `in ${n}` }) });
				}),
			);
			const cached = await history(lead);
			const fromPostgres = (await query('SELECT text_enc FROM messages WHERE lead_id = $1 ORDER BY id', [lead.id])).map(
				(row) => cipherFor(storage.postgres).decrypt(row.text_enc),
			);
			expect(cached.map((line) => line.text)).toEqual(fromPostgres);
		});
	});
});

describe('Academy Lead › Message with Redis down', () => {
	const storage = isolatedStorage('lead_messages_redis_down');
	afterAll(() => storage.cleanup());

	it('still logs and answers the history from Postgres', async () => {
		await createAcademy(storage);
		const down = { ...storage, redis: { ...storage.redis, port: 1 } };
		const { lead } = await runLeadJson(down, upsertParameters, { message: inbound({ waId: '5521977000001', text: 'hola' }) }, { redis: true });
		const json = await runLeadJson(down, { resource: 'message', operation: 'getHistory' }, { lead }, { redis: true });
		expect(json.history.map((line: { text: string }) => line.text)).toEqual(['hola']);
		getRedis(down.redis).disconnect();
	});
});
