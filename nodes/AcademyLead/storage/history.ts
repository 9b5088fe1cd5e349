import type Redis from 'ioredis';

import type { PersonalDataCipher } from '../../shared/storage/crypto';
import type { HistoryEntry } from '../../shared/types';
import { selectRecentMessages, type SequencedEntry } from './messages';
import type { Db, LeadStores } from './stores';

/** Lines kept per lead in Redis; longer histories are read from Postgres. */
export const HISTORY_CACHE_SIZE = 50;
const HISTORY_CACHE_TTL_SECONDS = 6 * 60 * 60;
/** Sits at score 0, below every message (scores are messages.id ≥ 1): the cache holds the whole tail. */
const COMPLETE = 'complete';

/** The one Redis key that holds a lead's cached history (erasure deletes it). */
export function historyCacheKey(leadId: string): string {
	return `history:${leadId}`;
}

/*
 * The cache is a sorted set per lead, scored by messages.id, each member `<id>:<encrypted line>`
 * (message texts are never in Redis in clear). Every logged message is added after its
 * transaction commits; a reader that finds no COMPLETE marker puts the Postgres tail and the
 * marker in its place. A read is trusted only if Postgres holds exactly the cached ids from the
 * oldest one returned on (one indexed count), so a write lost while Redis was away, or a Redis
 * restored from an old snapshot, is noticed and rebuilt instead of served.
 */
const ADD = `
local key = KEYS[1]
if ARGV[3] == '1' then redis.call('DEL', key) end
for i = 4, #ARGV, 2 do
	if redis.call('ZCOUNT', key, ARGV[i], ARGV[i]) == 0 then redis.call('ZADD', key, ARGV[i], ARGV[i + 1]) end
end
if ARGV[3] == '1' then redis.call('ZADD', key, 0, '${COMPLETE}') end
redis.call('ZREMRANGEBYRANK', key, 1, -(tonumber(ARGV[2]) + 1))
redis.call('EXPIRE', key, ARGV[1])
return 1`;

/** Redis is skipped while it is not connected: Postgres answers at once instead of after a timeout. */
function usable(redis: Redis | undefined): redis is Redis {
	return redis !== undefined && redis.status === 'ready';
}

async function addToCache(redis: Redis, cipher: PersonalDataCipher, leadId: string, lines: SequencedEntry[], replace: boolean) {
	const members = lines.flatMap(({ seq, entry }) => [seq, `${seq}:${cipher.encrypt(JSON.stringify(entry))}`]);
	await redis.eval(ADD, 1, historyCacheKey(leadId), HISTORY_CACHE_TTL_SECONDS, HISTORY_CACHE_SIZE, replace ? '1' : '0', ...members);
}

async function readCache(redis: Redis, leadId: string, limit: number): Promise<string[] | null> {
	const key = historyCacheKey(leadId);
	const [[, marker], [, members]] = (await redis
		.multi()
		.zscore(key, COMPLETE)
		.zrevrangebyscore(key, '+inf', 1, 'LIMIT', 0, limit)
		.exec()) as [[unknown, string | null], [unknown, string[]]];
	return marker === null ? null : members.reverse();
}

/** Whether the cached members are exactly the lead's latest messages in Postgres. */
async function matchesLog(db: Db, leadId: string, members: string[]): Promise<boolean> {
	const seqs = members.map((member) => member.slice(0, member.indexOf(':')));
	const { rows } = await db.query<{ n: number; last: string | null }>(
		'SELECT count(*)::int AS n, max(id)::text AS last FROM messages WHERE lead_id = $1 AND id >= $2',
		[leadId, seqs[0] ?? '0'],
	);
	return rows[0].n === seqs.length && (rows[0].last ?? undefined) === seqs.at(-1);
}

/**
 * The lead's recent history for prompts, oldest first: from Redis when configured, warm and in
 * step with the log, otherwise from Postgres (warming Redis on the way). Redis trouble never
 * fails the read.
 */
export async function readHistory(stores: LeadStores, leadId: string, limit: number): Promise<HistoryEntry[]> {
	const { pool, redis, cipher } = stores;
	if (limit <= 0) return [];
	const cacheable = usable(redis) && limit <= HISTORY_CACHE_SIZE;
	if (cacheable) {
		const cached = await readCache(redis, leadId, limit).catch(() => null);
		if (cached && (await matchesLog(pool, leadId, cached))) {
			return cached.map((member) => JSON.parse(cipher.decrypt(member.slice(member.indexOf(':') + 1))) as HistoryEntry);
		}
	}
	const tail = await selectRecentMessages(pool, cipher, leadId, cacheable ? HISTORY_CACHE_SIZE : limit);
	if (cacheable) await addToCache(redis, cipher, leadId, tail, true).catch(() => undefined);
	return tail.slice(-limit).map(({ entry }) => entry);
}

/** Adds a committed message to the cached history; if that fails, the next read notices and rebuilds. */
export async function rememberInHistory(stores: LeadStores, leadId: string, line: SequencedEntry): Promise<void> {
	const { redis, cipher } = stores;
	if (usable(redis)) await addToCache(redis, cipher, leadId, [line], false).catch(() => undefined);
}
