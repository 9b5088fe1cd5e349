import { mkdirSync } from 'node:fs';

import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
	host: string;
	port: number;
	database: string;
	user: string;
	stop(): Promise<void>;
}

/**
 * Postgres compiled to WebAssembly (PGlite), served over the Postgres wire protocol on loopback so
 * n8n's `pg` pools talk to it like to any server. Data stays in `dataDir` between runs.
 *
 * PGlite is one database session shared by every connection, and the socket server does not apply
 * a connection's startup options, so the `search_path` the package asks for at connect time is
 * lost. It is set once on the shared session instead: every connection then resolves the
 * package's unqualified table names in `schema`.
 */
export async function startEmbeddedPostgres(options: {
	dataDir: string;
	port: number;
	schema: string;
}): Promise<EmbeddedPostgres> {
	mkdirSync(options.dataDir, { recursive: true });
	const db = await PGlite.create(options.dataDir);
	await db.exec(`SET search_path TO "${options.schema}", public`);
	// n8n runs several executions at once, each taking a connection from the package's pool.
	const server = new PGLiteSocketServer({
		db,
		host: '127.0.0.1',
		port: options.port,
		maxConnections: 50,
	});
	await server.start();
	return {
		host: '127.0.0.1',
		port: options.port,
		database: 'postgres',
		user: 'postgres',
		async stop() {
			await server.stop();
			await db.close();
		},
	};
}
