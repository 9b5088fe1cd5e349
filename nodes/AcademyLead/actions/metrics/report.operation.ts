import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { referenceTime, referenceTimeOption } from '../followUp/fields';
import type { LeadOperation } from '../operation';
import { idParameter, textParameter } from '../parameters';
import { academyMetrics } from './report';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	{
		displayName: 'Academy ID',
		name: 'academyId',
		type: 'string',
		default: '={{ $json.academy?.id ?? "" }}',
		description: 'The academy to report on; empty gives one item per academy (e.g. for the weekly report to every owner)',
	},
	{
		displayName: 'Weeks',
		name: 'weeks',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 104 },
		default: 8,
		description:
			"How many weeks, counted in the academy's time zone: the current week so far and the ones before it. Run on a Monday at 00:00 (or set Reference Time to it), the last week is the whole week just ended.",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [referenceTimeOption],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['metrics'], operation: ['report'] } }, properties);

/** The seed's funnel and KPIs (section 5), shaped for the dashboard page and the weekly WhatsApp report. */
export const execute: LeadOperation = async function (itemIndex, { pool }) {
	const weeks = parameter(this, 'weeks', itemIndex, 8) as number;
	if (!Number.isInteger(weeks) || weeks < 1) {
		throw new NodeOperationError(this.getNode(), `Weeks must be a whole number of at least 1, not ${weeks}`, { itemIndex });
	}
	const to = referenceTime.call(this, itemIndex);
	const academyId = textParameter.call(this, 'academyId', itemIndex)
		? idParameter.call(this, 'academyId', itemIndex, 'Academy ID')
		: null;
	const { rows } = await pool.query<{ id: string; name: string; time_zone: string }>(
		'SELECT id, name, time_zone FROM academies WHERE $1::uuid IS NULL OR id = $1 ORDER BY name, id',
		[academyId],
	);
	if (academyId && !rows.length) {
		throw new NodeOperationError(this.getNode(), `No academy has the ID ${academyId}`, {
			itemIndex,
			description: 'Check the Academy ID, or leave it empty to report on every academy.',
		});
	}
	const reports = [];
	for (const row of rows) {
		reports.push({ metrics: await academyMetrics(pool, { id: row.id, name: row.name, timeZone: row.time_zone }, to, weeks) });
	}
	return reports;
};
