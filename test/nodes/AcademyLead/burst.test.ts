import type { IDataObject } from 'n8n-workflow';

import { getPool } from '../../../nodes/shared/storage/postgres';
import { isolatedStorage } from '../../helpers/storage';
import { createAcademy, inbound, runLead, runLeadJson, upsertParameters } from './lead-node';

let senders = 0;

describe.each([
	['Postgres alone', false],
	['Postgres and Redis', true],
])('Academy Lead › Join Burst (%s)', (_label, redis) => {
	const storage = isolatedStorage(`lead_burst_${redis ? 'redis' : 'pg'}`);
	afterAll(() => storage.cleanup());
	beforeAll(async () => {
		await createAcademy(storage);
	});

	/** What the trigger and Lead › Create or Update hand the burst step for one message. */
	async function arrive(waId: string, text: string): Promise<IDataObject> {
		return runLeadJson(storage, upsertParameters, { message: inbound({ waId, text }) }, { redis });
	}
	const burst = async (item: IDataObject, windowSeconds = 0) =>
		runLead(storage, { resource: 'lead', operation: 'burst', windowSeconds }, [item], { redis });
	const newSender = () => {
		senders += 1;
		return `5511955${redis ? 1 : 0}${String(senders).padStart(5, '0')}`;
	};

	it('continues once, from the last message, with every text joined', async () => {
		const waId = newSender();
		const items = [await arrive(waId, 'hola'), await arrive(waId, 'cuánto sale'), await arrive(waId, 'la mensualidad?')];
		expect(await burst(items[0])).toEqual([]);
		expect(await burst(items[1])).toEqual([]);
		const [out] = await burst(items[2]);
		expect(out.json.burst).toEqual({
			count: 3,
			texts: ['hola', 'cuánto sale', 'la mensualidad?'],
			messageIds: items.map((item) => (item.message as IDataObject).messageId),
			text: 'hola\ncuánto sale\nla mensualidad?',
		});
		expect(out.json.message).toEqual({ ...(items[2].message as IDataObject), text: 'hola\ncuánto sale\nla mensualidad?' });
		expect(out.json.lead).toEqual(items[2].lead);
		// A redelivery of the last message does not answer twice.
		expect(await burst(items[2])).toEqual([]);
		// The next message after the burst starts a new one, alone.
		const next = await arrive(waId, 'gracias');
		const [alone] = await burst(next);
		expect(alone.json.burst).toMatchObject({ count: 1, texts: ['gracias'] });
	});

	it('answers the message of a retried run whose failed attempt had already logged it and handed it on', async () => {
		const waId = newSender();
		const message = inbound({ waId, text: 'hay clases los sábados?' });
		// The failed attempt: its writes were committed, then the run failed before the reply.
		const attempt = await runLeadJson(storage, upsertParameters, { message }, { redis });
		expect(await burst(attempt)).toHaveLength(1);

		const retried = await runLeadJson(storage, upsertParameters, { message }, { redis, mode: 'retry' });
		expect(retried.inbound).toMatchObject({ newLead: false, duplicate: false });
		const [out] = await runLead(storage, { resource: 'lead', operation: 'burst', windowSeconds: 0 }, [retried], { redis, mode: 'retry' });
		expect(out.json.burst).toMatchObject({ count: 1, texts: ['hay clases los sábados?'] });
		// Outside a retry the same message is still a redelivery, answered once.
		expect(await burst(retried)).toEqual([]);
	});

	it('lets exactly one of several executions waiting at the same time continue', async () => {
		const waId = newSender();
		const items = [];
		for (const text of ['oi', 'tudo bem?', 'quero fazer uma aula experimental']) items.push(await arrive(waId, text));
		const outputs = await Promise.all(items.map(async (item) => burst(item, 1)));
		expect(outputs.map((items) => items.length)).toEqual([0, 0, 1]);
		expect(outputs[2][0].json.burst).toMatchObject({ count: 3, text: 'oi\ntudo bem?\nquero fazer uma aula experimental' });
	});

	it('holds an earlier message back when another arrives during its wait', async () => {
		const waId = newSender();
		const first = await arrive(waId, 'hello');
		const waiting = burst(first, 3);
		const second = await arrive(waId, 'how much is it?');
		const [firstOut, secondOut] = await Promise.all([waiting, burst(second, 1)]);
		expect(firstOut).toEqual([]);
		expect(secondOut).toHaveLength(1);
		expect(secondOut[0].json.burst).toMatchObject({ count: 2, texts: ['hello', 'how much is it?'] });
	});

	it('leaves out older messages that were never answered, e.g. while staff had taken over', async () => {
		const waId = newSender();
		const old = await arrive(waId, 'hay alguien?');
		await arrive(waId, 'hola??');
		const pool = await getPool(storage.postgres);
		await pool.query(`UPDATE messages SET created_at = created_at - interval '1 hour' WHERE lead_id = $1`, [
			(old.lead as IDataObject).id,
		]);
		const fresh = [await arrive(waId, 'ya volvieron?'), await arrive(waId, 'quiero reservar')];
		expect(await burst(fresh[0])).toEqual([]);
		const [out] = await burst(fresh[1]);
		expect(out.json.burst).toMatchObject({ count: 2, texts: ['ya volvieron?', 'quiero reservar'] });
	});

	it('needs the message to be logged first', async () => {
		const waId = newSender();
		const { lead } = await arrive(waId, 'hola');
		await expect(burst({ lead, message: inbound({ waId }) })).rejects.toThrow(/not in the lead's log/);
	});
});
