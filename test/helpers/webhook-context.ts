import type { Logger } from '@n8n/backend-common';
import { HookContext, WebhookContext } from 'n8n-core';
import {
	Node,
	Workflow,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type WebhookSetupMethodNames,
	type WebhookType,
} from 'n8n-workflow';

import { credentialsHelper, nodeTypes, PACKAGE_NAME, testCredentialId, type TestCredentials } from './workflow-runner';

export const WEBHOOK_BASE_URL = 'http://127.0.0.1:5678/webhook';

/** One HTTP request as it reaches n8n's webhook server: the body exactly as the sender's bytes. */
export interface WebhookRequest {
	method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
	/** The webhook of the node's description to call; by default the one matching the method. */
	webhookName?: string;
	body?: Buffer | string;
	headers?: Record<string, string>;
	query?: Record<string, string>;
}

/** What the node wrote to the HTTP response itself (n8n sends this when the node returns `noWebhookResponse`). */
export interface CapturedResponse {
	status: number | undefined;
	headers: Record<string, string>;
	body: unknown;
	ended: boolean;
}

export interface WebhookCallResult {
	/** What `webhook()` returned. */
	returned: IWebhookResponseData;
	response: CapturedResponse;
	/**
	 * The status the sender gets: what the node wrote when it answered itself (`noWebhookResponse`),
	 * otherwise n8n's 200 for a `responseMode: 'onReceived'` webhook.
	 */
	status: number;
	/** Whether n8n would start an execution: the node handed over workflow data. */
	startsExecution: boolean;
	/** The items of each output, when an execution starts. */
	outputs: IDataObject[][];
}

export interface LogLine {
	level: 'debug' | 'info' | 'warn' | 'error';
	message: string;
	meta: unknown;
}

export interface TriggerHarnessOptions {
	/** The node's `description.name` in this package (`whatsAppCloudTrigger`), or a full type (`n8n-nodes-base.webhook`). */
	type: string;
	parameters?: INodeParameters;
	credentials?: TestCredentials;
	/** Which credential types the node has selected (n8n passes only those to the node). */
	nodeCredentials?: string[];
	nodeId?: string;
	typeVersion?: number;
}

/** The express response surface nodes use, recording what they write. */
function captureResponse(captured: CapturedResponse) {
	const res = {
		status(code: number) {
			captured.status = code;
			return res;
		},
		type(contentType: string) {
			captured.headers['content-type'] = contentType;
			return res;
		},
		setHeader(name: string, value: string) {
			captured.headers[name.toLowerCase()] = String(value);
			return res;
		},
		header(name: string, value: string) {
			return res.setHeader(name, value);
		},
		set(name: string, value: string) {
			return res.setHeader(name, value);
		},
		send(body: unknown) {
			captured.body = body;
			return res;
		},
		json(body: unknown) {
			captured.headers['content-type'] ??= 'application/json';
			captured.body = body;
			captured.ended = true;
			return res;
		},
		end(body?: unknown) {
			if (body !== undefined) captured.body = body;
			captured.ended = true;
			return res;
		},
		get headersSent() {
			return captured.ended;
		},
	};
	return res;
}

/** n8n parses JSON and form bodies before the node runs and keeps the raw bytes beside them. */
function parseBody(raw: Buffer, contentType: string): unknown {
	if (!raw.length) return {};
	if (contentType.includes('json')) return JSON.parse(raw.toString('utf8')) as unknown;
	if (contentType.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
	return {};
}

/**
 * Runs a trigger node's `webhook()` and `webhookMethods` through n8n-core's real WebhookContext
 * and HookContext, so parameters, expressions, credentials, HTTP helpers and static data behave as
 * on a server. One harness is one active workflow: static data persists across calls.
 */
export class TriggerHarness {
	readonly node: INode;

	readonly workflow: Workflow;

	private readonly additionalData: IWorkflowExecuteAdditionalData;

	constructor(options: TriggerHarnessOptions) {
		this.node = {
			id: options.nodeId ?? 'trigger-node-id',
			name: 'Trigger',
			type: options.type.includes('.') ? options.type : `${PACKAGE_NAME}.${options.type}`,
			typeVersion: options.typeVersion ?? 1,
			position: [0, 0],
			webhookId: 'trigger-webhook-id',
			parameters: options.parameters ?? {},
			credentials: Object.fromEntries(
				(options.nodeCredentials ?? Object.keys(options.credentials ?? {})).map((type) => [
					type,
					{ id: testCredentialId(type, options.credentials?.[type]), name: type },
				]),
			),
		};
		this.workflow = new Workflow({
			id: 'webhook-test-workflow',
			nodes: [this.node],
			connections: {},
			nodeTypes,
			active: true,
			staticData: {},
		});
		this.additionalData = {
			credentialsHelper: credentialsHelper(options.credentials ?? {}),
			executionId: 'webhook-test-execution',
			variables: {},
			restApiUrl: 'http://127.0.0.1:5678/rest',
			instanceBaseUrl: 'http://127.0.0.1:5678',
			webhookBaseUrl: WEBHOOK_BASE_URL,
			webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
			formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	get nodeType(): INodeType {
		return nodeTypes.getByNameAndVersion(this.node.type, this.node.typeVersion);
	}

	/** The node's static data (what `getWorkflowStaticData('node')` returns), as n8n would save it. */
	staticData(): IDataObject {
		return this.workflow.getStaticData('node', this.node);
	}

	/** The production URL of one of the node's webhooks. */
	webhookUrl(name: WebhookType = 'default'): string | undefined {
		return this.hookContext(name).getNodeWebhookUrl(name);
	}

	async call(request: WebhookRequest): Promise<WebhookCallResult> {
		const method = request.method ?? 'POST';
		const description = this.webhookDescription(request.webhookName, method);
		const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body ?? '', 'utf8');
		const headers = Object.fromEntries(
			Object.entries({ 'content-type': 'application/json', ...request.headers }).map(([k, v]) => [k.toLowerCase(), v]),
		);
		const httpRequest = {
			method,
			headers,
			query: request.query ?? {},
			params: {},
			body: method === 'GET' ? {} : parseBody(raw, headers['content-type']),
			rawBody: raw,
			readRawBody: async () => undefined,
		};
		const response: CapturedResponse = { status: undefined, headers: {}, body: undefined, ended: false };
		const additionalData = {
			...this.additionalData,
			httpRequest,
			httpResponse: captureResponse(response),
		} as unknown as IWorkflowExecuteAdditionalData;
		const webhookData = { webhookDescription: description, isTest: false } as unknown as IWebhookData;
		const context = new WebhookContext(this.workflow, this.node, additionalData, 'webhook', webhookData, [], null);
		const nodeType = this.nodeType;
		if (!nodeType.webhook) throw new Error(`${this.node.type} has no webhook() method`);
		// n8n's webhook service calls class-based nodes (`extends Node`) with the context as argument.
		const returned =
			nodeType instanceof Node ? await nodeType.webhook(context) : await nodeType.webhook.call(context);
		return {
			returned,
			response,
			status: returned.noWebhookResponse ? (response.status ?? 200) : 200,
			startsExecution: returned.workflowData !== undefined,
			outputs: (returned.workflowData ?? []).map((output) => output.map((item) => item.json)),
		};
	}

	/** Runs one of the node's `webhookMethods` (checkExists, create, delete) as activation does. */
	async lifecycle(method: WebhookSetupMethodNames, webhookName: WebhookType = 'default'): Promise<boolean | undefined> {
		const methods = this.nodeType.webhookMethods?.[webhookName];
		if (!methods) throw new Error(`${this.node.type} has no webhookMethods for "${webhookName}"`);
		return await methods[method].call(this.hookContext(webhookName));
	}

	private hookContext(webhookName: string) {
		const webhookData = {
			webhookDescription: this.webhookDescription(webhookName),
			isTest: false,
		} as unknown as IWebhookData;
		return new HookContext(this.workflow, this.node, this.additionalData, 'webhook', 'activate', webhookData);
	}

	private webhookDescription(name?: string, method?: string) {
		const webhooks = this.nodeType.description.webhooks ?? [];
		const methodOf = (httpMethod: string) =>
			this.workflow.expression.getSimpleParameterValue(this.node, httpMethod, 'webhook', {});
		const found = webhooks.find((w) => (name ? w.name === name : methodOf(w.httpMethod) === method));
		if (!found) throw new Error(`${this.node.type} has no webhook ${name ?? method}`);
		return found;
	}
}

/**
 * From now on, what nodes log through n8n's logger (a process-wide service, one per jest test
 * file) is recorded instead of printed, so tests can check what a log line says and leaves out.
 */
export function captureLogs(): LogLine[] {
	const lines: LogLine[] = [];
	const record = (level: LogLine['level']) => (message: string, meta?: unknown) =>
		void lines.push({ level, message, meta });
	const recorder = {
		debug: record('debug'),
		info: record('info'),
		warn: record('warn'),
		error: record('error'),
		scoped: () => recorder,
	};
	// n8n-core ships its own copies of @n8n/di and @n8n/backend-common: the logger nodes get is theirs.
	const fromCore = (name: string) => require(require.resolve(name, { paths: [require.resolve('n8n-core')] }));
	const { Container } = fromCore('@n8n/di') as typeof import('@n8n/di');
	const { Logger: CoreLogger } = fromCore('@n8n/backend-common') as typeof import('@n8n/backend-common');
	Container.set(CoreLogger, recorder as unknown as Logger);
	return lines;
}
