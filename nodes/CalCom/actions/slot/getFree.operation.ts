import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { eventTypeFromPageUrl } from '../../links';
import {
	alternativeDays,
	assertTimeZone,
	LIST_MAX_ROWS,
	pickForList,
	searchWindow,
	toFreeSlots,
	toListSections,
	windowAfter,
	type SearchWindow,
} from '../../slots';
import { calApiRequest, versionError } from '../../transport';
import type { CalApiResponse, CalComCredentials, CalSlotsByDate, FreeSlot } from '../../types';
import { bookingPageUrlField } from '../common.descriptions';
import { bookingPageUrl, optionsParameter, textParameter } from '../helpers';
import type { CalOperation } from '../router';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	{
		displayName: 'Event Type Name or ID',
		name: 'eventTypeId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getEventTypes' },
		default: 0,
		description:
			'The trial-class event type. "From Credential or Booking Page" uses the Event Type ID of the Cal.com credential, or else finds the event type from the booking page URL. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		...bookingPageUrlField,
		description:
			'Used to find the event type when none is chosen, e.g. https://cal.com/your-academy/trial-class. When empty, the one in the Cal.com credential is used.',
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: '={{ $json.academy?.timeZone ?? "" }}',
		required: true,
		placeholder: 'America/Sao_Paulo',
		description: "The academy's time zone: days and times are counted and shown in it",
	},
	{
		displayName: 'Days Ahead',
		name: 'days',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 60 },
		default: 7,
		description: 'How many days to look at, today included',
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		default: '={{ $json.lead?.language ?? $json.academy?.defaultLanguage ?? "en" }}',
		description: 'Language of the day and time labels (es, pt, en, …)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Alternative Days',
				name: 'alternativeDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 3,
				description:
					'When the asked days are full, how many of the nearest later days with free slots to offer',
			},
			{
				displayName: 'Duration (Minutes)',
				name: 'duration',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
				description: 'For event types that offer several lengths: the length to look for',
			},
			{
				displayName: 'List Rows',
				name: 'maxRows',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: LIST_MAX_ROWS },
				default: LIST_MAX_ROWS,
				description: 'How many slots the WhatsApp list shows (WhatsApp allows at most 10)',
			},
			{
				displayName: 'Search Ahead (Days)',
				name: 'searchAheadDays',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 90 },
				default: 30,
				description:
					'When the asked days are full, how far past them to look for alternatives (0: do not look)',
			},
			{
				displayName: 'Search From',
				name: 'from',
				type: 'dateTime',
				default: '',
				description: 'Start looking at this time instead of now (in the time zone above)',
			},
		],
	},
];

const displayOptions = { show: { resource: ['slot'], operation: ['getFree'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** `eventTypeId`, or the slug and owner that `GET /v2/slots` also accepts. */
function eventTypeQuery(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: CalComCredentials,
): IDataObject {
	const chosen =
		Number(parameter(this, 'eventTypeId', itemIndex, 0)) ||
		Number(credentials.eventTypeId) ||
		0;
	if (chosen > 0) return { eventTypeId: chosen };
	const page = bookingPageUrl.call(this, itemIndex, credentials);
	const ref = eventTypeFromPageUrl(page);
	if (!ref) {
		throw new NodeOperationError(
			this.getNode(),
			'Cannot tell the event type from the booking page URL',
			{
				description: `"${page}" is not a page like https://cal.com/<user>/<event> or https://cal.com/team/<team>/<event>. Choose the event type, or set its ID in the Cal.com credential.`,
				itemIndex,
			},
		);
	}
	return { ...ref };
}

async function fetchSlots(
	this: IExecuteFunctions,
	itemIndex: number,
	query: IDataObject,
	window: SearchWindow,
	locale: string,
	version: string,
): Promise<FreeSlot[]> {
	const response = await (calApiRequest<CalApiResponse<CalSlotsByDate>>).call(this, 'slots', {
		method: 'GET',
		path: '/v2/slots',
		qs: { ...query, start: window.start.toUTC().toISO(), end: window.end.toUTC().toISO() },
		itemIndex,
	});
	const data = response?.data;
	const isDateMap =
		data !== null &&
		typeof data === 'object' &&
		Object.entries(data).every(
			([date, slots]) => /^\d{4}-\d\d-\d\d$/.test(date) && Array.isArray(slots),
		);
	if (!isDateMap) throw versionError(this.getNode(), 'slots', version, itemIndex);
	return toFreeSlots(data, window, locale);
}

export const execute: CalOperation = async function (this, itemIndex, credentials) {
	const timeZone = assertTimeZone(textParameter.call(this, 'timeZone', itemIndex));
	const locale = textParameter.call(this, 'language', itemIndex) || 'en';
	const days = Number(parameter(this, 'days', itemIndex, 7));
	const options = optionsParameter.call(this, itemIndex);
	const from =
		typeof options.from === 'string' && options.from
			? DateTime.fromISO(options.from, { zone: timeZone })
			: DateTime.now();
	if (!from.isValid) {
		throw new NodeOperationError(
			this.getNode(),
			`"Search From" is not a date: ${String(options.from)}`,
			{ itemIndex },
		);
	}
	const eventType = eventTypeQuery.call(this, itemIndex, credentials);
	const query: IDataObject = {
		...eventType,
		timeZone,
		...(typeof options.duration === 'number' ? { duration: options.duration } : {}),
	};
	const version = credentials.slotsApiVersion ?? '';
	const window = searchWindow(from, timeZone, days);
	let slots = await fetchSlots.call(this, itemIndex, query, window, locale, version);
	const full = slots.length === 0;
	let alternatives: IDataObject[] = [];
	const searchAhead = typeof options.searchAheadDays === 'number' ? options.searchAheadDays : 30;
	if (full && searchAhead > 0) {
		const later = await fetchSlots.call(
			this,
			itemIndex,
			query,
			windowAfter(window, searchAhead),
			locale,
			version,
		);
		const offered = alternativeDays(later, Number(options.alternativeDays ?? 3), locale, timeZone);
		const offeredDates = new Set(offered.map((day) => day.date));
		slots = later.filter((slot) => offeredDates.has(slot.date));
		alternatives = offered as unknown as IDataObject[];
	}
	const picked = pickForList(
		slots,
		Math.min(Number(options.maxRows ?? LIST_MAX_ROWS), LIST_MAX_ROWS),
	);
	return {
		eventType,
		timeZone,
		from: window.start.toISODate(),
		to: window.end.minus({ days: 1 }).toISODate(),
		full,
		slots: slots as unknown as IDataObject[],
		list: picked.length ? { sections: toListSections(picked, locale, timeZone) } : null,
		rows: picked.length,
		alternatives,
		nextFree: slots[0]?.start ?? null,
	};
};
