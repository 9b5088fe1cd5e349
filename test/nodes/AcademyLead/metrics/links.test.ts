import { isolatedStorage } from '../../../helpers/storage';
import { createAcademy, runLead, runLeadJson } from '../lead-node';

const storage = isolatedStorage('lead_dashboard_links');
afterAll(() => storage.cleanup());

const DASHBOARD = 'https://n8n.example.com/webhook/academy-dashboard-link';

async function createLink(academyId: string, referenceTime = '', validDays = 8) {
	const json = await runLeadJson(storage, {
		resource: 'metrics',
		operation: 'createLink',
		academyId,
		dashboardUrl: DASHBOARD,
		validDays,
		options: referenceTime ? { referenceTime } : {},
	});
	return json.dashboardLink as { url: string; academyId: string; expiresAt: string };
}

async function verify(query: Record<string, string>) {
	const json = await runLeadJson(
		storage,
		{ resource: 'metrics', operation: 'verifyLink' },
		{ query },
	);
	return json.dashboardAccess;
}

const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);

describe('Academy Lead › signed dashboard links', () => {
	let palermo: string;
	let belgrano: string;

	beforeAll(async () => {
		palermo = (await createAcademy(storage)).id;
		belgrano = (await createAcademy(storage, '200000000000002')).id;
	});

	it('opens the academy it was made for until it expires, and names nothing personal', async () => {
		const link = await createLink(palermo, '2026-11-16T11:00:00.000Z');
		expect(link.expiresAt).toBe('2026-11-24T11:00:00.000Z');
		expect(link.url.startsWith(`${DASHBOARD}?`)).toBe(true);
		expect(Object.keys(queryOf(link.url)).sort()).toEqual(['academy', 'expires', 'signature']);

		const current = await createLink(palermo);
		expect(await verify(queryOf(current.url))).toEqual({
			granted: true,
			academyId: palermo,
			expiresAt: current.expiresAt,
		});
	});

	it('refuses a link that was changed: another academy, a later expiry, another signature', async () => {
		const query = queryOf((await createLink(palermo)).url);
		expect(await verify({ ...query, academy: belgrano })).toEqual({
			granted: false,
			reason: 'altered',
		});
		expect(await verify({ ...query, expires: String(Number(query.expires) + 86_400) })).toEqual({
			granted: false,
			reason: 'altered',
		});
		const flipped = query.signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
		expect(await verify({ ...query, signature: flipped })).toEqual({
			granted: false,
			reason: 'altered',
		});
		expect(await verify({ ...query, signature: query.signature.slice(0, 40) })).toEqual({
			granted: false,
			reason: 'incomplete',
		});
		expect(await verify({})).toEqual({ granted: false, reason: 'incomplete' });
	});

	it("refuses another academy's genuine link for this academy: the signature binds the academy", async () => {
		const other = queryOf((await createLink(belgrano)).url);
		expect(await verify(other)).toMatchObject({ granted: true, academyId: belgrano });
		const mine = queryOf((await createLink(palermo)).url);
		expect(await verify({ ...mine, signature: other.signature })).toEqual({
			granted: false,
			reason: 'altered',
		});
	});

	it('refuses an expired link', async () => {
		const lastMonth = new Date(Date.now() - 30 * 86_400_000).toISOString();
		expect(await verify(queryOf((await createLink(palermo, lastMonth)).url))).toEqual({
			granted: false,
			reason: 'expired',
		});
	});

	it('refuses a link signed with another Data Encryption Secret (another installation)', async () => {
		const query = queryOf((await createLink(palermo)).url);
		const elsewhere = {
			...storage,
			postgres: { ...storage.postgres, encryptionSecret: 'another-installation-secret' },
		};
		const [item] = await runLead(elsewhere, { resource: 'metrics', operation: 'verifyLink' }, [
			{ query },
		]);
		expect(item.json.dashboardAccess).toEqual({ granted: false, reason: 'altered' });
	});

	it('makes no link for an academy that does not exist or to an address that is not a web page', async () => {
		const [unknown] = await runLead(
			storage,
			{
				resource: 'metrics',
				operation: 'createLink',
				academyId: '00000000-0000-4000-8000-000000000000',
				dashboardUrl: DASHBOARD,
			},
			[{}],
			{ continueOnFail: true },
		);
		expect(unknown.json.error).toBe('No academy has the ID 00000000-0000-4000-8000-000000000000');
		const [address] = await runLead(
			storage,
			{
				resource: 'metrics',
				operation: 'createLink',
				academyId: palermo,
				dashboardUrl: 'javascript:alert(1)',
			},
			[{}],
			{ continueOnFail: true },
		);
		expect(address.json.error).toBe('Dashboard Address "javascript:alert(1)" is not a web address');
	});
});
