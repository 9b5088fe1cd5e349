import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { referenceTime, referenceTimeOption } from '../followUp/fields';
import type { LeadOperation } from '../operation';
import { queueDepth } from './queries';

const properties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [referenceTimeOption],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['metrics'], operation: ['queueDepth'] } }, properties);

/** How many follow-ups are due and not yet sent: the seed's queue-depth alert (section 9.2) reads `due`. */
export const execute: LeadOperation = async function (itemIndex, { pool }) {
	const rows = await queueDepth(pool, referenceTime.call(this, itemIndex));
	const academies = rows.map((row) => ({
		academyId: row.academy_id,
		due: row.due,
		scheduled: row.scheduled,
		inFlight: row.in_flight,
	}));
	const total = (pick: (a: (typeof academies)[number]) => number) => academies.reduce((sum, a) => sum + pick(a), 0);
	return {
		followUpQueue: {
			due: total((a) => a.due),
			scheduled: total((a) => a.scheduled),
			inFlight: total((a) => a.inFlight),
			academies,
		},
	};
};
