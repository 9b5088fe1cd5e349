import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildBookingLink, UTM_FIELDS, type UtmTags } from '../../links';
import { chosenSlot } from '../../slots';
import { bookingPageUrlField } from '../common.descriptions';
import { bookingPageUrl, optionsParameter, textParameter } from '../helpers';
import type { CalOperation } from '../router';

const properties: INodeProperties[] = [
	bookingPageUrlField,
	{
		displayName: 'Lead ID',
		name: 'leadId',
		type: 'string',
		default: '={{ $json.lead?.id ?? "" }}',
		description:
			'Travels with the booking as metadata, so the Cal.com Trigger can tell which lead booked',
	},
	{
		displayName: 'Academy ID',
		name: 'academyId',
		type: 'string',
		default: '={{ $json.academy?.id ?? $json.lead?.academyId ?? "" }}',
		description: 'Travels with the booking as metadata, next to the lead ID',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '={{ $json.lead?.name ?? $json.message?.profileName ?? "" }}',
		description: 'Fills in the name on the booking form',
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '={{ $json.lead?.waId ?? $json.message?.waId ?? "" }}',
		description:
			'Fills in the phone number on the booking form; WhatsApp numbers get their leading +',
	},
	{
		displayName: 'Notes',
		name: 'notes',
		type: 'string',
		default: '={{ $json.lead?.notes ?? "" }}',
		description: 'Fills in the notes on the booking form',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Chosen Slot',
				name: 'slot',
				type: 'string',
				default: '={{ $json.message?.replyId ?? "" }}',
				description:
					'A slot the lead picked from the Free Slots list (its row ID) or an ISO time: the booking page opens on it',
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'Fills in the email on the booking form, when the lead gave one',
			},
			{ displayName: 'UTM Campaign', name: 'utm_campaign', type: 'string', default: '' },
			{ displayName: 'UTM Content', name: 'utm_content', type: 'string', default: '' },
			{ displayName: 'UTM Medium', name: 'utm_medium', type: 'string', default: 'chat' },
			{ displayName: 'UTM Source', name: 'utm_source', type: 'string', default: 'whatsapp' },
			{ displayName: 'UTM Term', name: 'utm_term', type: 'string', default: '' },
		],
	},
];

const displayOptions = { show: { resource: ['booking'], operation: ['getLink'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute: CalOperation = async function (this, itemIndex, credentials) {
	const options = optionsParameter.call(this, itemIndex);
	const utm: UtmTags = {};
	for (const field of UTM_FIELDS) {
		if (typeof options[field] === 'string') utm[field] = options[field];
	}
	const slot = chosenSlot(options.slot);
	const leadId = textParameter.call(this, 'leadId', itemIndex);
	const academyId = textParameter.call(this, 'academyId', itemIndex);
	const url = buildBookingLink({
		pageUrl: bookingPageUrl.call(this, itemIndex, credentials),
		name: textParameter.call(this, 'name', itemIndex),
		phone: textParameter.call(this, 'phone', itemIndex),
		notes: textParameter.call(this, 'notes', itemIndex),
		email: typeof options.email === 'string' ? options.email : undefined,
		leadId,
		academyId,
		utm,
		slot,
	});
	return { url, leadId: leadId || null, academyId: academyId || null, slot: slot ?? null };
};
