import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { calApiRequest, getCalCredentials, versionError } from '../transport';
import type { CalApiResponse, CalEventType } from '../types';

async function eventTypeOptions(
	this: ILoadOptionsFunctions,
	first: string,
): Promise<INodePropertyOptions[]> {
	const response = await (calApiRequest<CalApiResponse<CalEventType[]>>).call(this, 'eventTypes', {
		method: 'GET',
		path: '/v2/event-types',
	});
	if (!Array.isArray(response?.data)) {
		const { eventTypesApiVersion } = await getCalCredentials.call(this);
		throw versionError(this.getNode(), 'eventTypes', eventTypesApiVersion);
	}
	const eventTypes = response.data
		.map(({ id, title, slug }) => ({ name: `${title} (${slug})`, value: id }))
		.sort((a, b) => a.name.localeCompare(b.name));
	return [{ name: first, value: 0 }, ...eventTypes];
}

/** The API key owner's event types, after the choice that defers to the credential or the booking page. */
export async function getEventTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await eventTypeOptions.call(this, 'From Credential or Booking Page');
}

/** The same, for the trigger, where no choice means bookings of every event type. */
export async function getEventTypesOrAll(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await eventTypeOptions.call(this, 'All Event Types');
}
