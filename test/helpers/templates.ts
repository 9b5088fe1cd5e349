import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IConnections, INode, IWorkflowBase } from 'n8n-workflow';

export const WORKFLOWS_DIR = join(__dirname, '..', '..', 'workflows');

export interface Template {
	file: string;
	workflow: IWorkflowBase & { nodes: INode[]; connections: IConnections };
}

/** Every shipped template, parsed. */
export function loadTemplates(): Template[] {
	return readdirSync(WORKFLOWS_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8')) }));
}

export function loadTemplate(file: string): Template['workflow'] {
	return JSON.parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8'));
}
