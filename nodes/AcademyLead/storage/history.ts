import type Redis from 'ioredis';

import type { PersonalDataCipher } from '../../shared/storage/crypto';
import type { HistoryEntry } from '../../shared/types';
import { selectRecentMessages, type SequencedEntry } from './messages';
import type { LeadStores } from './stores';

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
 * transaction commits, whether the cache is warm or not; a reader that finds no COMPLETE marker
 * adds the Postgres tail and the marker. Adding is skipped for an id already present, so the
 * union of both is exactly the log's tail however writers and readers interleave.
 */
const ADD = `
local key = KEYS[1]
for i = 4, #ARGV, 2 do
	if redis.call('ZCOUNT', key, ARGV[i], ARGV[i]) == 0 then redis.call('ZADD', key, ARGV[i], ARGV[i + 1]) end
end
if ARGV[3] == '1' then redis.call('ZADD', key, 0, '${COMPLETE}') end
redis.call('ZREMRANGEBYRANK', key, 1, -(tonumber(ARGV[2]) + 1))
redis.call('EXPIRE', key, ARGV[1])
return 1`;

async function addToCache(redis: Redis, cipher: PersonalDataCipher, leadId: string, lines: SequencedEntry[], complete: boolean) {
	const members = lines.flatMap(({ seq, entry }) => [seq, `${seq}:${cipher.encrypt(JSON.stringify(entry))}`]);
	await redis.eval(ADD, 1, historyCacheKey(leadId), HISTORY_CACHE_TTL_SECONDS, HISTORY_CACHE_SIZE, complete ? '1' : '0', ...members);
}

async function readCache(redis: Redis, cipher: PersonalDataCipher, leadId: string, limit: number): Promise<HistoryEntry[] | null> {
	const key = historyCacheKey(leadId);
	const [[, marker], [, members]] = (await redis
		.multi()
		.zscore(key, COMPLETE)
		.zrevrangebyscore(key, '+inf', 1, 'LIMIT', 0, limit)
		.exec()) as [[unknown, string | null], [unknown, string[]]];
	if (marker === null) return null;
	return members.reverse().map((member) => JSON.parse(cipher.decrypt(member.slice(member.indexOf(':') + 1))) as HistoryEntry);
}

/**
 * The lead's recent history for prompts, oldest first: from Redis when configured and warm,
 * otherwise from Postgres (warming Redis on the way). Redis trouble never fails the read.
 */
export async function readHistory(stores: LeadStores, leadId: string, limit: number): Promise<HistoryEntry[]> {
	const { pool, redis, cipher } = stores;
	if (limit <= 0) return [];
	const cacheable = redis !== undefined && limit <= HISTORY_CACHE_SIZE;
	if (cacheable) {
		const cached = await readCache(redis, cipher, leadId, limit).catch(() => null);
		if (cached) return cached;
	}
	const tail = await selectRecentMessages(pool, cipher, leadId, cacheable ? HISTORY_CACHE_SIZE : limit);
	if (cacheable) await addToCache(redis, cipher, leadId, tail, true).catch(() => undefined);
	return tail.slice(-limit).map(({ entry }) => entry);
}

/**
 * Adds a committed message to the cached history. If Redis fails half-way the cache is dropped,
 * so the next read rebuilds it rather than missing a line.
 */
export async function rememberInHistory(stores: LeadStores, leadId: string, line: SequencedEntry): Promise<void> {
	const { redis, cipher } = stores;
	if (!redis) return;
	try {
		await addToCache(redis, cipher, leadId, [line], false);
	} catch {
		await redis.del(historyCacheKey(leadId)).catch(() => undefined);
	}
}
