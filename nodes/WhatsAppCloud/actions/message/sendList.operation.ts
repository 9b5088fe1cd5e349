import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, phoneNumberIdField, replyToOption, textField, toField } from '../common.descriptions';
import { LIMITS, LimitCheck } from '../limits';
import { sendMessages } from '../send';
import type { WhatsAppOperation } from '../types';
import { footerOption, headerOption, interactiveFrame } from './interactive';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	phoneNumberIdField,
	toField,
	textField(`The message above the list button, up to ${LIMITS.listBody} characters`),
	{
		displayName: 'Button Label',
		name: 'buttonLabel',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'See classes',
		description: `The button that opens the list, up to ${LIMITS.listButton} characters`,
	},
	{
		displayName: 'Rows',
		name: 'rows',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowedFields: LIMITS.rows },
		placeholder: 'Add Row',
		default: {},
		description: `Up to ${LIMITS.rows} rows in all. Rows with the same section title are shown together under it.`,
		options: [
			{
				displayName: 'Row',
				name: 'row',
				values: [
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						description: `Grey line under the title, up to ${LIMITS.rowDescription} characters`,
					},
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: '',
						description: 'What the trigger reports as replyId when the person picks it; the title when empty',
					},
					{
						displayName: 'Section Title',
						name: 'section',
						type: 'string',
						default: '',
						description: `Heading of the group this row belongs to, up to ${LIMITS.sectionTitle} characters; needed when there are several groups`,
					},
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: `Up to ${LIMITS.rowTitle} characters`,
					},
				],
			},
		],
	},
	optionsCollection([footerOption, headerOption, replyToOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendList'] } },
	properties,
);

interface Row {
	section?: string;
	id?: string;
	title?: string;
	description?: string;
}

/** Rows grouped by section title, in the order the titles first appear. */
function sections(rows: Row[]): Array<{ title: string; rows: IDataObject[] }> {
	const grouped = new Map<string, IDataObject[]>();
	for (const row of rows) {
		const title = (row.title ?? '').trim();
		const entry: IDataObject = { id: (row.id ?? '').trim() || title, title };
		if (row.description?.trim()) entry.description = row.description.trim();
		const section = (row.section ?? '').trim();
		grouped.set(section, [...(grouped.get(section) ?? []), entry]);
	}
	return [...grouped].map(([title, entries]) => ({ title, rows: entries }));
}

export const execute: WhatsAppOperation = async function (this, itemIndex) {
	const check = new LimitCheck();
	const frame = interactiveFrame.call(this, itemIndex, check, LIMITS.listBody);
	const button = String(parameter(this, 'buttonLabel', itemIndex, '') ?? '').trim();
	check.required('Button Label', button).quoted('list button label', button, LIMITS.listButton);
	const rows = (parameter(this, 'rows.row', itemIndex, []) as Row[]) ?? [];
	const grouped = sections(rows);
	check.count('rows', rows.length, 1, LIMITS.rows).count('sections', grouped.length, 1, LIMITS.sections);
	for (const section of grouped) {
		if (grouped.length > 1 && !section.title) check.add('every row needs a Section Title when rows are in several sections');
		check.quoted('section title', section.title, LIMITS.sectionTitle);
		for (const row of section.rows) {
			const title = row.title as string;
			check.required('Row title', title).quoted('row title', title, LIMITS.rowTitle);
			check.quoted('row ID', row.id as string, LIMITS.rowId);
			if (row.description) check.quoted('row description', row.description as string, LIMITS.rowDescription);
		}
	}
	check.unique('row ID', grouped.flatMap((s) => s.rows.map((r) => r.id as string)));
	check.assert(this, itemIndex);
	const interactive = {
		type: 'list',
		...frame,
		action: {
			button,
			sections: grouped.map((s) => (s.title ? s : { rows: s.rows })),
		},
	};
	return { json: { sent: await sendMessages.call(this, itemIndex, 'interactive', [interactive]) } };
};
