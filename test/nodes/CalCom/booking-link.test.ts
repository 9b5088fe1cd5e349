import { runWorkflow } from '../../helpers/workflow-runner';
import { CAL_NODE, calWorkflow } from './cal-workflow';

const academy = {
	id: 'acad-7',
	timeZone: 'Europe/Madrid',
	bookingUrl: 'https://cal.com/gracie-barra-centro/trial-class',
};
const lead = {
	id: 'lead-42',
	academyId: 'acad-7',
	waId: '34600111222',
	name: 'Ana López',
	notes: 'Interesada en BJJ, nunca entrenó',
	language: 'es',
};
const credentials = {
	calComApi: {
		apiKey: 'cal_test_x',
		bookingPageUrl: 'https://cal.com/gracie-barra-centro/clase-prueba',
	},
};

function linkOf(json: Record<string, unknown>): URL {
	return new URL((json.booking as { url: string }).url);
}

describe('Cal.com Booking: Get Booking Link', () => {
	it("fills in the lead's name, phone and notes and carries lead and academy ids as metadata, from the item alone", async () => {
		const run = await runWorkflow(calWorkflow({ resource: 'booking', operation: 'getLink' }), {
			credentials,
			items: [{ json: { academy, lead, message: { text: 'quiero probar' } } }],
		});
		const [item] = run.output(CAL_NODE);
		const url = linkOf(item.json);
		expect(url.origin + url.pathname).toBe(academy.bookingUrl);
		expect(url.searchParams.get('name')).toBe('Ana López');
		expect(url.searchParams.get('attendeePhoneNumber')).toBe('+34600111222');
		expect(url.searchParams.get('notes')).toBe(lead.notes);
		expect(url.searchParams.get('metadata[leadId]')).toBe('lead-42');
		expect(url.searchParams.get('metadata[academyId]')).toBe('acad-7');
		// Brackets are percent-encoded, so the link survives WhatsApp and any URL shortener.
		expect(url.search).toContain('metadata%5BleadId%5D=lead-42');
		expect(item.json.booking).toMatchObject({ leadId: 'lead-42', academyId: 'acad-7', slot: null });
		// The item keeps what earlier nodes put on it.
		expect(item.json.lead).toEqual(lead);
		expect(item.json.message).toEqual({ text: 'quiero probar' });
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('uses the booking page of the credential when the academy has none, and adds UTM tags', async () => {
		const run = await runWorkflow(
			calWorkflow({
				resource: 'booking',
				operation: 'getLink',
				options: { utm_source: 'whatsapp', utm_medium: 'chat', utm_campaign: 'bjj-autumn' },
			}),
			{ credentials, items: [{ json: { lead, academy: { id: 'acad-7' } } }] },
		);
		const url = linkOf(run.output(CAL_NODE)[0].json);
		expect(url.pathname).toBe('/gracie-barra-centro/clase-prueba');
		expect(url.searchParams.get('utm_source')).toBe('whatsapp');
		expect(url.searchParams.get('utm_medium')).toBe('chat');
		expect(url.searchParams.get('utm_campaign')).toBe('bjj-autumn');
		expect(url.searchParams.has('utm_term')).toBe(false);
	});

	it('opens the booking page on the slot a lead picked from the free-slots list', async () => {
		const run = await runWorkflow(
			calWorkflow({
				resource: 'booking',
				operation: 'getLink',
				options: { slot: '={{ $json.message.replyId }}' },
			}),
			{
				credentials,
				items: [
					{ json: { academy, lead, message: { replyId: 'slot:2027-03-29T20:30:00.000+02:00' } } },
				],
			},
		);
		const url = linkOf(run.output(CAL_NODE)[0].json);
		expect(url.searchParams.get('date')).toBe('2027-03-29');
		expect(url.searchParams.get('slot')).toBe('2027-03-29T18:30:00.000Z');
	});

	it('ignores a reply id that is not a slot (a button such as "Precios")', async () => {
		const run = await runWorkflow(
			calWorkflow({
				resource: 'booking',
				operation: 'getLink',
				options: { slot: '={{ $json.message.replyId }}' },
			}),
			{
				credentials,
				items: [{ json: { academy, lead, message: { replyId: 'precios' } } }],
			},
		);
		const url = linkOf(run.output(CAL_NODE)[0].json);
		expect(url.searchParams.has('slot')).toBe(false);
	});

	it('says what to set when no booking page is known, and with continue-on-fail keeps going item by item', async () => {
		const items = [
			{ json: { lead, academy: { id: 'acad-7' } } },
			{ json: { lead: { ...lead, id: 'lead-43' }, academy } },
		];
		const failing = await runWorkflow(calWorkflow({ resource: 'booking', operation: 'getLink' }), {
			credentials: { calComApi: { apiKey: 'cal_test_x' } },
			items,
		});
		const error = failing.run.data.resultData.runData[CAL_NODE][0].error;
		expect(error?.message).toBe('No booking page URL');
		expect(error?.description).toMatch(/Booking Page URL.*Cal\.com credential/);
		expect(JSON.stringify(error)).not.toContain('34600111222');

		const continued = await runWorkflow(
			calWorkflow({ resource: 'booking', operation: 'getLink' }, true),
			{
				credentials: { calComApi: { apiKey: 'cal_test_x' } },
				items,
			},
		);
		const out = continued.output(CAL_NODE);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out[0].json.error).toBe('No booking page URL');
		expect(out[0].json.lead).toEqual(lead);
		expect(linkOf(out[1].json).searchParams.get('metadata[leadId]')).toBe('lead-43');
	});

	it('refuses a booking page that is not a web address', async () => {
		const run = await runWorkflow(
			calWorkflow({ resource: 'booking', operation: 'getLink', bookingPageUrl: 'mailto:x@y.z' }),
			{
				credentials,
				items: [{ json: { lead } }],
			},
		);
		expect(run.run.data.resultData.runData[CAL_NODE][0].error?.message).toMatch(
			/must start with https:\/\//,
		);
	});
});

describe('Cal.com Booking: Get Cancel and Reschedule Links', () => {
	it("builds Cal.com's own manage links from the booking the trigger emitted", async () => {
		const run = await runWorkflow(
			calWorkflow({ resource: 'booking', operation: 'getManageLinks' }),
			{
				credentials,
				items: [
					{
						json: {
							booking: { uid: 'bk 1/2', bookerUrl: 'https://book.academy.example/some/page' },
							lead,
						},
					},
				],
			},
		);
		const [item] = run.output(CAL_NODE);
		expect(item.json.booking).toEqual({
			uid: 'bk 1/2',
			bookerUrl: 'https://book.academy.example/some/page',
			cancelUrl: 'https://book.academy.example/booking/bk%201%2F2?cancel=true',
			rescheduleUrl: 'https://book.academy.example/reschedule/bk%201%2F2',
		});
	});

	it('falls back to the booking page of the academy, then of the credential', async () => {
		const run = await runWorkflow(
			calWorkflow({ resource: 'booking', operation: 'getManageLinks', bookingUid: 'abc' }),
			{
				credentials,
				items: [{ json: { academy } }, { json: {} }],
			},
		);
		const [fromAcademy, fromCredential] = run.output(CAL_NODE);
		expect((fromAcademy.json.booking as { cancelUrl: string }).cancelUrl).toBe(
			'https://cal.com/booking/abc?cancel=true',
		);
		expect((fromCredential.json.booking as { rescheduleUrl: string }).rescheduleUrl).toBe(
			'https://cal.com/reschedule/abc',
		);
	});

	it('asks for the booking uid when there is none', async () => {
		const run = await runWorkflow(
			calWorkflow({ resource: 'booking', operation: 'getManageLinks' }),
			{
				credentials,
				items: [{ json: { academy } }],
			},
		);
		expect(run.run.data.resultData.runData[CAL_NODE][0].error?.message).toBe('No booking UID');
	});
});
