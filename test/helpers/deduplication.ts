import { DataDeduplicationService } from 'n8n-core';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';
import type { Pool } from 'pg';

/**
 * What n8n's server gives the Remove Duplicates node ("items seen in previous executions"),
 * which the in-process runner lacks: one row per workflow and scope in a `processed_data`
 * table, here in the test file's own Postgres schema. The templates use only the latest-key
 * mode ("Remove Items Up to Stored Incremental Key"), with the rules of n8n's
 * DeduplicationHelper (packages/cli/src/deduplication): an item passes when its key is
 * greater than the one stored, and the greatest key seen is stored.
 */
class PostgresDeduplicator implements IDataDeduplicator {
	private ready: Promise<unknown> | undefined;

	constructor(private readonly pool: Pool) {}

	private async row(scope: DeduplicationScope, context: ICheckProcessedContextData) {
		this.ready ??= this.pool.query(
			'CREATE TABLE IF NOT EXISTS processed_data (workflow_id text, context text, value jsonb, PRIMARY KEY (workflow_id, context))',
		);
		await this.ready;
		const key = [String(context.workflow.id), scope === 'node' ? `n:${context.node?.id}` : ''];
		const { rows } = await this.pool.query<{ value: { mode: string; data: unknown } }>(
			'SELECT value FROM processed_data WHERE workflow_id = $1 AND context = $2',
			key,
		);
		const save = (value: { mode: string; data: unknown }) =>
			this.pool.query(
				`INSERT INTO processed_data (workflow_id, context, value) VALUES ($1, $2, $3)
				 ON CONFLICT (workflow_id, context) DO UPDATE SET value = EXCLUDED.value`,
				[...key, value],
			);
		return { stored: rows[0]?.value, save };
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const { stored, save } = await this.row(scope, context);
		if (stored && stored.mode !== options.mode)
			throw new Error('Deduplication data was saved with another mode');
		const output: IDeduplicationOutput = { new: [], processed: [] };
		if (options.mode !== 'latestIncrementalKey')
			throw new Error(`Mode ${options.mode} is not used by these templates`);
		const before = stored ? Number(stored.data) : -Infinity;
		let latest = before;
		for (const item of items) {
			if (Number(item) > before) output.new.push(item);
			else output.processed.push(item);
			latest = Math.max(latest, Number(item));
		}
		await save({ mode: options.mode, data: latest });
		return output;
	}

	async removeProcessed(): Promise<void> {
		throw new Error('Not used by these templates');
	}

	async clearAllProcessedItems(): Promise<void> {
		throw new Error('Not used by these templates');
	}

	async getProcessedDataCount(): Promise<number> {
		throw new Error('Not used by these templates');
	}
}

let installed = false;

/** Gives the in-process runner n8n's deduplication store, once per test file. */
export async function useDeduplicationStore(pool: Pool): Promise<void> {
	if (installed) return;
	await DataDeduplicationService.init(new PostgresDeduplicator(pool));
	installed = true;
}
