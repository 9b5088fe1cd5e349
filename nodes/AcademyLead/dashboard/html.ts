const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every text that reaches the page goes through here: ad headlines come from outside. */
export function escapeHtml(value: unknown): string {
	return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export function formatPercent(value: number | null): string {
	return value === null ? '–' : `${value.toFixed(1)} %`;
}

export function formatSeconds(value: number | null): string {
	if (value === null) return '–';
	if (value < 90) return `${Math.round(value)} s`;
	if (value < 5400) return `${Math.round(value / 60)} min`;
	return `${(value / 3600).toFixed(1)} h`;
}
