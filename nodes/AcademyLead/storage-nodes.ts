import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	academyPostgresConnectionTest,
	academyRedisConnectionTest,
} from '../shared/storage/credential-tests';
import { RESOURCES } from './actions/resources';
import { router } from './actions/router';

/**
 * The nodes that keep an academy's data in its Postgres, one per resource (Academy Lead for
 * leads, Academy Messages for the conversation log, …), all run by the same router. They were one
 * node with a Resource choice: 105 parameters, which n8n fills in for every node of a workflow
 * each time it builds the workflow (three times per incoming message), whether the node runs or
 * not. In the conversation template that was 60 % of building it.
 */
export const STORAGE_NODE_TYPES = {
	academy: 'academyProfile',
	followUp: 'academyFollowUp',
	lead: 'academyLead',
	message: 'academyMessage',
	metrics: 'academyMetrics',
	privacy: 'academyPrivacy',
} as const;

export type StorageResource = keyof typeof STORAGE_NODE_TYPES;

/** The node's parameters: its resource, fixed and hidden (the operations are shown by it), then the resource's own. */
export function storageNodeProperties(resource: StorageResource): INodeProperties[] {
	return [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'hidden',
			noDataExpression: true,
			default: resource,
		},
		...(RESOURCES[resource]?.description ?? []),
	];
}

/** What every storage node shares: its group and version, its one input and output, and its credentials. */
export const STORAGE_NODE_BASE: Pick<
	INodeTypeDescription,
	'group' | 'version' | 'inputs' | 'outputs' | 'credentials'
> = {
	group: ['transform'],
	version: 1,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [
		{ name: 'academyPostgresApi', required: true, testedBy: 'academyPostgresConnectionTest' },
		{ name: 'academyRedisApi', required: false, testedBy: 'academyRedisConnectionTest' },
	],
};

/** What every storage node does: the same router runs its operations, with the same credential tests. */
export abstract class StorageNode implements INodeType {
	abstract description: INodeTypeDescription;

	methods = { credentialTest: { academyPostgresConnectionTest, academyRedisConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
