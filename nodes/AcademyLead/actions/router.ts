import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { cipherFor } from '../../shared/storage/crypto';
import { getPool, type AcademyPostgresCredentials } from '../../shared/storage/postgres';
import { getRedis, type AcademyRedisCredentials } from '../../shared/storage/redis';
import { describeStorageError } from '../helpers/storage-errors';
import type { LeadStores } from '../storage/stores';
import { RESOURCES } from './resources';

async function openStores(this: IExecuteFunctions): Promise<LeadStores> {
	const postgres = (await this.getCredentials('academyPostgresApi')) as AcademyPostgresCredentials;
	const cipher = cipherFor(postgres);
	const pool = await getPool(postgres);
	// Redis is optional: without the credential every operation works from Postgres alone.
	const redis = this.getNode().credentials?.academyRedisApi
		? getRedis((await this.getCredentials('academyRedisApi')) as AcademyRedisCredentials)
		: undefined;
	return { pool, redis, cipher };
}

function asNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	const { message, description } = describeStorageError(error);
	return new NodeOperationError(node, message, { itemIndex, description });
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = RESOURCES[resource]?.operations[operation];
	const returnData: INodeExecutionData[] = [];
	let stores: LeadStores | undefined;

	for (let i = 0; i < items.length; i++) {
		try {
			if (!execute) {
				throw new NodeOperationError(this.getNode(), `The operation "${resource}:${operation}" is not supported`, {
					itemIndex: i,
				});
			}
			stores ??= await openStores.call(this);
			const result = await execute.call(this, i, stores);
			const added = result === null ? [] : Array.isArray(result) ? result : [result];
			for (const keys of added) {
				returnData.push({ json: { ...items[i].json, ...(keys as IDataObject) }, pairedItem: { item: i } });
			}
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error, i);
			if (this.continueOnFail()) {
				returnData.push({ json: { ...items[i].json, error: nodeError.message }, pairedItem: { item: i } });
				continue;
			}
			throw nodeError;
		}
	}
	return [returnData];
}
