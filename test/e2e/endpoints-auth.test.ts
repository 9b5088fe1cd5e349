import { randomBytes } from 'node:crypto';

import type { AcademyProfile } from '../../nodes/shared/types';
import { GraphApiFake } from '../fakes/graph-api';
import { credentialsFor } from '../harness/credentials';
import { N8nServer, type WorkflowJson } from '../harness/n8n-server';
import { isolatedStorage } from '../helpers/storage';
import { loadTemplate } from '../helpers/templates';
import { createAcademy, runLeadJson } from '../nodes/AcademyLead/lead-node';

/**
 * Issue 10 in a real n8n: every endpoint of the shipped templates other than the signed
 * WhatsApp and Cal.com webhooks asks for the staff login, and the owner's dashboard link works
 * without it only while it is genuine and current.
 */
const STAFF = { user: 'academy-staff', password: randomBytes(18).toString('base64url') };
const basic = (user: string, password: string) => ({
	authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});
const templates = ['metrics.json', 'privacy.json', 'academy-settings.json'].map(
	(file) => loadTemplate(file) as WorkflowJson,
);

describe('template endpoints in a real n8n: nobody gets in where they do not belong', () => {
	const graph = new GraphApiFake();
	const storage = isolatedStorage('e2e_endpoints');
	let n8n: N8nServer;
	let palermo: AcademyProfile;
	let belgrano: AcademyProfile;

	const get = (path: string, headers: Record<string, string> = {}) =>
		n8n.request('GET', path, undefined, headers);

	const link = async (academyId: string, referenceTime?: string) => {
		const { dashboardLink } = await runLeadJson(storage, {
			resource: 'metrics',
			operation: 'createLink',
			academyId,
			dashboardUrl: `${n8n.baseUrl}/webhook/academy-dashboard-link`,
			options: referenceTime ? { referenceTime } : {},
		});
		const url = new URL((dashboardLink as { url: string }).url);
		return { path: `${url.pathname}${url.search}`, query: Object.fromEntries(url.searchParams) };
	};
	const withQuery = (query: Record<string, string>) =>
		`/webhook/academy-dashboard-link?${new URLSearchParams(query)}`;

	beforeAll(async () => {
		await graph.start();
		palermo = await createAcademy(storage);
		await createAcademy(storage, '200000000000002');
		({ academy: belgrano } = await runLeadJson(storage, {
			resource: 'academy',
			operation: 'upsert',
			phoneNumberId: '200000000000002',
			name: 'Gracie Barra Belgrano',
		}));
		n8n = new N8nServer();
		await n8n.importCredentials(
			credentialsFor(templates, {
				whatsAppCloudApi: graph.credentials(),
				academyPostgresApi: { ...storage.postgres },
				academyRedisApi: { ...storage.redis },
				httpBasicAuth: STAFF,
			}),
		);
		// n8n 2.41 creates a new tag once per workflow naming it within one import: the templates'
		// shared tag comes with the first, the others follow once it exists.
		await n8n.importWorkflows(templates.slice(0, 1));
		await n8n.importWorkflows(templates.slice(1));
		await n8n.start();
	});

	afterAll(async () => {
		await n8n?.stop();
		await graph.stop();
		await storage.cleanup();
	});

	describe('dashboard behind the staff login', () => {
		const dashboard = (academyId: string) => `/webhook/academy-dashboard?academy=${academyId}`;

		it('answers 401 without the login or with a wrong password, showing nothing', async () => {
			const anonymous = await get(dashboard(palermo.id));
			expect(anonymous.status).toBe(401);
			const wrong = await get(dashboard(palermo.id), basic(STAFF.user, 'guess'));
			expect(wrong.status).toBe(401);
			for (const answer of [anonymous, wrong]) expect(answer.text).not.toContain(palermo.name);
		});

		it("serves the academy's page with the login, as HTML that is not cached", async () => {
			const answer = await get(dashboard(palermo.id), basic(STAFF.user, STAFF.password));
			expect(answer.status).toBe(200);
			expect(answer.headers.get('content-type')).toContain('text/html');
			expect(answer.headers.get('cache-control')).toBe('no-store');
			expect(answer.text).toContain(`${palermo.name} · Lead funnel`);
		});

		it('answers 404 for an academy that does not exist', async () => {
			const answer = await get(
				dashboard('00000000-0000-4000-8000-000000000000'),
				basic(STAFF.user, STAFF.password),
			);
			expect(answer.status).toBe(404);
		});
	});

	describe('dashboard from the signed link of the weekly report', () => {
		it('opens the linked academy without a login', async () => {
			const answer = await get((await link(palermo.id)).path);
			expect(answer.status).toBe(200);
			expect(answer.text).toContain(`${palermo.name} · Lead funnel`);
			expect(answer.text).not.toContain(belgrano.name);
		});

		it('answers 403 to a link that was altered: another academy, a later expiry, another signature', async () => {
			const { query } = await link(palermo.id);
			const other = await link(belgrano.id);
			for (const altered of [
				{ ...query, academy: belgrano.id },
				{ ...query, signature: other.query.signature },
				{ ...query, expires: String(Number(query.expires) + 30 * 86_400) },
				{ academy: query.academy },
			]) {
				const answer = await get(withQuery(altered));
				expect(answer.status).toBe(403);
				expect(answer.text).not.toMatch(/Lead funnel|Gracie Barra/);
			}
		});

		it('answers 403 once the link has expired', async () => {
			const lastMonth = new Date(Date.now() - 30 * 86_400_000).toISOString();
			expect((await get((await link(palermo.id, lastMonth)).path)).status).toBe(403);
		});
	});

	describe.each([
		['academy settings', '/form/academy-settings'],
		['lead erasure', '/form/academy-erase-lead'],
	])('%s form', (_name, path) => {
		it('answers 401 without the login, also to a submission, and with a wrong login', async () => {
			expect((await get(path)).status).toBe(401);
			const boundary = 'e2e-boundary';
			const submission = `--${boundary}\r\nContent-Disposition: form-data; name="field-0"\r\n\r\n1\r\n--${boundary}--\r\n`;
			expect(
				(
					await n8n.post(path, submission, {
						'content-type': `multipart/form-data; boundary=${boundary}`,
					})
				).status,
			).toBe(401);
			expect((await get(path, basic('someone', STAFF.password))).status).toBe(401);
		});

		it('shows the form with the login', async () => {
			const answer = await get(path, basic(STAFF.user, STAFF.password));
			expect(answer.status).toBe(200);
			expect(answer.headers.get('content-type')).toContain('text/html');
			expect(answer.text).toContain('<form');
		});
	});
});
