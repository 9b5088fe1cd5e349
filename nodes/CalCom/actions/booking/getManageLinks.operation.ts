import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { cancelLink, rescheduleLink } from '../../links';
import { bookingPageUrl, textParameter } from '../helpers';
import type { CalOperation } from '../router';

const properties: INodeProperties[] = [
	{
		displayName: 'Booking UID',
		name: 'bookingUid',
		type: 'string',
		default: '={{ $json.booking?.uid ?? "" }}',
		required: true,
		description: 'The uid of the booking, as the Cal.com Trigger emits it',
	},
	{
		displayName: 'Cal.com Site URL',
		name: 'siteUrl',
		type: 'string',
		default: '={{ $json.booking?.bookerUrl ?? $json.academy?.bookingUrl ?? "" }}',
		placeholder: 'https://cal.com',
		description:
			'Any address on the Cal.com site where the booking was made (its booking page will do). When empty, the booking page in the Cal.com credential is used.',
	},
];

const displayOptions = { show: { resource: ['booking'], operation: ['getManageLinks'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute: CalOperation = async function (this, itemIndex, credentials) {
	const uid = textParameter.call(this, 'bookingUid', itemIndex);
	if (!uid) {
		throw new NodeOperationError(this.getNode(), 'No booking UID', {
			description:
				'Set Booking UID to the uid of the booking (the Cal.com Trigger puts it in booking.uid).',
			itemIndex,
		});
	}
	const site = bookingPageUrl.call(this, itemIndex, credentials, 'siteUrl');
	return { uid, cancelUrl: cancelLink(site, uid), rescheduleUrl: rescheduleLink(site, uid) };
};
