import { escapeHtml } from './html';

export interface Series {
	label: string;
	color: string;
	values: number[];
}

/**
 * Grouped vertical bars as inline SVG: one group per category, one bar per series. Inline SVG
 * keeps the page self-contained (no scripts or fonts from elsewhere).
 */
export function groupedBars(categories: string[], series: Series[], height = 220): string {
	const groupWidth = Math.max(48, series.length * 14 + 20);
	const width = 40 + categories.length * groupWidth;
	const max = Math.max(1, ...series.flatMap((s) => s.values));
	const plot = height - 40;
	const bars = categories
		.map((category, ci) => {
			const x0 = 40 + ci * groupWidth + 8;
			const rects = series
				.map((s, si) => {
					const value = s.values[ci] ?? 0;
					const h = Math.round((value / max) * plot);
					return `<rect x="${x0 + si * 14}" y="${10 + plot - h}" width="12" height="${h}" fill="${s.color}"><title>${escapeHtml(`${s.label} ${category}: ${value}`)}</title></rect>`;
				})
				.join('');
			return `${rects}<text x="${x0 + (series.length * 14) / 2}" y="${height - 12}" text-anchor="middle" font-size="11">${escapeHtml(category)}</text>`;
		})
		.join('');
	const axis = `<line x1="36" y1="${10 + plot}" x2="${width}" y2="${10 + plot}" stroke="#9ca3af"/><text x="30" y="18" text-anchor="end" font-size="11">${max}</text><text x="30" y="${10 + plot}" text-anchor="end" font-size="11">0</text>`;
	const legend = series
		.map((s, i) => `<rect x="${40 + i * 110}" y="0" width="10" height="10" fill="${s.color}"/><text x="${54 + i * 110}" y="9" font-size="11">${escapeHtml(s.label)}</text>`)
		.join('');
	return `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${Math.max(width, 40 + series.length * 110)} ${height + 16}" width="100%" aria-label="chart"><g transform="translate(0 16)">${axis}${bars}</g><g>${legend}</g></svg>`;
}
