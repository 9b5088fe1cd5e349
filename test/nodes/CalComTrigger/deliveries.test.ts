import { hmacSha256Hex } from '../../../nodes/shared/signature';
import { CalApiFake } from '../../fakes/cal-api';
import { fixture, fixtureText } from '../../helpers/fixtures';
import { isolatedStorage } from '../../helpers/storage';
import {
	calTrigger,
	captureCoreLogs,
	emitted,
	WEBHOOK_SECRET,
	type CalDelivery,
} from './trigger-harness';

const fake = new CalApiFake();
const storage = isolatedStorage('cal_trigger_deliveries');
const logs = captureCoreLogs();
beforeAll(async () => void (await fake.start()));
afterAll(async () => {
	await fake.stop();
	await storage.cleanup();
});

/** Each fixture with a fresh createdAt, so the tests in this file never collide as duplicates. */
let sequence = 0;
function fresh(name: string): CalDelivery {
	const body = fixture<CalDelivery>('cal', name);
	body.createdAt = new Date(Date.UTC(2030, 0, 1, 0, 0, sequence++)).toISOString();
	return body;
}

function send(body: unknown, parameters = {}, secret: string | null = WEBHOOK_SECRET) {
	return calTrigger({ fake, storage, parameters }).call({ ...fake.delivery(body, secret) });
}

describe('Cal.com Trigger: every Cal.com delivery in fixtures/cal', () => {
	it('BOOKING_CREATED: the booker, the times, the status and the manage links', async () => {
		const result = await send(fresh('cal-booking-created'));
		expect(result.status).toBe(200);
		expect(result.startsExecution).toBe(true);
		const [booking] = emitted(result);
		expect(booking).toMatchObject({
			event: 'BOOKING_CREATED',
			uid: 'unique-booking-id',
			bookingId: 100,
			previousUid: null,
			leadId: null,
			academyId: null,
			attendee: {
				name: 'Guest User',
				email: 'guest@example.com',
				phone: null,
				timeZone: 'UTC',
				locale: 'en',
			},
			title: 'Strategy Session between Organizer and Guest',
			eventTypeId: 123,
			eventSlug: 'standard-event-type',
			start: '2024-01-01T10:00:00.000Z',
			end: '2024-01-01T10:15:00.000Z',
			startLocal: '2024-01-01T10:00:00.000Z',
			date: '2024-01-01',
			time: '10:00',
			timeZone: 'UTC',
			status: 'ACCEPTED',
			noShow: null,
			bookerUrl: 'https://app.example.com',
			rescheduleUrl: 'https://app.example.com/reschedule/unique-booking-id',
			cancelUrl: 'https://app.example.com/booking/unique-booking-id?cancel=true',
			test: false,
		});
		expect(booking.metadata).toEqual({
			videoCallUrl: 'https://app.example.com/video/unique-booking-id',
		});
		expect(booking.original.payload).toEqual(
			fixture<CalDelivery>('cal', 'cal-booking-created').payload,
		);
	});

	it('BOOKING_RESCHEDULED: the new booking, the one it replaces and when it used to be', async () => {
		const [booking] = emitted(await send(fresh('cal-booking-rescheduled')));
		expect(booking).toMatchObject({
			event: 'BOOKING_RESCHEDULED',
			uid: 'new-booking-unique-id',
			bookingId: 201,
			previousUid: 'previous-booking-unique-id',
			previousStart: '2024-01-05T14:30:00.000Z',
			start: '2024-01-10T14:30:00.000Z',
			status: 'ACCEPTED',
			rescheduleUrl: 'https://app.example.com/reschedule/new-booking-unique-id',
		});
	});

	it('BOOKING_CANCELLED: reasons, and no links to manage a booking that is gone', async () => {
		const [booking] = emitted(await send(fresh('cal-booking-cancelled')));
		expect(booking).toMatchObject({
			event: 'BOOKING_CANCELLED',
			uid: 'unique-booking-identifier',
			bookingId: 200,
			status: 'CANCELLED',
			cancellationReason: 'I am no longer able to attend this session.',
			rescheduleReason: 'Original slot no longer works.',
			start: '2024-01-04T10:00:00.000Z',
			attendee: { name: 'Guest User', email: 'guest@example.com', phone: null },
			rescheduleUrl: null,
			cancelUrl: null,
		});
	});

	it('BOOKING_REQUESTED: a pending booking that staff still have to confirm', async () => {
		const [booking] = emitted(await send(fresh('cal-booking-requested')));
		expect(booking).toMatchObject({
			event: 'BOOKING_REQUESTED',
			uid: 'unique-booking-id',
			status: 'PENDING',
			start: '2024-01-01T13:00:00.000Z',
			cancelUrl: 'https://app.example.com/booking/unique-booking-id?cancel=true',
		});
	});

	it('MEETING_ENDED arrives flat (no payload wrapper) and still reads the same', async () => {
		const body = fresh('cal-meeting-ended-flat');
		expect(body.payload).toBeUndefined();
		const [booking] = emitted(await send(body));
		expect(booking).toMatchObject({
			event: 'MEETING_ENDED',
			uid: 'unique-booking-identifier',
			bookingId: 100,
			eventTypeId: 50,
			start: '2024-01-01T10:00:00.000Z',
			end: '2024-01-01T10:15:00.000Z',
			timeZone: 'UTC',
			status: 'ACCEPTED',
			attendee: { name: 'Guest User', email: 'guest@example.com', phone: null, locale: 'en' },
			noShow: false,
			// No bookerUrl in a flat payload: the links use Cal.com's site.
			bookerUrl: 'https://cal.com',
			rescheduleUrl: 'https://cal.com/reschedule/unique-booking-identifier',
		});
	});

	it('BOOKING_NO_SHOW_UPDATED: which booking and that the lead did not show up', async () => {
		const [booking] = emitted(await send(fresh('cal-booking-no-show-updated')));
		expect(booking).toMatchObject({
			event: 'BOOKING_NO_SHOW_UPDATED',
			uid: '5vQFqxDFMjdgKGMijqtqRw',
			bookingId: 31,
			noShow: true,
			attendee: { email: 'test@example.com', name: null },
			start: null,
			leadId: null,
			createdAt: '2030-01-01T00:00:05.000Z',
		});
	});

	it("shows local times in the academy's time zone when the node names one", async () => {
		const [booking] = emitted(
			await send(fresh('cal-booking-created'), { options: { timeZone: 'America/Sao_Paulo' } }),
		);
		expect(booking).toMatchObject({
			start: '2024-01-01T10:00:00.000Z',
			startLocal: '2024-01-01T07:00:00.000-03:00',
			endLocal: '2024-01-01T07:15:00.000-03:00',
			date: '2024-01-01',
			time: '07:00',
			timeZone: 'America/Sao_Paulo',
		});
	});

	it("reads the organiser's time zone when the node names none", async () => {
		const body = fresh('cal-booking-created');
		body.payload.organizer.timeZone = 'Europe/Madrid';
		const [booking] = emitted(await send(body));
		expect(booking).toMatchObject({
			timeZone: 'Europe/Madrid',
			startLocal: '2024-01-01T11:00:00.000+01:00',
			time: '11:00',
		});
	});

	it('PING (the "Ping test" button) is answered and starts nothing, unless asked to', async () => {
		const ping = fixture<CalDelivery>('cal', 'cal-ping-test.ASSEMBLED-from-code');
		const quiet = await send(ping);
		expect(quiet.status).toBe(200);
		expect(quiet.startsExecution).toBe(false);
		expect(quiet.response.body).toEqual({ received: true, ignored: 'PING' });

		const loud = await send(ping, { options: { emitPing: true } });
		const [booking] = emitted(loud);
		expect(booking).toMatchObject({
			event: 'PING',
			test: true,
			uid: null,
			start: null,
			title: 'Test trigger event',
		});
		expect(booking.attendee).toMatchObject({
			name: 'John Doe',
			email: 'jdoe@example.com',
			timeZone: 'Europe/London',
		});
		expect(booking.timeZone).toBe('Europe/London');
	});

	it('answers events the node is not set to and starts nothing', async () => {
		const result = await send(fresh('cal-booking-cancelled'), { events: ['BOOKING_CREATED'] });
		expect(result.status).toBe(200);
		expect(result.startsExecution).toBe(false);
		expect(result.response.body).toEqual({ received: true, ignored: 'BOOKING_CANCELLED' });
	});
});

describe('Cal.com Trigger: X-Cal-Signature-256', () => {
	const body = () => fresh('cal-booking-created');

	it('accepts the hex HMAC-SHA256 of the exact bytes Cal.com sent, whatever their layout', async () => {
		// The fixture file as it is, indented and with a final newline: the bytes are signed, not the JSON.
		const raw = fixtureText('cal', 'cal-booking-no-show-updated').replace(
			'2025-12-01T12:34:34.774Z',
			'2030-02-02T00:00:00.000Z',
		);
		const result = await calTrigger({ fake, storage }).call({
			body: raw,
			headers: {
				'content-type': 'application/json',
				'x-cal-signature-256': hmacSha256Hex(WEBHOOK_SECRET, raw).toUpperCase(),
			},
		});
		expect(result.startsExecution).toBe(true);
	});

	it.each([
		[
			'a wrong secret',
			(raw: string) => ({ 'x-cal-signature-256': hmacSha256Hex('someone-else', raw) }),
		],
		['no signature header', () => ({})],
		["Cal.com's no-secret-provided", () => ({ 'x-cal-signature-256': 'no-secret-provided' })],
		[
			'a sha256= prefix Cal.com never sends',
			(raw: string) => ({ 'x-cal-signature-256': `sha256=${hmacSha256Hex(WEBHOOK_SECRET, raw)}` }),
		],
		[
			'a body changed after signing',
			(raw: string) => ({ 'x-cal-signature-256': hmacSha256Hex(WEBHOOK_SECRET, `${raw} `) }),
		],
	])('answers 401 and runs nothing for %s', async (_label, signature) => {
		const raw = JSON.stringify(body());
		const result = await calTrigger({ fake, storage }).call({
			body: raw,
			headers: { 'content-type': 'application/json', ...signature(raw) },
		});
		expect(result.status).toBe(401);
		expect(result.startsExecution).toBe(false);
		expect(result.response.body).toEqual({ error: 'Unauthorized' });
	});

	it('refuses everything while no secret is configured', async () => {
		const delivery = fake.delivery(body(), WEBHOOK_SECRET);
		const result = await calTrigger({ fake, storage, calComApi: { webhookSecret: '' } }).call(
			delivery,
		);
		expect(result.status).toBe(401);
		expect(
			logs.some((l) => l.level === 'warn' && l.message.includes('no webhook secret is configured')),
		).toBe(true);
	});

	it('a refused delivery leaves no trace: the genuine one after it still runs', async () => {
		const genuine = fake.delivery(body(), WEBHOOK_SECRET);
		const forged = {
			...genuine,
			headers: { ...genuine.headers, 'x-cal-signature-256': 'f'.repeat(64) },
		};
		expect((await calTrigger({ fake, storage }).call(forged)).status).toBe(401);
		expect((await calTrigger({ fake, storage }).call(genuine)).startsExecution).toBe(true);
	});

	it('answers 400 to a signed body that is not JSON (a custom payload template)', async () => {
		const raw = 'triggerEvent=BOOKING_CREATED';
		const result = await calTrigger({ fake, storage }).call({
			body: raw,
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'x-cal-signature-256': hmacSha256Hex(WEBHOOK_SECRET, raw),
			},
		});
		expect(result.status).toBe(400);
		expect(result.startsExecution).toBe(false);
	});
});

describe('Cal.com Trigger: the same delivery twice is emitted once', () => {
	it.each([
		['Postgres alone', false],
		['Postgres and Redis', true],
	])('with %s', async (_label, withRedis) => {
		const delivery = fake.delivery(fresh('cal-booking-created'), WEBHOOK_SECRET);
		const trigger = calTrigger({ fake, storage, withRedis });
		const first = await trigger.call(delivery);
		const again = await calTrigger({ fake, storage, withRedis }).call(delivery);
		expect(first.startsExecution).toBe(true);
		expect(again.startsExecution).toBe(false);
		expect(again.status).toBe(200);
		expect(again.response.body).toEqual({ received: true, duplicate: true });
	});

	it('two deliveries racing each other start one execution', async () => {
		const delivery = fake.delivery(fresh('cal-booking-rescheduled'), WEBHOOK_SECRET);
		const results = await Promise.all(
			[1, 2, 3].map(() => calTrigger({ fake, storage }).call(delivery)),
		);
		expect(results.filter((r) => r.startsExecution)).toHaveLength(1);
	});

	it('a new delivery about the same booking is not a repeat (no-show marked, then unmarked)', async () => {
		const marked = fresh('cal-booking-no-show-updated');
		const unmarked = fresh('cal-booking-no-show-updated');
		unmarked.payload.attendees[0].noShow = false;
		const first = emitted(await send(marked));
		const second = emitted(await send(unmarked));
		expect(first.map((b) => b.noShow)).toEqual([true]);
		expect(second.map((b) => b.noShow)).toEqual([false]);
	});

	it('when the duplicate check cannot reach Postgres, the booking still goes through and the log says why without personal data', async () => {
		const trigger = calTrigger({
			fake,
			storage: { ...storage, postgres: { ...storage.postgres, port: 9 } },
		});
		const body = fresh('cal-booking-created');
		body.payload.responses.attendeePhoneNumber.value = '+5511987654321';
		const result = await trigger.call(fake.delivery(body, WEBHOOK_SECRET));
		expect(emitted(result)[0].attendee.phone).toBe('+5511987654321');
		const warning = logs.find((l) => l.message.includes('could not check for a repeated delivery'));
		expect(warning).toBeDefined();
		expect(JSON.stringify(logs)).not.toContain('5511987654321');
	});
});
