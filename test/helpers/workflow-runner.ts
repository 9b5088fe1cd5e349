import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentials,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import packageJson from '../../package.json';
import { loadTemplates } from './templates';

const ROOT = join(__dirname, '..', '..');
export const PACKAGE_NAME = packageJson.name;

type NodeClass = new () => INodeType | IVersionedNodeType;

/** `dist/nodes/X/X.node.js` → the TypeScript source, so tests run without a build. */
function sourceOf(distPath: string): string {
	return join(ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
}

/** n8n's own loader rule: the class is exported under the file's base name. */
function loadClass(file: string): NodeClass {
	const exported = require(file) as Record<string, NodeClass>;
	const className = basename(file).replace(/\.(node|credentials)\.[jt]s$/, '');
	const found = exported[className];
	if (!found) throw new Error(`${file} does not export a class named ${className}`);
	return found;
}

const baseNodeFiles: string[] = (
	require('n8n-nodes-base/package.json') as { n8n: { nodes: string[] } }
).n8n.nodes;

/** Resolves `n8n-nodes-base.<name>` and `<this package>.<name>` type strings to node instances. */
class TestNodeTypes implements INodeTypes {
	private readonly cache = new Map<string, INodeType | IVersionedNodeType>();

	getByName(type: string): INodeType | IVersionedNodeType {
		let node = this.cache.get(type);
		if (!node) {
			node = new (this.findClass(type))();
			this.cache.set(type, node);
		}
		return node;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes() {
		return {};
	}

	private findClass(type: string): NodeClass {
		const [pkg, name] = [type.slice(0, type.lastIndexOf('.')), type.slice(type.lastIndexOf('.') + 1)];
		const wanted = `${name.toLowerCase()}.node.js`;
		if (pkg === PACKAGE_NAME) {
			const file = packageJson.n8n.nodes.find((f) => f.toLowerCase().endsWith(`/${wanted}`));
			if (file) return loadClass(sourceOf(file));
		}
		if (pkg === 'n8n-nodes-base') {
			const file = baseNodeFiles.find((f) => f.toLowerCase().endsWith(`/${wanted}`));
			if (file) return loadClass(require.resolve(`n8n-nodes-base/${file}`));
		}
		throw new Error(`Unknown node type ${type}`);
	}
}

export const nodeTypes = new TestNodeTypes();

const credentialTypes = new Map<string, ICredentialType>(
	packageJson.n8n.credentials.map((file) => {
		const Credential = loadClass(sourceOf(file)) as unknown as new () => ICredentialType;
		const credential = new Credential();
		return [credential.name, credential];
	}),
);

/** Credential data by credential type, as a user would have saved it in n8n. */
export type TestCredentials = Record<string, ICredentialDataDecryptedObject>;

/**
 * The id a test gives a credential: other data, another id. Nodes keep a credential's data for a
 * few seconds by its id (nodes/shared/kept-credentials.ts), as a credential edited in n8n applies
 * within those seconds; tests that swap data between runs must not share an id.
 */
export function testCredentialId(type: string, data: unknown): string {
	return `${type}-${createHash('sha256').update(JSON.stringify(data ?? null)).digest('hex').slice(0, 12)}`;
}

/**
 * The part of n8n's credentials helper that nodes touch: saved data merged over the credential's
 * defaults, and the credential's `authenticate` block applied to outgoing requests.
 */
export function credentialsHelper(credentials: TestCredentials, onRead?: (type: string) => void) {
	const resolve = (value: unknown, data: ICredentialDataDecryptedObject, workflow?: Workflow, node?: INode) =>
		typeof value === 'string' && value.startsWith('=') && workflow && node
			? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: data }, undefined, '')
			: value;
	return {
		getParentTypes: () => [],
		isCredentialUsableByNode: () => true,
		async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, type: string) {
			onRead?.(type);
			const data = credentials[type];
			if (!data) throw new Error(`The test gave no credentials of type ${type}`);
			const defaults = Object.fromEntries(
				(credentialTypes.get(type)?.properties ?? []).map((p) => [p.name, p.default]),
			);
			return { ...defaults, ...data };
		},
		async authenticate(
			data: ICredentialDataDecryptedObject,
			typeName: string,
			requestOptions: IHttpRequestOptions,
			workflow?: Workflow,
			node?: INode,
		) {
			const authenticate = credentialTypes.get(typeName)?.authenticate;
			if (typeof authenticate === 'function') return authenticate(data, requestOptions);
			if (!authenticate) return requestOptions;
			for (const part of ['headers', 'qs', 'body'] as const) {
				const values = authenticate.properties[part] as IDataObject | undefined;
				if (!values) continue;
				const target = ((requestOptions as unknown as IDataObject)[part] ??= {}) as IDataObject;
				for (const [key, value] of Object.entries(values)) {
					const resolved = resolve(value, data, workflow, node);
					if (resolved !== undefined && resolved !== '' && resolved !== 'undefined') target[key] = resolved as string;
				}
			}
			return requestOptions;
		},
		preAuthentication: async () => undefined,
		runPreAuthentication: async () => undefined,
		getCredentials: async () => {
			throw new Error('not used in tests');
		},
		updateCredentials: async () => undefined,
		updateCredentialsOauthTokenData: async () => undefined,
		getCredentialsProperties: (type: string) => credentialTypes.get(type)?.properties ?? [],
	};
}

export interface WorkflowRun {
	run: IRun;
	executionId: string;
	/** Runs of sub-workflows this run started through Execute Workflow nodes, in order. */
	subRuns: WorkflowRun[];
	/** Node names in the order they ran. */
	order: string[];
	/** Items a node emitted on one output (default the first) in its first run. */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** Whether the node ran at all. */
	ran(nodeName: string): boolean;
	/** How often the run's nodes read each credential type from n8n (its database, in a real n8n). */
	credentialReads: Record<string, number>;
}

export interface RunOptions {
	credentials?: TestCredentials;
	/** Items the start node receives, as a webhook delivery or a trigger would hand them over. */
	items?: INodeExecutionData[];
	/** Name of the node to start from; the first trigger-like node by default. */
	startNode?: string;
	mode?: WorkflowExecuteMode;
}

let executionCounter = 0;

/** A node nothing leads into: n8n's own start-node search only knows its built-in trigger kinds. */
function firstRoot(workflow: Workflow): INode | undefined {
	return Object.values(workflow.nodes).find((node) => workflow.getParentNodes(node.name).length === 0);
}

/**
 * Runs workflow JSON in-process with n8n-core's real engine: real parameters, expressions,
 * routing, pairedItem and continue-on-fail, in milliseconds and without a server.
 */
export async function runWorkflow(workflowJson: Partial<IWorkflowBase>, options: RunOptions = {}): Promise<WorkflowRun> {
	// 'manual' mode would make trigger nodes emit {} and ignore the items handed to them.
	const mode = options.mode ?? 'webhook';
	const nodes = (workflowJson.nodes ?? [])
		.filter((n) => n.type !== 'n8n-nodes-base.stickyNote')
		.map((node) => (node.credentials ? { ...node, credentials: withTestIds(node.credentials, options.credentials) } : node));
	const workflow = new Workflow({
		id: workflowJson.id ?? 'test-workflow',
		name: workflowJson.name,
		nodes,
		connections: workflowJson.connections ?? {},
		nodeTypes,
		active: false,
		settings: workflowJson.settings ?? {},
		staticData: {},
	});
	const executionId = String(++executionCounter);
	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		id: workflow.id,
		name: workflowJson.name ?? 'test',
		nodes,
		connections: workflow.connectionsBySourceNode,
		active: false,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		isArchived: false,
		activeVersionId: null,
	} as unknown as IWorkflowBase);
	const order: string[] = [];
	const credentialReads: Record<string, number> = {};
	const subRuns: WorkflowRun[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName: string) => void order.push(nodeName));
	const finished = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', (run: IRun) => resolve(run)));

	const url = 'http://127.0.0.1:5678';
	const additionalData = {
		hooks,
		executionId,
		credentialsHelper: credentialsHelper(options.credentials ?? {}, (type) => {
			credentialReads[type] = (credentialReads[type] ?? 0) + 1;
		}),
		variables: {},
		userId: 'test-user',
		restApiUrl: `${url}/rest`,
		instanceBaseUrl: url,
		webhookBaseUrl: `${url}/webhook`,
		webhookWaitingBaseUrl: `${url}/webhook-waiting`,
		webhookTestBaseUrl: `${url}/webhook-test`,
		formWaitingBaseUrl: `${url}/form-waiting`,
		currentNodeParameters: undefined,
		// Execute Workflow nodes name shipped templates by id; they run here in-process too.
		executeWorkflow: async (info: { id?: string }, _data: unknown, call: { inputData?: INodeExecutionData[] }) => {
			const sub = loadTemplates().find((t) => t.workflow.id === info.id);
			if (!sub) throw new Error(`No template in workflows/ has the id ${info.id}`);
			const entry = sub.workflow.nodes.find((node) => node.type === 'n8n-nodes-base.executeWorkflowTrigger');
			const subRun = await runWorkflow(sub.workflow, { ...options, startNode: entry?.name, items: call.inputData });
			subRuns.push(subRun);
			const last = subRun.run.data.resultData.lastNodeExecuted;
			const lastData = last ? subRun.run.data.resultData.runData[last]?.[0]?.data?.main ?? [] : [];
			return { executionId: subRun.executionId, data: lastData };
		},
		logAiEvent: () => undefined,
		getRunExecutionData: async () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;

	const startNode = options.startNode ? workflow.getNode(options.startNode) : (workflow.getStartNode() ?? firstRoot(workflow));
	if (!startNode) throw new Error('The workflow has no node to start from');
	const runExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node: startNode, data: { main: [options.items ?? [{ json: {} }]] }, source: null }],
		},
	} as unknown as IRunExecutionData;

	await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
	const run = await finished;
	return {
		run,
		executionId,
		subRuns,
		order,
		credentialReads,
		output(nodeName, outputIndex = 0) {
			const nodeRuns = run.data.resultData.runData[nodeName];
			if (!nodeRuns?.length) throw new Error(`Node "${nodeName}" did not run (ran: ${order.join(', ')})`);
			const error = nodeRuns[0].error;
			if (error) throw new Error(`Node "${nodeName}" failed: ${error.message}`);
			return nodeRuns[0].data?.main[outputIndex] ?? [];
		},
		ran(nodeName) {
			return Boolean(run.data.resultData.runData[nodeName]?.length);
		},
	};
}

function withTestIds(credentials: INodeCredentials, data: TestCredentials = {}): INodeCredentials {
	return Object.fromEntries(
		Object.entries(credentials).map(([type, credential]) => [type, { ...credential, id: testCredentialId(type, data[type]) }]),
	);
}
