import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { WorkflowJson } from './n8n-server';

const WORKFLOWS_DIR = join(__dirname, '..', 'e2e', 'workflows');

/** A workflow of test/e2e/workflows, parsed. */
export function e2eWorkflow(file: string): WorkflowJson {
	return JSON.parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8'));
}
