/** Types for install-n8n.js, which stays plain JavaScript so it runs before anything is built. */
export interface NodeRuntime {
	/** Cache folder of the Node.js package, or null when the machine's own Node is new enough. */
	dir: string | null;
	nodeBin: string;
	/** Node headers for native builds, or null for the machine's Node. */
	headersDir: string | null;
	version: string;
}

export interface N8nRuntime {
	root: string;
	n8nVersion: string;
	n8nDir: string;
	/** The n8n CLI script; run it with `node.nodeBin`. */
	n8nBin: string;
	node: NodeRuntime;
	/** process.env with the n8n Node first on PATH. */
	env: NodeJS.ProcessEnv;
}

export const N8N_VERSION: string;

export function runtimePaths(): N8nRuntime;

export function ensureN8n(options?: { log?: (line: string) => void }): Promise<N8nRuntime>;

/** The folder every cached runtime and package build lives under. */
export function cacheRoot(): string;

/**
 * Fills `target` once: `steps` work in a staging folder that is renamed into place when they
 * succeed; concurrent callers wait for each other. Resolves true when it installed something.
 */
export function installOnce(
	target: string,
	what: string,
	log: (line: string) => void,
	steps: (staging: string, logFile: string) => Promise<void>,
): Promise<boolean>;

/** Runs a command with its output appended to `logFile`; rejects with the log's tail on failure. */
export function run(
	command: string,
	args: string[],
	options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; log: (line: string) => void; label: string },
): Promise<void>;
