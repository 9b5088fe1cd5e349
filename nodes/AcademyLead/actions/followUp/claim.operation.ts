import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { AcademyProfile } from '../../../shared/types';
import { findAcademyById } from '../../storage/academies';
import { toLead, type LeadRow } from '../../storage/leads';
import type { LeadOperation } from '../operation';
import { collectionParameter, idParameter } from '../parameters';
import { referenceTime, referenceTimeOption } from './fields';
import { claimDueSteps } from './queue';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1000 },
		default: 50,
		description: 'How many due steps to take at most; the rest wait for the next run',
	},
	{
		displayName: 'Lease (Minutes)',
		name: 'leaseMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 10,
		description:
			'A step taken but never marked sent, failed or cancelled in this time (the workflow crashed) is handed out again',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Academy ID',
				name: 'academyId',
				type: 'string',
				default: '',
				description: "Only this academy's steps; empty takes every academy's",
			},
			referenceTimeOption,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['followUp'], operation: ['claim'] } }, properties);

/**
 * One item per step now due, with its lead and academy, for the send branch to answer. Several
 * workflows (or n8n workers) may run this at once: each step goes to one of them.
 */
export const execute: LeadOperation = async function (itemIndex, { pool, cipher }) {
	const options = collectionParameter.call(this, 'options', itemIndex);
	const now = referenceTime.call(this, itemIndex);
	const { claimed } = await claimDueSteps(pool, {
		now,
		limit: parameter(this, 'batchSize', itemIndex, 50) as number,
		leaseSeconds: (parameter(this, 'leaseMinutes', itemIndex, 10) as number) * 60,
		academyId: options.academyId ? idParameter.call(this, 'options.academyId', itemIndex, 'Academy ID') : undefined,
	});
	if (!claimed.length) return [];
	const { rows } = await pool.query<LeadRow>('SELECT * FROM leads WHERE id = ANY($1::uuid[])', [claimed.map((s) => s.leadId)]);
	const leads = new Map(rows.map((row) => [row.id, toLead(row, cipher, now)]));
	const academies = new Map<string, AcademyProfile | null>();
	for (const academyId of new Set(claimed.map((s) => s.academyId))) {
		academies.set(academyId, await findAcademyById(pool, cipher, academyId));
	}
	return claimed.map((followUp) => ({
		followUp,
		lead: leads.get(followUp.leadId),
		academy: academies.get(followUp.academyId),
	}));
};
