/** Nearest-rank percentile of `values` (need not be sorted); NaN for none. */
export function percentile(values: number[], p: number): number {
	if (!values.length) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Spread {
	count: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

export function spread(values: number[]): Spread {
	return {
		count: values.length,
		p50: percentile(values, 50),
		p95: percentile(values, 95),
		p99: percentile(values, 99),
		max: values.length ? Math.max(...values) : Number.NaN,
	};
}
