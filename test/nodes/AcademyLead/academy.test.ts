import type { IDataObject } from 'n8n-workflow';

import { getPool } from '../../../nodes/shared/storage/postgres';
import type { AcademyProfile } from '../../../nodes/shared/types';
import { isolatedStorage } from '../../helpers/storage';
import { ACADEMY_PHONE_NUMBER_ID, createAcademy, inbound, runLead, runLeadJson, upsertParameters } from './lead-node';

const storage = isolatedStorage('lead_academy');
afterAll(() => storage.cleanup());

describe('Academy Lead › Academy', () => {
	it('creates an academy with defaults for what staff left out', async () => {
		const academy = await createAcademy(storage);
		expect(academy).toMatchObject({
			name: 'Gracie Barra Palermo',
			phoneNumberId: ACADEMY_PHONE_NUMBER_ID,
			timeZone: 'America/Argentina/Buenos_Aires',
			languages: ['es', 'en'],
			defaultLanguage: 'es',
			ownerNumber: '5491155550000',
			staffNumbers: ['5491155550001', '5491155550002'],
			prices: [{ name: 'Mensual', price: { amount: 45000, currency: 'ARS' }, period: 'month' }],
			quietHours: { start: '21:00', end: '09:00' },
			schedule: [],
		});
		expect(academy.id).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('updates only the fields given, keyed by the phone number id', async () => {
		const before = await createAcademy(storage);
		const json = await runLeadJson(storage, {
			resource: 'academy',
			operation: 'upsert',
			phoneNumberId: ACADEMY_PHONE_NUMBER_ID,
			profileFields: {
				quietHoursStart: '22:30',
				schedule: '[{"program": "BJJ", "level": "beginner", "weekday": 1, "start": "19:00", "end": "20:30"}]',
				trialPolicy: '{"es": "La primera clase es gratis", "en": "The first class is free"}',
				templates: '{"reminder": {"es": "recordatorio_clase"}}',
				bookingUrl: 'https://cal.com/gb-palermo/prueba',
			},
		});
		expect(json.academyCreated).toBe(false);
		expect(json.academy).toMatchObject({
			id: before.id,
			name: 'Gracie Barra Palermo',
			ownerNumber: '5491155550000',
			quietHours: { start: '22:30', end: '09:00' },
			schedule: [{ program: 'BJJ', level: 'beginner', weekday: 1, start: '19:00', end: '20:30' }],
			trialPolicy: { es: 'La primera clase es gratis', en: 'The first class is free' },
			templates: { reminder: { es: 'recordatorio_clase' } },
			bookingUrl: 'https://cal.com/gb-palermo/prueba',
		});
	});

	it("answers a lead's next message from the facts staff just saved, and no run can change another run's academy", async () => {
		await createAcademy(storage);
		const write = async () =>
			(await runLeadJson(storage, upsertParameters, { message: inbound() as unknown as IDataObject })).academy as AcademyProfile;
		const first = await write();
		const schedule = structuredClone(first.schedule);
		first.schedule.push({ program: 'changed by a run', level: 'all', weekday: 1, start: '07:00', end: '08:00' });
		expect((await write()).schedule).toEqual(schedule);

		await runLeadJson(storage, {
			resource: 'academy',
			operation: 'upsert',
			phoneNumberId: ACADEMY_PHONE_NUMBER_ID,
			name: 'Gracie Barra Palermo Centro',
		});
		expect(await write()).toMatchObject({ name: 'Gracie Barra Palermo Centro', schedule });
	});

	it('keeps plan names per language, so answers name plans in the lead\'s language', async () => {
		await createAcademy(storage);
		const json = await runLeadJson(storage, {
			resource: 'academy',
			operation: 'upsert',
			phoneNumberId: ACADEMY_PHONE_NUMBER_ID,
			profileFields: {
				prices: JSON.stringify([
					{ name: 'Monthly', names: { es: 'Mensual', pt: 'Mensal' }, price: { amount: 45000, currency: 'ARS' }, period: 'month' },
				]),
			},
		});
		expect(json.academy.prices[0].names).toEqual({ es: 'Mensual', pt: 'Mensal' });
	});

	it('finds the academy by the number a message arrived on, and by id', async () => {
		const academy = await createAcademy(storage);
		const byNumber = await runLeadJson(
			storage,
			{ resource: 'academy', operation: 'get' },
			{ message: { phoneNumberId: ACADEMY_PHONE_NUMBER_ID } },
		);
		expect(byNumber.academy).toEqual(academy);
		const byId = await runLeadJson(storage, { resource: 'academy', operation: 'get', findBy: 'id', academyId: academy.id });
		expect(byId.academy).toEqual(academy);
	});

	it('says which number has no academy, and keeps the item with continue-on-fail', async () => {
		await expect(
			runLead(storage, { resource: 'academy', operation: 'get', phoneNumberId: '999000999' }),
		).rejects.toThrow(/No academy uses WhatsApp phone number ID "999000999"/);
		const [item] = await runLead(
			storage,
			{ resource: 'academy', operation: 'get', phoneNumberId: '999000999' },
			[{ keep: 1 }],
			{ continueOnFail: true },
		);
		expect(item.json).toMatchObject({ keep: 1, error: expect.stringContaining('999000999') });
	});

	it.each([
		[{ timeZone: 'Mars/Olympus' }, /time zone "Mars\/Olympus" is unknown/],
		[{ profileFields: { schedule: '[{"program": "BJJ", "weekday": 8, "start": "19:00", "end": "20:00"}]' } }, /weekday 8/],
		[{ profileFields: { prices: '[{"name": "x", "price": {"amount": 1, "currency": "pesos"}}]' } }, /three-letter code/],
		[{ profileFields: { prices: '[{"name": ' } }, /prices is not valid JSON/],
		[{ profileFields: { ownerNumber: 'call me' } }, /owner number must be a phone number/],
		[{ profileFields: { languages: ['es'], defaultLanguage: 'pt' } }, /default language "pt"/],
	])('refuses an invalid profile and saves nothing (%p)', async (change, message) => {
		const pool = await getPool(storage.postgres);
		const before = await pool.query('SELECT profile, updated_at FROM academies ORDER BY id');
		await expect(
			runLead(storage, {
				resource: 'academy',
				operation: 'upsert',
				phoneNumberId: ACADEMY_PHONE_NUMBER_ID,
				name: 'Gracie Barra Palermo',
				timeZone: 'America/Argentina/Buenos_Aires',
				...change,
			}),
		).rejects.toThrow(message);
		expect((await pool.query('SELECT profile, updated_at FROM academies ORDER BY id')).rows).toEqual(before.rows);
	});

	it('asks for a name and a time zone when the academy is new', async () => {
		await expect(
			runLead(storage, { resource: 'academy', operation: 'upsert', phoneNumberId: '123456789', timeZone: 'Europe/Lisbon' }),
		).rejects.toThrow(/name is required/);
	});

	it('refuses to give one number to two academies', async () => {
		await createAcademy(storage);
		const other = await createAcademy(storage, '2220002220');
		await expect(
			runLead(storage, {
				resource: 'academy',
				operation: 'upsert',
				phoneNumberId: ACADEMY_PHONE_NUMBER_ID,
				profileFields: { academyId: other.id },
			}),
		).rejects.toThrow(/Another academy already uses WhatsApp phone number ID/);
		await expect(
			runLead(storage, {
				resource: 'academy',
				operation: 'upsert',
				phoneNumberId: ACADEMY_PHONE_NUMBER_ID,
				profileFields: { academyId: 'academy-7' },
			}),
		).rejects.toThrow(/Academy ID "academy-7" is not an id/);
	});

	it('keeps staff numbers out of the readable profile', async () => {
		await createAcademy(storage);
		const pool = await getPool(storage.postgres);
		const { rows } = await pool.query('SELECT * FROM academies');
		expect(JSON.stringify(rows)).not.toContain('5491155550000');
		expect(JSON.stringify(rows)).not.toContain('5491155550001');
	});
});
