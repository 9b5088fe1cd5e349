import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { toLead, updateLeadFields, type LeadFieldChanges } from '../../storage/leads';
import { leadIdField, requireLeadRow } from '../common';
import type { LeadOperation } from '../operation';
import { collectionParameter, idParameter, leadLanguage } from '../parameters';

const properties: INodeProperties[] = [
	leadIdField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here change; an empty value clears the field',
		options: [
			{
				displayName: 'Language',
				name: 'language',
				type: 'options',
				options: [
					{ name: 'English', value: 'en' },
					{ name: 'Portuguese', value: 'pt' },
					{ name: 'Spanish', value: 'es' },
				],
				default: 'es',
			},
			{
				displayName: 'Level',
				name: 'level',
				type: 'string',
				default: '',
				placeholder: 'beginner',
				description: 'Experience the lead told about, e.g. beginner or blue belt',
			},
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{
				displayName: 'Notes',
				name: 'notes',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: 'Anything staff should know; stored encrypted',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['lead'], operation: ['update'] } }, properties);

export const execute: LeadOperation = async function (itemIndex, { pool, cipher }) {
	const id = idParameter.call(this, 'leadId', itemIndex, 'Lead ID');
	const fields = collectionParameter.call(this, 'updateFields', itemIndex);
	const changes: LeadFieldChanges = {};
	for (const key of ['name', 'level', 'notes'] as const) {
		if (fields[key] !== undefined) changes[key] = String(fields[key] ?? '').trim() || null;
	}
	if (fields.language !== undefined) changes.language = leadLanguage.call(this, fields.language, itemIndex);
	const row = (await updateLeadFields(pool, cipher, id, changes)) ?? (await requireLeadRow.call(this, pool, id, itemIndex));
	return { lead: toLead(row, cipher) };
};
