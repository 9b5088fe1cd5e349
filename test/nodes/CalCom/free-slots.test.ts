import { DateTime } from 'luxon';
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { CAL_API_KEY, CAL_API_VERSIONS, CalApiFake } from '../../fakes/cal-api';
import { fixture } from '../../helpers/fixtures';
import { runWorkflow } from '../../helpers/workflow-runner';
import { CAL_NODE, calWorkflow } from './cal-workflow';

interface Slot {
	id: string;
	start: string;
	local: string;
	date: string;
	time: string;
	title: string;
	description: string;
}
interface Row {
	id: string;
	title: string;
	description: string;
}
interface FreeSlots {
	full: boolean;
	from: string;
	to: string;
	timeZone: string;
	slots: Slot[];
	list: { sections: Array<{ title: string; rows: Row[] }> } | null;
	rows: number;
	alternatives: Array<{ date: string; label: string; count: number; first: string }>;
	nextFree: string | null;
}

const fake = new CalApiFake();
beforeAll(async () => void (await fake.start()));
afterAll(async () => fake.stop());
beforeEach(() => {
	fake.requests.length = 0;
	fake.server.clearFaults();
	fake.availability = {
		timeZone: 'Europe/Madrid',
		times: ['10:00', '19:00', '20:30'],
		weekdays: [1, 2, 3, 4, 5, 6, 7],
		fullDates: [],
	};
});

// A trailing slash, as staff often paste it: the node must not ask for //v2/slots.
const credentials = () => ({
	calComApi: { apiKey: CAL_API_KEY, baseUrl: `${fake.url}/`, eventTypeId: 1001 },
});

async function freeSlots(
	parameters: INodeParameters,
	json: IDataObject,
	calComApi: ICredentialDataDecryptedObject = credentials().calComApi,
) {
	const run = await runWorkflow(
		calWorkflow({ resource: 'slot', operation: 'getFree', ...parameters }),
		{
			credentials: { calComApi },
			items: [{ json }],
		},
	);
	const [item] = run.output(CAL_NODE);
	return { item, booking: item.json.booking as unknown as FreeSlots };
}

function nodeError(
	parameters: INodeParameters,
	json: IDataObject,
	calComApi: ICredentialDataDecryptedObject,
) {
	return runWorkflow(calWorkflow({ resource: 'slot', operation: 'getFree', ...parameters }), {
		credentials: { calComApi },
		items: [{ json }],
	}).then((run) => run.run.data.resultData.runData[CAL_NODE][0].error);
}

describe('Cal.com Booking: Get Free Slots', () => {
	it.each([
		// Europe/Madrid moves to summer time on Sunday 28 March 2027, America/New_York on Sunday 14 March 2027.
		['Europe/Madrid', '2027-03-26T08:00', '2027-03-28', 1, 2],
		['America/New_York', '2027-03-12T08:00', '2027-03-14', -5, -4],
	])(
		'counts days and shows times in %s across its daylight-saving change',
		async (timeZone, from, switchDay, offsetBefore, offsetAfter) => {
			fake.availability.timeZone = timeZone;
			const { booking } = await freeSlots(
				{ days: 4, options: { from } },
				{
					academy: { timeZone, bookingUrl: 'https://cal.com/gracie-barra-centro/trial-class' },
					lead: { language: 'en' },
				},
			);

			const [request] = fake.requests;
			expect(request.path).toBe('/v2/slots');
			expect(request.headers['cal-api-version']).toBe(CAL_API_VERSIONS.slots);
			expect(request.headers.authorization).toBe(`Bearer ${CAL_API_KEY}`);
			expect(request.query.get('eventTypeId')).toBe('1001');
			expect(request.query.get('timeZone')).toBe(timeZone);
			// From 08:00 local on the first day to local midnight after the fourth: the end already has the summer offset.
			const start = DateTime.fromISO(from, { zone: timeZone });
			expect(request.query.get('start')).toBe(start.toUTC().toISO());
			expect(request.query.get('end')).toBe(start.startOf('day').plus({ days: 4 }).toUTC().toISO());
			expect(DateTime.fromISO(request.query.get('end')!, { zone: timeZone }).offset / 60).toBe(
				offsetAfter,
			);

			expect(booking.full).toBe(false);
			expect(booking.from).toBe(from.slice(0, 10));
			expect(booking.to).toBe(start.plus({ days: 3 }).toISODate());
			expect(booking.slots).toHaveLength(12);
			// The class is at 10:00 local every day, which is a different UTC hour after the change.
			const tens = booking.slots.filter((s) => s.time === '10:00');
			expect(tens.map((s) => s.date)).toEqual(
				[0, 1, 2, 3].map((d) => start.plus({ days: d }).toISODate()),
			);
			const utcHour = (s: Slot) => DateTime.fromISO(s.start, { zone: 'UTC' }).hour;
			expect(utcHour(tens[0])).toBe(10 - offsetBefore);
			expect(utcHour(tens.find((s) => s.date === switchDay)!)).toBe(10 - offsetAfter);
			expect(tens.every((s) => s.local.startsWith(`${s.date}T10:00`))).toBe(true);
		},
	);

	it('answers with a WhatsApp list of at most 10 rows spread over the days, labelled in the lead language', async () => {
		const { booking } = await freeSlots(
			{ days: 7, options: { from: '2027-05-03T07:00' } },
			{ academy: { timeZone: 'Europe/Madrid' }, lead: { language: 'es' } },
		);
		expect(booking.slots).toHaveLength(21);
		const rows = booking.list!.sections.flatMap((s) => s.rows);
		expect(rows).toHaveLength(10);
		expect(booking.rows).toBe(10);
		// Seven days, so every day gets a row before any day gets a second one.
		expect(booking.list!.sections).toHaveLength(7);
		expect(booking.list!.sections[0].title).toBe('lunes, 3 de mayo');
		for (const row of rows) {
			expect(row.id.length).toBeLessThanOrEqual(200);
			expect(row.title.length).toBeLessThanOrEqual(24);
			expect(row.description.length).toBeLessThanOrEqual(72);
			expect(row.id).toMatch(/^slot:2027-05-\d\dT\d\d:\d\d:00\.000\+02:00$/);
		}
		expect(rows[0]).toEqual({
			id: 'slot:2027-05-03T10:00:00.000+02:00',
			title: 'lun 3 may, 10:00',
			description: 'lunes, 3 de mayo · 10:00',
		});
		for (const section of booking.list!.sections)
			expect(section.title.length).toBeLessThanOrEqual(24);
	});

	it('keeps the request and the list within the limits set in the options', async () => {
		const { booking } = await freeSlots(
			{ days: 2, options: { from: '2027-05-03T07:00', maxRows: 3, duration: 90 } },
			{ academy: { timeZone: 'Europe/Madrid' } },
		);
		expect(fake.requests[0].query.get('duration')).toBe('90');
		expect(booking.list!.sections.flatMap((s) => s.rows)).toHaveLength(3);
		expect(booking.slots).toHaveLength(6);
	});

	it('when the calendar is full, flags it and offers the nearest days that have room (seed section 6.2)', async () => {
		fake.availability.fullDates = [
			'2027-05-03',
			'2027-05-04',
			'2027-05-05',
			'2027-05-06',
			'2027-05-07',
			'2027-05-09',
		];
		fake.availability.weekdays = [1, 2, 3, 4, 5, 7];
		const { booking } = await freeSlots(
			{ days: 5, options: { from: '2027-05-03T07:00', alternativeDays: 2 } },
			{ academy: { timeZone: 'Europe/Madrid' }, lead: { language: 'pt' } },
		);
		expect(booking.full).toBe(true);
		// Saturday is closed and Sunday full: the nearest days with room are Monday and Tuesday.
		expect(booking.alternatives.map((d) => d.date)).toEqual(['2027-05-10', '2027-05-11']);
		expect(booking.alternatives[0]).toMatchObject({
			label: 'segunda-feira, 10 de maio',
			count: 3,
			first: '2027-05-10T08:00:00.000Z',
		});
		expect(booking.slots.map((s) => s.date)).toEqual([
			'2027-05-10',
			'2027-05-10',
			'2027-05-10',
			'2027-05-11',
			'2027-05-11',
			'2027-05-11',
		]);
		expect(booking.nextFree).toBe('2027-05-10T08:00:00.000Z');
		expect(booking.list!.sections.map((s) => s.rows.length)).toEqual([3, 3]);
		// The second search starts where the first ended, in local time.
		const [first, second] = fake.requests;
		expect(second.query.get('start')).toBe(first.query.get('end'));
		expect(second.query.get('end')).toBe(
			DateTime.fromISO('2027-06-07T00:00', { zone: 'Europe/Madrid' }).toUTC().toISO(),
		);
	});

	it('says so plainly when nothing is free even further ahead', async () => {
		fake.availability.weekdays = [];
		const { booking } = await freeSlots(
			{ days: 3, options: { from: '2027-05-03T07:00' } },
			{ academy: { timeZone: 'Europe/Madrid' } },
		);
		expect(booking).toMatchObject({
			full: true,
			slots: [],
			list: null,
			rows: 0,
			alternatives: [],
			nextFree: null,
		});
		expect(fake.requests).toHaveLength(2);
	});

	it('finds the event type from the booking page when none is chosen, without needing its id', async () => {
		const { booking } = await freeSlots(
			{ days: 1, options: { from: '2027-05-03T07:00' } },
			{
				academy: {
					timeZone: 'Europe/Madrid',
					bookingUrl: 'https://cal.com/gracie-barra-centro/trial-class',
				},
			},
			{ apiKey: CAL_API_KEY, baseUrl: fake.url, eventTypeId: 0 },
		);
		const query = fake.requests[0].query;
		expect(query.get('eventTypeSlug')).toBe('trial-class');
		expect(query.get('username')).toBe('gracie-barra-centro');
		expect(query.has('eventTypeId')).toBe(false);
		expect(booking.slots).toHaveLength(3);
	});

	it('reads free slots shaped exactly like the documented response', async () => {
		const shape = fixture<{ data: Record<string, unknown[]> }>(
			'cal',
			'cal-v2-slots-response.shape.json',
		);
		const dateKey = Object.keys(shape.data)[0];
		const [entry] = shape.data[dateKey] as Array<Record<string, string>>;
		fake.server.inject(/^\/v2\/slots$/, {
			body: {
				status: 'success',
				data: { '2027-05-03': [{ ...entry, start: '2027-05-03T10:00:00.000+02:00' }] },
			},
		});
		const { booking } = await freeSlots(
			{ days: 1, options: { from: '2027-05-03T07:00' } },
			{ academy: { timeZone: 'Europe/Madrid' } },
		);
		expect(Object.keys(entry)).toEqual(['start']);
		expect(booking.slots.map((s) => s.start)).toEqual(['2027-05-03T08:00:00.000Z']);
	});

	it('points at the credential field when the slots API version is outdated', async () => {
		const error = await nodeError(
			{ options: { from: '2027-05-03T07:00' } },
			{ academy: { timeZone: 'Europe/Madrid' } },
			{
				...credentials().calComApi,
				slotsApiVersion: '2024-08-13',
			},
		);
		expect(fake.requests[0].headers['cal-api-version']).toBe('2024-08-13');
		expect(error?.message).toBe(
			'Cal.com did not answer as expected for the version 2024-08-13 of its slots API',
		);
		expect(error?.description).toContain('"Slots API Version" in the Cal.com credential');
	});

	it('also reads a version complaint that Cal.com answers with an error', async () => {
		fake.server.inject(/^\/v2\/slots$/, {
			status: 400,
			body: {
				status: 'error',
				error: { code: 'BadRequestException', message: 'Invalid cal-api-version header' },
			},
		});
		const error = await nodeError(
			{ options: { from: '2027-05-03T07:00' } },
			{ academy: { timeZone: 'Europe/Madrid' } },
			credentials().calComApi,
		);
		expect(error?.description).toContain('"Slots API Version"');
		expect(error?.description).toContain('Invalid cal-api-version header');
	});

	it('tells staff to check the API key when Cal.com refuses it', async () => {
		const error = await nodeError(
			{ options: { from: '2027-05-03T07:00' } },
			{ academy: { timeZone: 'Europe/Madrid' } },
			{
				...credentials().calComApi,
				apiKey: 'cal_live_revoked',
			},
		);
		expect(error?.message).toBe('Cal.com did not accept the API key');
		expect(error?.description).toMatch(/Check the API key in the Cal\.com credential/);
		expect(error).toMatchObject({ httpCode: '401' });
	});

	it('names the event type when Cal.com does not know it', async () => {
		const error = await nodeError(
			{ eventTypeId: 999, options: { from: '2027-05-03T07:00' } },
			{ academy: { timeZone: 'Europe/Madrid' } },
			credentials().calComApi,
		);
		expect(error?.message).toBe('Cal.com found nothing at this address');
		expect(error?.description).toMatch(/Check the event type/);
	});

	it('explains a server that does not answer', async () => {
		const error = await nodeError(
			{ options: { from: '2027-05-03T07:00' } },
			{ academy: { timeZone: 'Europe/Madrid' } },
			{
				...credentials().calComApi,
				baseUrl: 'http://127.0.0.1:9',
			},
		);
		expect(error?.message).toBe('Cal.com could not be reached at http://127.0.0.1:9');
	});

	it('asks for a real time zone before calling Cal.com', async () => {
		const error = await nodeError(
			{},
			{ academy: { timeZone: 'GMT-3 Buenos Aires' } },
			credentials().calComApi,
		);
		expect(error?.message).toMatch(/"GMT-3 Buenos Aires" is not a time zone name/);
		expect(fake.requests).toHaveLength(0);
	});

	it('with continue-on-fail, one failing item does not stop the others', async () => {
		const run = await runWorkflow(
			calWorkflow(
				{ resource: 'slot', operation: 'getFree', days: 1, options: { from: '2027-05-03T07:00' } },
				true,
			),
			{
				credentials: credentials(),
				items: [
					{ json: { academy: { timeZone: 'Mars/Olympus' } } },
					{ json: { academy: { timeZone: 'Europe/Madrid' } } },
				],
			},
		);
		const [failed, ok] = run.output(CAL_NODE);
		expect(failed.json.error).toMatch(/not a time zone/);
		expect(failed.pairedItem).toEqual({ item: 0 });
		expect((ok.json.booking as unknown as FreeSlots).slots).toHaveLength(3);
		expect(ok.pairedItem).toEqual({ item: 1 });
	});
});
