import type { AcademyMetrics } from '../actions/metrics/report';
import { groupedBars } from './charts';
import { escapeHtml, formatPercent, formatSeconds } from './html';

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f3f4f6;color:#111827}
header{background:#075e54;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;opacity:.85;font-size:13px}
main{padding:16px 24px;display:grid;gap:16px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px}
.card,section{background:#fff;border-radius:10px;padding:14px 16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.card b{display:block;font-size:24px;margin-top:4px}.card span{font-size:12px;color:#4b5563}
h2{font-size:15px;margin:0 0 10px}table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e7eb}td.n,th.n{text-align:right}
`;

function card(label: string, value: string): string {
	return `<div class="card"><span>${escapeHtml(label)}</span><b>${escapeHtml(value)}</b></div>`;
}

function table(headers: string[], rows: Array<Array<string | number>>, numeric: number[]): string {
	const head = headers.map((h, i) => `<th${numeric.includes(i) ? ' class="n"' : ''}>${escapeHtml(h)}</th>`).join('');
	const body = rows.length
		? rows
				.map((row) => `<tr>${row.map((cell, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`)
				.join('')
		: `<tr><td colspan="${headers.length}">No data yet</td></tr>`;
	return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * The owner's dashboard for one academy: funnel, conversion and show-up rates, response times
 * and lead sources. One self-contained page: inline CSS and SVG, no scripts, no outside fonts,
 * and only aggregates, never a phone number or a message.
 */
export function renderDashboard(metrics: AcademyMetrics): string {
	const { totals, funnel } = metrics;
	const chart = groupedBars(
		funnel.map((week) => week.week.replace(/^\d{4}-/, '')),
		[
			{ label: 'New', color: '#60a5fa', values: funnel.map((w) => w.new) },
			{ label: 'Scheduled', color: '#f59e0b', values: funnel.map((w) => w.scheduled) },
			{ label: 'Showed up', color: '#10b981', values: funnel.map((w) => w.showedUp) },
			{ label: 'Converted', color: '#7c3aed', values: funnel.map((w) => w.converted) },
		],
	);
	const cards = [
		card('New leads', String(totals.new)),
		card('Scheduled', String(totals.scheduled)),
		card('Showed up', String(totals.showedUp)),
		card('Converted', String(totals.converted)),
		card('Conversion rate', formatPercent(totals.conversionRate)),
		card('Show-up rate', formatPercent(metrics.attendance.showUpRate)),
		card('First response p50', formatSeconds(metrics.firstResponse.p50Seconds)),
		card('First response p95', formatSeconds(metrics.firstResponse.p95Seconds)),
		card('Engagement rate', formatPercent(metrics.engagement.rate)),
		card('Messages per conversation', metrics.messages.perConversation?.toFixed(1) ?? '–'),
		card('Leads per day', metrics.leadsPerDay.average?.toFixed(1) ?? '–'),
	].join('');
	const weeks = table(
		['Week', 'New', 'Scheduled', 'Showed up', 'Converted', 'Conversion'],
		funnel.map((w) => [w.week, w.new, w.scheduled, w.showedUp, w.converted, formatPercent(w.conversionRate)]),
		[1, 2, 3, 4, 5],
	);
	const sources = table(
		['Source', 'New', 'Scheduled', 'Converted', 'Conversion'],
		metrics.sources.map((s) => [s.label, s.new, s.scheduled, s.converted, formatPercent(s.conversionRate)]),
		[1, 2, 3, 4],
	);
	const losses = table(
		['Reason', 'Leads'],
		metrics.lossReasons.map((l) => [l.reason, l.count]),
		[1],
	);
	const period = `${metrics.from.slice(0, 10)} – ${metrics.to.slice(0, 10)} (${metrics.timeZone})`;
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(metrics.academyName)} · Lead funnel</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(metrics.academyName)} · Lead funnel</h1><p>${escapeHtml(period)}</p></header>
<main><div class="cards">${cards}</div>
<section><h2>Funnel by week of first contact</h2>${chart}${weeks}</section>
<section><h2>Where leads come from</h2>${sources}</section>
<section><h2>Why leads were lost</h2>${losses}</section></main></body></html>`;
}
