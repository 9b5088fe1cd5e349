import type { AcademyMetrics } from '../../../../nodes/AcademyLead/actions/metrics/report';
import { renderDashboard } from '../../../../nodes/AcademyLead/dashboard/render';

const funnelWeek = (week: string, n: number, s: number, u: number, c: number) => ({
	week,
	weekStart: '2026-11-16',
	new: n,
	scheduled: s,
	showedUp: u,
	converted: c,
	conversionRate: n ? Math.round((10000 * c) / n) / 100 : null,
	showUpRate: s ? Math.round((10000 * u) / s) / 100 : null,
});

const metrics: AcademyMetrics = {
	academyId: 'a1',
	academyName: 'Gracie <Barra> & Co',
	timeZone: 'America/Sao_Paulo',
	from: '2026-11-02T03:00:00.000Z',
	to: '2026-11-23T03:00:00.000Z',
	weeks: 3,
	funnel: [funnelWeek('2026-W45', 4, 2, 1, 1), funnelWeek('2026-W46', 10, 5, 4, 3), funnelWeek('2026-W47', 8, 3, 2, 1)],
	totals: { new: 22, scheduled: 10, showedUp: 7, converted: 5, conversionRate: 22.73, showUpRate: 70 },
	conversionChange: -58.33,
	attendance: { showedUp: 7, noShow: 3, showUpRate: 70 },
	firstResponse: { conversations: 22, answered: 22, averageSeconds: 3.2, p50Seconds: 2.1, p95Seconds: 7.9 },
	messages: { conversations: 22, inbound: 80, outbound: 90, perConversation: 7.73 },
	engagement: { leadsMessaged: 22, leadsAnswered: 15, rate: 68.18 },
	leadsPerDay: { average: 1.05, days: [] },
	lossReasons: [{ reason: 'no answer in 30 days', count: 2 }],
	sources: [
		{ sourceType: 'ad', sourceId: '120', label: '<script>alert(1)</script> Free class', new: 12, scheduled: 7, showedUp: 5, converted: 4, conversionRate: 33.33, showUpRate: 71.43 },
		{ sourceType: 'direct', sourceId: null, label: 'Direct', new: 10, scheduled: 3, showedUp: 2, converted: 1, conversionRate: 10, showUpRate: 66.67 },
	],
};

describe('owner dashboard page', () => {
	const page = renderDashboard(metrics);

	it('shows the funnel, the rates, response times and sources', () => {
		expect(page).toContain('Conversion rate');
		expect(page).toContain('22.7 %');
		expect(page).toContain('70.0 %');
		expect(page).toContain('2 s');
		expect(page).toContain('2026-W46');
		expect(page).toContain('Direct');
		expect(page).toContain('no answer in 30 days');
		expect(page).toMatch(/<svg[^>]*role="img"/);
	});

	it('is self-contained: no scripts, no outside stylesheets, fonts or images', () => {
		expect(page).not.toMatch(/<script/i);
		expect(page).not.toMatch(/<link\b/i);
		expect(page).not.toMatch(/(src|href)=["']?https?:/i);
		expect(page).not.toMatch(/@import|url\(/i);
	});

	it('escapes names that come from outside, such as ad headlines', () => {
		expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Free class');
		expect(page).toContain('Gracie &lt;Barra&gt; &amp; Co');
	});
});
