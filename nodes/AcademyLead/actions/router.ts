import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { forEachItem } from '../../shared/item-loop';
import { keptCredentials, nodeCredentials } from '../../shared/kept-credentials';
import { cipherFor } from '../../shared/storage/crypto';
import { getPool, type AcademyPostgresCredentials } from '../../shared/storage/postgres';
import { getRedis, type AcademyRedisCredentials } from '../../shared/storage/redis';
import { describeStorageError } from '../helpers/storage-errors';
import type { LeadStores } from '../storage/stores';
import { RESOURCES } from './resources';
import { parameter } from '../../shared/parameter';

async function openStores(this: IExecuteFunctions): Promise<LeadStores> {
	const postgres = await keptCredentials<AcademyPostgresCredentials>(this, 'academyPostgresApi');
	const cipher = cipherFor(postgres);
	const pool = await getPool(postgres);
	// Redis is optional: without the credential every operation works from Postgres alone.
	const redis = nodeCredentials(this).academyRedisApi
		? getRedis(await keptCredentials<AcademyRedisCredentials>(this, 'academyRedisApi'))
		: undefined;
	return { pool, redis, cipher };
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = parameter(this, 'resource', 0) as string;
	const operation = parameter(this, 'operation', 0) as string;
	const execute = RESOURCES[resource]?.operations[operation];
	let stores: LeadStores | undefined;
	return await forEachItem(
		this,
		async (itemIndex, item) => {
			if (!execute) {
				throw new NodeOperationError(this.getNode(), `The operation "${resource}:${operation}" is not supported`, {
					itemIndex,
				});
			}
			stores ??= await openStores.call(this);
			const result = await execute.call(this, itemIndex, stores);
			const added = result === null ? [] : Array.isArray(result) ? result : [result];
			return added.map((keys) => ({ json: { ...item.json, ...(keys as IDataObject) } }));
		},
		{ describeError: describeStorageError },
	);
}
