import type { IDataObject } from 'n8n-workflow';

import type { AcademyProfile } from '../../nodes/shared/types';
import { runLeadJson } from '../nodes/AcademyLead/lead-node';
import { runTemplate, startTemplateEnv, template, type TemplateEnv } from './template-harness';

let env: TemplateEnv;

beforeAll(async () => {
	env = await startTemplateEnv('academy_settings_template');
});
afterAll(() => env.stop());

/** Every field of the form, empty, as n8n's Form Trigger hands over a submission. */
const EMPTY: IDataObject = {
	phoneNumberId: '',
	name: '',
	timeZone: '',
	languages: [],
	defaultLanguage: '',
	address: '',
	mapUrl: '',
	bookingUrl: '',
	ownerNumber: '',
	staffNumbers: '',
	prices: '',
	schedule: '',
	trialPolicy: '',
	whatToBring: '',
	templates: '',
	quietHoursStart: '',
	quietHoursEnd: '',
	academyId: '',
	submittedAt: '2026-11-24T15:00:00.000Z',
	formMode: 'production',
};

async function submit(fields: IDataObject) {
	const run = await runTemplate(template('academy-settings.json'), env, {
		items: [{ ...EMPTY, ...fields }],
	});
	expect(run.ran('Show what was saved')).toBe(true);
	return run.output('Write what was saved')[0].json.page as { title: string; message: string };
}

const stored = async (phoneNumberId: string) =>
	(await runLeadJson(env.storage, { resource: 'academy', operation: 'get', phoneNumberId }))
		.academy as AcademyProfile;

describe('academy settings template', () => {
	const PALERMO = {
		phoneNumberId: '109876543210001',
		name: 'Gracie Barra Palermo',
		timeZone: 'America/Argentina/Buenos_Aires',
		languages: ['es · Español', 'en · English'],
		defaultLanguage: 'es · Español',
		address: 'Av. Santa Fe 3456, CABA',
		mapUrl: 'https://maps.app.goo.gl/palermo',
		bookingUrl: 'https://cal.com/gb-palermo/clase-de-prueba',
		ownerNumber: '+54 9 11 5555-0000',
		staffNumbers: '+54 9 11 5555-0001, 5491155550002',
		prices:
			'[{"name": "Mensual", "price": {"amount": 45000, "currency": "ARS"}, "period": "month"}]',
		schedule:
			'[{"program": "BJJ", "level": "beginner", "weekday": 1, "start": "19:00", "end": "20:30"}, {"program": "BJJ", "level": "all", "weekday": 3, "start": "19:00", "end": "20:30"}]',
		trialPolicy: '{"es": "La primera clase es gratis", "en": "Your first class is free"}',
		whatToBring: '{"es": "Ropa cómoda y agua"}',
		templates:
			'{"reminder": {"es": "recordatorio_clase"}, "weeklyReport": {"es": "reporte_semanal"}}',
		quietHoursStart: '22:00',
		quietHoursEnd: '08:30',
	};

	it('adds an academy from the form and shows what was saved, numbers only by their last digits', async () => {
		const page = await submit(PALERMO);
		const academy = await stored(PALERMO.phoneNumberId);
		expect(academy).toMatchObject({
			name: 'Gracie Barra Palermo',
			timeZone: 'America/Argentina/Buenos_Aires',
			languages: ['es', 'en'],
			defaultLanguage: 'es',
			ownerNumber: '5491155550000',
			staffNumbers: ['5491155550001', '5491155550002'],
			prices: [{ name: 'Mensual', price: { amount: 45000, currency: 'ARS' }, period: 'month' }],
			trialPolicy: { es: 'La primera clase es gratis', en: 'Your first class is free' },
			templates: {
				reminder: { es: 'recordatorio_clase' },
				weeklyReport: { es: 'reporte_semanal' },
			},
			quietHours: { start: '22:00', end: '08:30' },
		});
		expect(page).toEqual({
			title: 'Academy added',
			message: [
				'Name: Gracie Barra Palermo',
				`Academy ID: ${academy.id}`,
				'WhatsApp phone number ID: 109876543210001',
				'Time zone: America/Argentina/Buenos_Aires',
				'Languages: es, en (first contact in es)',
				'Address: Av. Santa Fe 3456, CABA',
				'Map link: https://maps.app.goo.gl/palermo',
				'Booking page: https://cal.com/gb-palermo/clase-de-prueba',
				'Owner number: …0000',
				'Staff numbers: …0001, …0002',
				'Classes a week: 2',
				'Price plans: Mensual',
				'Trial policy in: en, es',
				'What to bring in: es',
				'Templates: reminder, weeklyReport',
				'Quiet hours: 22:00 to 08:30',
			].join('\n'),
		});
		// The owner's and the staff's numbers all have 5555 in the middle.
		expect(page.message).not.toContain('5555');
	});

	it('changes only the fields typed in: empty fields keep what is saved', async () => {
		const before = await stored(PALERMO.phoneNumberId);
		const page = await submit({
			phoneNumberId: PALERMO.phoneNumberId,
			prices:
				'[{"name": "Mensual", "price": {"amount": 52000, "currency": "ARS"}, "period": "month"}]',
			quietHoursEnd: '09:00',
		});
		expect(page.title).toBe('Academy saved');
		const after = await stored(PALERMO.phoneNumberId);
		expect(after).toEqual({
			...before,
			prices: [{ name: 'Mensual', price: { amount: 52000, currency: 'ARS' }, period: 'month' }],
			quietHours: { start: '22:00', end: '09:00' },
		});
	});

	it('moves an academy to a new phone number ID when its Academy ID is given', async () => {
		const { id } = await stored(PALERMO.phoneNumberId);
		expect((await submit({ phoneNumberId: '109876543210009', academyId: id })).title).toBe(
			'Academy saved',
		);
		expect(await stored('109876543210009')).toMatchObject({ id, name: 'Gracie Barra Palermo' });
	});

	it.each([
		[
			{ timeZone: 'Buenos Aires' },
			'Academy profile: time zone "Buenos Aires" is unknown; use a name like America/Argentina/Buenos_Aires',
		],
		[
			{ prices: '[{"name": "Mensual", "price": 45000}' },
			'Academy profile: prices is not valid JSON',
		],
		[
			{ bookingUrl: 'cal.com/gb' },
			'Academy profile: booking page must be a link starting with https://',
		],
		[
			{ ownerNumber: 'call me' },
			'Academy profile: owner number must be a phone number with country code, digits only',
		],
	])('saves nothing and says why when a field is wrong: %o', async (change, reason) => {
		const before = await stored('109876543210009');
		expect(await submit({ phoneNumberId: '109876543210009', ...change })).toEqual({
			title: 'Nothing was saved',
			message: `Nothing was saved, the academy stays as it was: ${reason}`,
		});
		expect(await stored('109876543210009')).toEqual(before);
	});

	it('refuses a new academy without its name and time zone', async () => {
		const page = await submit({ phoneNumberId: '109876543210077' });
		expect(page).toEqual({
			title: 'Nothing was saved',
			message: 'Nothing was saved, the academy stays as it was: Academy profile: name is required',
		});
	});
});
