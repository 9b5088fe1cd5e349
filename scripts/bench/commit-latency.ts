import { Client } from 'pg';

import { schemaOf, type AcademyPostgresCredentials } from '../../nodes/shared/storage/postgres';

/**
 * How long one small committed write takes on this Postgres (ms, median of `rounds`): the floor
 * under every transaction the Lead node commits, set by the disk's flush time unless
 * synchronous_commit is off.
 */
export async function commitLatencyMs(credentials: AcademyPostgresCredentials, rounds = 60): Promise<number> {
	const client = new Client({ ...credentials, ssl: false, password: credentials.password || undefined });
	await client.connect();
	const table = `"${schemaOf(credentials)}".bench_commit_probe`;
	try {
		await client.query(`CREATE SCHEMA IF NOT EXISTS "${schemaOf(credentials)}"`);
		await client.query(`CREATE TABLE IF NOT EXISTS ${table} (id serial PRIMARY KEY, at timestamptz)`);
		const times: number[] = [];
		for (let i = 0; i < rounds; i++) {
			const started = process.hrtime.bigint();
			await client.query(`INSERT INTO ${table} (at) VALUES (now())`);
			times.push(Number(process.hrtime.bigint() - started) / 1e6);
		}
		times.sort((a, b) => a - b);
		return times[Math.floor(times.length / 2)];
	} finally {
		await client.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
		await client.end();
	}
}
