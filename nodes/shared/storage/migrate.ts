import type { Pool } from 'pg';

import { MIGRATIONS } from './migrations';

/**
 * Applies the migrations the schema has not seen yet, in order, in one transaction.
 * The advisory lock makes n8n workers that start together take turns instead of racing.
 */
export async function migrate(pool: Pool, schema: string): Promise<void> {
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`academy-bot:${schema}`]);
		await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
		await client.query(`SET LOCAL search_path TO "${schema}", public`);
		await client.query(
			`CREATE TABLE IF NOT EXISTS schema_migrations (
				version integer PRIMARY KEY,
				name text NOT NULL,
				applied_at timestamptz NOT NULL DEFAULT now()
			)`,
		);
		const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
		const applied = new Set(rows.map((row) => row.version));
		for (const migration of MIGRATIONS) {
			if (applied.has(migration.version)) continue;
			await client.query(migration.up);
			await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
				migration.version,
				migration.name,
			]);
		}
		await client.query('COMMIT');
	} catch (error) {
		await client.query('ROLLBACK').catch(() => undefined);
		throw error;
	} finally {
		client.release();
	}
}
