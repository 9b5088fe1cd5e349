import type { IDataObject } from 'n8n-workflow';

import { isolatedStorage } from '../../../helpers/storage';
import { createAcademy, inbound, runLead, runLeadJson, upsertParameters } from '../lead-node';

const storage = isolatedStorage('lead_metrics_node');
afterAll(() => storage.cleanup());

describe('Academy Lead › Metrics', () => {
	it('reports on every academy, one item each, and counts the follow-ups due for the alert', async () => {
		const palermo = await createAcademy(storage);
		const belgrano = await createAcademy(storage, '200000000000002');
		// Wednesday 11 November 2026, mid-morning in Buenos Aires.
		const at = '2026-11-11T13:00:00.000Z';
		const message = (phoneNumberId: string, waId: string) => ({ message: inbound({ phoneNumberId, waId, timestamp: at }) as unknown as IDataObject });
		const { lead } = await runLeadJson(storage, upsertParameters, message(palermo.phoneNumberId, '5491144440001'));
		await runLeadJson(storage, upsertParameters, message(palermo.phoneNumberId, '5491144440002'));
		await runLeadJson(storage, upsertParameters, message(belgrano.phoneNumberId, '5491144440003'));

		const report = { resource: 'metrics', operation: 'report', academyId: '', weeks: 2, options: { referenceTime: '2026-11-12T12:00:00.000Z' } };
		const items = await runLead(storage, report, [{ trigger: 'weekly' }]);
		const byName = new Map(items.map((item) => [(item.json.metrics as IDataObject).academyId, item.json]));
		expect(items).toHaveLength(2);
		expect(byName.get(palermo.id)).toMatchObject({
			trigger: 'weekly',
			metrics: {
				academyName: 'Gracie Barra Palermo',
				funnel: [
					{ week: '2026-W45', new: 0 },
					{ week: '2026-W46', new: 2, scheduled: 0, conversionRate: 0 },
				],
				firstResponse: { conversations: 2, answered: 0, p50Seconds: null },
				// Two leads over the 11 local days from Monday 2 to Thursday 12 November.
				leadsPerDay: { average: 0.18 },
			},
		});
		expect(byName.get(belgrano.id)).toMatchObject({ metrics: { totals: { new: 1 } } });

		await runLeadJson(storage, { resource: 'followUp', operation: 'schedule', kind: 'offer', dueAt: '2026-11-12T11:00:00.000Z' }, { lead });
		const depth = await runLeadJson(storage, { resource: 'metrics', operation: 'queueDepth', options: { referenceTime: '2026-11-12T12:00:00.000Z' } });
		expect(depth.followUpQueue).toMatchObject({ due: 1, scheduled: 0, inFlight: 0 });
		expect((depth.followUpQueue as { academies: IDataObject[] }).academies).toContainEqual({ academyId: palermo.id, due: 1, scheduled: 0, inFlight: 0 });
	});

	it('names the academy that does not exist', async () => {
		const [item] = await runLead(
			storage,
			{ resource: 'metrics', operation: 'report', academyId: '00000000-0000-4000-8000-000000000000' },
			[{}],
			{ continueOnFail: true },
		);
		expect(item.json.error).toBe('No academy has the ID 00000000-0000-4000-8000-000000000000');
	});
});
