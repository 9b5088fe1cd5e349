/** The Cal.com credential as the nodes read it (see credentials/CalComApi.credentials.ts). */
export interface CalComCredentials {
	apiKey: string;
	baseUrl: string;
	bookingPageUrl: string;
	eventTypeId: number;
	webhookSecret: string;
	slotsApiVersion: string;
	eventTypesApiVersion: string;
	webhooksApiVersion: string;
}

/** Every v2 answer wraps its data the same way. */
export interface CalApiResponse<T> {
	status: 'success' | 'error';
	data: T;
}

/** `GET /v2/slots` (version 2024-09-04): slots grouped by date in the asked time zone. */
export type CalSlotsByDate = Record<string, Array<{ start: string; end?: string }>>;

export interface CalEventType {
	id: number;
	title: string;
	slug: string;
	lengthInMinutes?: number;
}

export interface CalWebhook {
	id: string | number;
	subscriberUrl: string;
	triggers: string[];
	active: boolean;
	payloadTemplate?: string | null;
	secret?: string;
}

/** One row of a WhatsApp list message (Meta's limits: id 200, title 24, description 72 characters). */
export interface ListRow {
	id: string;
	title: string;
	description: string;
}

/** A free slot, in UTC and in the academy's time zone. */
export interface FreeSlot {
	/** Row id for a WhatsApp list; the Booking Link operation accepts it as the chosen slot. */
	id: string;
	start: string;
	end: string | null;
	local: string;
	date: string;
	time: string;
	title: string;
	description: string;
}

/** A later day with free slots, offered when the asked days are full. */
export interface AlternativeDay {
	date: string;
	label: string;
	count: number;
	first: string;
}
