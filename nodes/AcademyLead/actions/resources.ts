import { academy } from './academy';
import { lead } from './lead';
import { message } from './message';
import type { LeadResource } from './operation';

/** Every resource of the node by its parameter value; the router finds operations here. */
export const RESOURCES: Partial<Record<string, LeadResource>> = { academy, lead, message };
