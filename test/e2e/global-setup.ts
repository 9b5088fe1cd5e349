import { ensureN8n } from '../../scripts/install-n8n';
import { communityNodesFolder } from '../harness/package-build';
import checkStorageServices from '../setup/global-setup';

const log = (line: string) => process.stderr.write(`[e2e] ${line}\n`);

/**
 * Before the first end-to-end test: Postgres and Redis answer, the pinned n8n is installed (4 to 9
 * minutes the first time on a machine, then cached), and this build is packed and installed.
 */
export default async function globalSetup(): Promise<void> {
	await checkStorageServices();
	const started = Date.now();
	const runtime = await ensureN8n({ log });
	await communityNodesFolder(log);
	log(`n8n ${runtime.n8nVersion} on Node ${runtime.node.version} and this build ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
