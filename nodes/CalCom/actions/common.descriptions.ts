import type { INodeProperties } from 'n8n-workflow';

export const bookingPageUrlField: INodeProperties = {
	displayName: 'Booking Page URL',
	name: 'bookingPageUrl',
	type: 'string',
	default: '={{ $json.academy?.bookingUrl ?? "" }}',
	placeholder: 'https://cal.com/your-academy/trial-class',
	description:
		"The academy's public Cal.com booking page. When empty, the one in the Cal.com credential is used.",
};
