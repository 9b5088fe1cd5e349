import { academy } from './academy';
import { followUp } from './followUp';
import { lead } from './lead';
import { message } from './message';
import { metrics } from './metrics';
import type { LeadResource } from './operation';
import { privacy } from './privacy';

/** Every resource of the node by its parameter value; the router finds operations here. */
export const RESOURCES: Partial<Record<string, LeadResource>> = { academy, followUp, lead, message, metrics, privacy };
