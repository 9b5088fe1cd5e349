import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { findAcademyById, findAcademyByPhoneNumberId } from '../../storage/academies';
import type { LeadOperation } from '../operation';
import { idParameter, textParameter } from '../parameters';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		options: [
			{
				name: 'WhatsApp Phone Number ID',
				value: 'phoneNumberId',
				description: 'The number a message came in on: picks the academy when one n8n serves several',
			},
			{ name: 'Academy ID', value: 'id' },
		],
		default: 'phoneNumberId',
	},
	{
		displayName: 'WhatsApp Phone Number ID',
		name: 'phoneNumberId',
		type: 'string',
		default: '={{ $json.message?.phoneNumberId }}',
		displayOptions: { show: { findBy: ['phoneNumberId'] } },
	},
	{
		displayName: 'Academy ID',
		name: 'academyId',
		type: 'string',
		default: '={{ $json.academy?.id ?? $json.lead?.academyId }}',
		displayOptions: { show: { findBy: ['id'] } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['academy'], operation: ['get'] } }, properties);

export const execute: LeadOperation = async function (itemIndex, { pool, cipher }) {
	if (parameter(this, 'findBy', itemIndex) === 'id') {
		const id = idParameter.call(this, 'academyId', itemIndex, 'Academy ID');
		const academy = await findAcademyById(pool, cipher, id);
		if (!academy) {
			throw new NodeOperationError(this.getNode(), `No academy has the ID ${id}`, {
				itemIndex,
				description: 'It may have been removed. Check the Academy ID.',
			});
		}
		return { academy };
	}
	const phoneNumberId = textParameter.call(this, 'phoneNumberId', itemIndex);
	const academy = phoneNumberId ? await findAcademyByPhoneNumberId(pool, cipher, phoneNumberId) : null;
	if (!academy) {
		throw new NodeOperationError(this.getNode(), `No academy uses WhatsApp phone number ID "${phoneNumberId}"`, {
			itemIndex,
			description: "Add the academy with the Academy Settings template, using the phone number ID from Meta's WhatsApp Manager.",
		});
	}
	return { academy };
};
