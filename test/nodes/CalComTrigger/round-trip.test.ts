import { CalApiFake } from '../../fakes/cal-api';
import { fixture } from '../../helpers/fixtures';
import { isolatedStorage } from '../../helpers/storage';
import { runWorkflow } from '../../helpers/workflow-runner';
import { CAL_NODE, calWorkflow } from '../CalCom/cal-workflow';
import { calTrigger, emitted, WEBHOOK_SECRET, type CalDelivery } from './trigger-harness';

const fake = new CalApiFake();
const storage = isolatedStorage('cal_round_trip');
beforeAll(async () => void (await fake.start()));
afterAll(async () => {
	await fake.stop();
	await storage.cleanup();
});

/**
 * What Cal.com's booking page does with the link's query (packages/platform/atoms/booker,
 * BookerWebWrapper): every key starting with "metadata" becomes booking metadata, the rest
 * prefill booking questions by their identifier.
 */
function bookLikeCalCom(link: string) {
	const query = new URL(link).searchParams;
	const metadata = Object.fromEntries(
		[...query.keys()]
			.filter((key) => key.startsWith('metadata'))
			.map((key) => [key.substring('metadata['.length, key.length - 1), query.get(key)]),
	);
	return {
		metadata,
		name: query.get('name'),
		phone: query.get('attendeePhoneNumber'),
		notes: query.get('notes'),
	};
}

describe('A booking link comes back as the booking of its lead', () => {
	const lead = {
		id: 'lead-9f2c',
		academyId: 'acad-bjj-centro',
		waId: '5511987654321',
		name: 'João Silva',
		notes: 'Faixa branca',
	};
	const academy = {
		id: 'acad-bjj-centro',
		bookingUrl: 'https://cal.com/gracie-barra-centro/trial-class',
		timeZone: 'America/Sao_Paulo',
	};

	it('link from the Cal.com node, booked on the page, delivered by Cal.com, read by the trigger', async () => {
		const run = await runWorkflow(calWorkflow({ resource: 'booking', operation: 'getLink' }), {
			credentials: { calComApi: { apiKey: 'cal_test_x' } },
			items: [{ json: { lead, academy } }],
		});
		const link = (run.output(CAL_NODE)[0].json.booking as { url: string }).url;
		const booked = bookLikeCalCom(link);
		expect(booked.metadata).toEqual({ leadId: 'lead-9f2c', academyId: 'acad-bjj-centro' });

		// The published BOOKING_CREATED payload, with what the page stored from the link.
		const delivery = fixture<CalDelivery>('cal', 'cal-booking-created');
		delivery.createdAt = '2031-06-01T12:00:00.000Z';
		delivery.payload.metadata = { ...delivery.payload.metadata, ...booked.metadata };
		delivery.payload.responses.name.value = booked.name;
		delivery.payload.responses.attendeePhoneNumber.value = booked.phone;
		delivery.payload.responses.notes.value = booked.notes;
		delivery.payload.organizer.timeZone = academy.timeZone;

		const trigger = calTrigger({ fake, storage });
		const [booking] = emitted(await trigger.call(fake.delivery(delivery, WEBHOOK_SECRET)));
		expect(booking).toMatchObject({
			event: 'BOOKING_CREATED',
			leadId: lead.id,
			academyId: academy.id,
			attendee: { name: 'João Silva', phone: '+5511987654321', waId: lead.waId },
			timeZone: 'America/Sao_Paulo',
			startLocal: '2024-01-01T07:00:00.000-03:00',
		});
		expect(booking.metadata).toMatchObject({
			leadId: lead.id,
			academyId: academy.id,
			videoCallUrl: expect.any(String),
		});
	});

	it("prefills the fields Cal.com's own booking request carries from a public page", async () => {
		const request = fixture<{ attendee: object; bookingFieldsResponses: object }>(
			'cal',
			'cal-v2-booking-request-from-public-page',
		);
		const run = await runWorkflow(
			calWorkflow({
				resource: 'booking',
				operation: 'getLink',
				options: { email: 'joao@example.com' },
			}),
			{
				credentials: { calComApi: { apiKey: 'cal_test_x' } },
				items: [{ json: { lead, academy } }],
			},
		);
		const query = new URL((run.output(CAL_NODE)[0].json.booking as { url: string }).url)
			.searchParams;
		// attendee.name / attendee.email and bookingFieldsResponses.<field> are the page's field identifiers.
		for (const field of [
			...Object.keys(request.attendee).filter((k) => k !== 'timeZone'),
			...Object.keys(request.bookingFieldsResponses),
		]) {
			expect(query.has(field)).toBe(true);
		}
		expect(query.get('email')).toBe('joao@example.com');
	});
});
