import type { IRunExecutionData } from 'n8n-workflow';

import type { N8nServer, WorkflowJson } from '../../test/harness/n8n-server';
import { PACKAGE_NAME } from '../../test/helpers/workflow-runner';

interface StoredExecution {
	id: string;
	status: string;
	startedAt: string | null;
	stoppedAt: string | null;
	data?: IRunExecutionData;
}

export interface NodeTimes {
	executions: number;
	/** Executions in the window that did not succeed (or had not ended after a minute). */
	failed: number;
	/** Why they did not: the failing step and n8n's error message, or their status. */
	failures: string[];
	/** Per message: the summed execution time of this package's nodes, ms. */
	packageMs: number[];
	/** Per message: the whole execution, start to stop, ms. */
	executionMs: number[];
	/** Per node (by name, this package's nodes only): its times, ms. */
	byNode: Map<string, number[]>;
	/** Per message: the time n8n's own nodes (Set, If, Switch...) took, ms. */
	n8nNodesMs: number[];
}

/** Every stored execution of a workflow with its run data, through n8n's public API. */
async function executionsWithData(n8n: N8nServer, workflowId: string): Promise<StoredExecution[]> {
	const all: StoredExecution[] = [];
	let cursor = '';
	do {
		const page = await n8n.api<{ data: StoredExecution[]; nextCursor?: string | null }>(
			'GET',
			`/executions?workflowId=${workflowId}&includeData=true&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
		);
		all.push(...page.data);
		cursor = page.nextCursor ?? '';
	} while (cursor);
	return all;
}

/**
 * Per-node execution times n8n recorded for a workflow's executions (the workflow must save
 * successful executions' data). A node's time covers its own work and what it waits on: the
 * Postgres and Redis queries and the Graph API calls it makes.
 */
export async function nodeTimes(
	n8n: N8nServer,
	workflow: WorkflowJson,
	{ since, expected }: { since: number; expected: number },
): Promise<NodeTimes> {
	const types = new Map(workflow.nodes.map((node) => [node.name, node.type]));
	// A reply goes out before the execution ends (the answer is saved after it): wait for the rest.
	const deadline = Date.now() + 60_000;
	let stored: StoredExecution[];
	for (;;) {
		stored = (await executionsWithData(n8n, workflow.id)).filter((e) => e.startedAt && Date.parse(e.startedAt) >= since);
		const finished = stored.filter((e) => e.stoppedAt);
		if ((finished.length >= expected && finished.length === stored.length) || Date.now() > deadline) break;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	const executions = stored.filter((e) => e.status === 'success' && e.data);
	const result: NodeTimes = {
		executions: executions.length,
		failed: stored.length - executions.length,
		failures: stored.filter((e) => !executions.includes(e)).map(failureOf),
		packageMs: [],
		executionMs: [],
		byNode: new Map(),
		n8nNodesMs: [],
	};
	for (const execution of executions) {
		const runData = execution.data!.resultData.runData;
		let own = 0;
		let theirs = 0;
		for (const [name, runs] of Object.entries(runData)) {
			const type = types.get(name) ?? '';
			const ms = runs.reduce((sum, run) => sum + (run.executionTime ?? 0), 0);
			if (type.startsWith(`${PACKAGE_NAME}.`)) {
				own += ms;
				result.byNode.set(name, [...(result.byNode.get(name) ?? []), ms]);
			} else {
				theirs += ms;
			}
		}
		result.packageMs.push(own);
		result.n8nNodesMs.push(theirs);
		if (execution.startedAt && execution.stoppedAt) {
			result.executionMs.push(Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt));
		}
	}
	return result;
}

function failureOf(execution: StoredExecution): string {
	const error = execution.data?.resultData.error;
	const step = execution.data?.resultData.lastNodeExecuted;
	return error ? `${step ?? '?'}: ${error.message}` : `status ${execution.status}${execution.stoppedAt ? '' : ', not ended'}`;
}
