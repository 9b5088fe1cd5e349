import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { jsonParse, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { withTransaction } from '../../../shared/storage/postgres';
import type { AcademyPatch } from '../../helpers/academy-profile';
import { forgetKeptAcademies, saveAcademy } from '../../storage/academies';
import type { LeadOperation } from '../operation';
import { collectionParameter, idParameter, textParameter } from '../parameters';

const jsonField = (displayName: string, name: string, description: string, example: string): INodeProperties => ({
	displayName,
	name,
	type: 'json',
	default: '',
	description,
	placeholder: example,
});

const properties: INodeProperties[] = [
	{
		displayName: 'WhatsApp Phone Number ID',
		name: 'phoneNumberId',
		type: 'string',
		required: true,
		default: '',
		description:
			"The ID Meta's WhatsApp Manager shows for the academy's number (not the number itself). Messages to that number reach this academy.",
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Needed for a new academy; leave empty to keep the current name',
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: '',
		placeholder: 'America/Argentina/Buenos_Aires',
		description: 'Needed for a new academy: class times, quiet hours and weekly reports use it',
	},
	{
		displayName: 'Profile Fields',
		name: 'profileFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Fields left out keep their current value',
		options: [
			{
				displayName: 'Academy ID',
				name: 'academyId',
				type: 'string',
				default: '',
				description: "Change this academy (also its phone number ID) instead of the one with the number's ID",
			},
			{ displayName: 'Address', name: 'address', type: 'string', default: '' },
			{
				displayName: 'Booking Page',
				name: 'bookingUrl',
				type: 'string',
				default: '',
				placeholder: 'https://cal.com/my-academy/trial-class',
			},
			{
				displayName: 'Default Language',
				name: 'defaultLanguage',
				type: 'options',
				options: [
					{ name: 'English', value: 'en' },
					{ name: 'Portuguese', value: 'pt' },
					{ name: 'Spanish', value: 'es' },
				],
				default: 'es',
				description: 'The language used until the lead shows theirs',
			},
			{
				displayName: 'Languages',
				name: 'languages',
				type: 'multiOptions',
				options: [
					{ name: 'English', value: 'en' },
					{ name: 'Portuguese', value: 'pt' },
					{ name: 'Spanish', value: 'es' },
				],
				default: ['es'],
				description: 'Languages the bot answers in',
			},
			{ displayName: 'Map Link', name: 'mapUrl', type: 'string', default: '', placeholder: 'https://maps.app.goo.gl/…' },
			{
				displayName: 'Owner Number',
				name: 'ownerNumber',
				type: 'string',
				default: '',
				placeholder: '5491155550000',
				description: 'WhatsApp number that gets alerts and weekly reports, with country code',
			},
			jsonField('Prices', 'prices', 'Plans and prices', '[{"name": "Mensual", "price": {"amount": 45000, "currency": "ARS"}, "period": "month"}]'),
			{
				displayName: 'Quiet Hours End',
				name: 'quietHoursEnd',
				type: 'string',
				default: '09:00',
				description: 'Follow-ups wait until this local time (24-hour clock)',
			},
			{
				displayName: 'Quiet Hours Start',
				name: 'quietHoursStart',
				type: 'string',
				default: '21:00',
				description: 'No follow-ups from this local time (24-hour clock)',
			},
			jsonField(
				'Schedule',
				'schedule',
				'Classes by program and level; weekday 1 is Monday',
				'[{"program": "BJJ", "level": "beginner", "weekday": 1, "start": "19:00", "end": "20:30"}]',
			),
			{
				displayName: 'Staff Numbers',
				name: 'staffNumbers',
				type: 'string',
				default: '',
				placeholder: '5491155550001, 5491155550002',
				description: 'WhatsApp numbers of coaches who confirm attendance, separated by commas',
			},
			jsonField(
				'Templates',
				'templates',
				'Names of approved WhatsApp templates per purpose and language',
				'{"reminder": {"es": "recordatorio_clase", "pt": "lembrete_aula"}}',
			),
			jsonField('Trial Policy', 'trialPolicy', 'How the free trial class works, per language', '{"es": "La primera clase es gratis"}'),
			jsonField('What to Bring', 'whatToBring', 'What to bring to the first class, per language', '{"es": "Ropa cómoda y agua"}'),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['academy'], operation: ['upsert'] } }, properties);

const JSON_FIELDS = ['prices', 'schedule', 'templates', 'trialPolicy', 'whatToBring'] as const;

export const execute: LeadOperation = async function (itemIndex, stores) {
	const fields = collectionParameter.call(this, 'profileFields', itemIndex);
	const patch: AcademyPatch & IDataObject = {
		phoneNumberId: textParameter.call(this, 'phoneNumberId', itemIndex),
		name: textParameter.call(this, 'name', itemIndex) || undefined,
		timeZone: textParameter.call(this, 'timeZone', itemIndex) || undefined,
	};
	for (const key of ['address', 'bookingUrl', 'defaultLanguage', 'languages', 'mapUrl', 'ownerNumber'] as const) {
		if (fields[key] !== undefined) patch[key] = fields[key] as never;
	}
	if (fields.staffNumbers !== undefined) {
		patch.staffNumbers = String(fields.staffNumbers).split(/[,;\n]/).map((n) => n.trim()).filter(Boolean);
	}
	if (fields.quietHoursStart !== undefined || fields.quietHoursEnd !== undefined) {
		// Only the given end changes; mergeAcademyProfile keeps the other.
		patch.quietHours = { start: fields.quietHoursStart, end: fields.quietHoursEnd } as AcademyPatch['quietHours'];
	}
	for (const key of JSON_FIELDS) {
		const value = fields[key];
		if (value === undefined || value === '') continue;
		try {
			patch[key] = (typeof value === 'string' ? jsonParse(value) : value) as never;
		} catch {
			throw new NodeOperationError(this.getNode(), `Academy profile: ${key} is not valid JSON`, {
				itemIndex,
				description: 'Check quotes and commas; the placeholder of the field shows the shape.',
			});
		}
	}
	const academyId = String(fields.academyId ?? '').trim()
		? idParameter.call(this, 'profileFields.academyId', itemIndex, 'Academy ID')
		: undefined;
	const { academy, created } = await withTransaction(stores.pool, async (db) =>
		saveAcademy(db, stores.cipher, patch, academyId),
	);
	forgetKeptAcademies(stores.pool);
	return { academy, academyCreated: created };
};
