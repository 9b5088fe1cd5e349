/**
 * The n8n settings the benchmark can run (BENCH_ENGINES): n8n's default expression engine (vm),
 * the legacy engine, the vm engine with more isolates kept ready (n8n keeps one; each run uses up
 * one and a webhook of a trigger other than n8n's own Webhook another), and the vm engine taking
 * an isolate only when an expression needs one (n8n's lazy acquisition).
 */
export const ENGINES: Record<string, { label: string; env: Record<string, string> }> = {
	vm: { label: "n8n's default expression engine (vm)", env: {} },
	legacy: { label: 'N8N_EXPRESSION_ENGINE=legacy', env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
	'vm-pool4': {
		label: 'vm engine with N8N_EXPRESSION_ENGINE_POOL_SIZE=4',
		env: { N8N_EXPRESSION_ENGINE_POOL_SIZE: '4' },
	},
	'vm-lazy': {
		label: 'vm engine with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true',
		env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
	},
};
