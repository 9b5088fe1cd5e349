import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { referenceTime, referenceTimeOption } from '../followUp/fields';
import type { LeadOperation } from '../operation';
import { collectionParameter, idParameter } from '../parameters';
import { DEFAULT_RETENTION_DAYS, forgetCachedHistories, purgeOldConversations } from './retention';
import { parameter } from '../../../shared/parameter';

const properties: INodeProperties[] = [
	{
		displayName: 'Keep Messages For (Days)',
		name: 'retentionDays',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_RETENTION_DAYS,
		description: 'Messages older than this are deleted; leads and their funnel history stay',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Academy ID',
				name: 'academyId',
				type: 'string',
				default: '',
				description: "Only this academy's messages; empty purges every academy",
			},
			referenceTimeOption,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['privacy'], operation: ['purge'] } }, properties);

export const execute: LeadOperation = async function (itemIndex, { pool, redis }) {
	const options = collectionParameter.call(this, 'options', itemIndex);
	const { leadIds, ...purge } = await purgeOldConversations(pool, {
		now: referenceTime.call(this, itemIndex),
		retentionDays: parameter(this, 'retentionDays', itemIndex, DEFAULT_RETENTION_DAYS) as number,
		academyId: options.academyId ? idParameter.call(this, 'options.academyId', itemIndex, 'Academy ID') : null,
	});
	let historyCachesCleared = 0;
	if (redis && leadIds.length) {
		try {
			historyCachesCleared = await forgetCachedHistories(redis, leadIds);
		} catch (error) {
			throw new NodeOperationError(
				this.getNode(),
				`Old messages were deleted from the database, but Redis could not be cleaned: ${(error as Error).message}`,
				{ itemIndex, description: 'Cached conversations expire from Redis within 6 hours on their own.' },
			);
		}
	}
	return { purge: { ...purge, historyCachesCleared } };
};
