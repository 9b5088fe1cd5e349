import type { Migration } from './migration';
import { seenKeys } from './001-seen-keys';
import { rateCounters } from './002-rate-counters';
import { leadSchema } from './010-lead-schema';
import { followUpConditions } from './020-follow-up-conditions';
import { replyTimes } from './025-reply-times';
import { hashedMessageIds } from './026-hashed-message-ids';

/** Every migration, in the order they apply. Add new ones at the end with the next free version. */
export const MIGRATIONS: Migration[] = [seenKeys, rateCounters, leadSchema, followUpConditions, replyTimes, hashedMessageIds];
