import { runWorkflow } from '../helpers/workflow-runner';

describe('in-process workflow runner', () => {
	it('runs n8n core nodes with expressions and hands the start node its items', async () => {
		const result = await runWorkflow(
			{
				nodes: [
					{ id: '1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					{
						id: '2',
						name: 'Greet',
						type: 'n8n-nodes-base.set',
						typeVersion: 3.4,
						position: [200, 0],
						parameters: {
							assignments: {
								assignments: [{ id: 'a', name: 'reply', value: '=Olá {{ $json.name }}', type: 'string' }],
							},
							includeOtherFields: true,
							options: {},
						},
					},
				],
				connections: { Start: { main: [[{ node: 'Greet', type: 'main', index: 0 }]] } },
			},
			{ items: [{ json: { name: 'Maria' } }] },
		);
		expect(result.order).toEqual(['Start', 'Greet']);
		expect(result.output('Greet')[0].json).toEqual({ name: 'Maria', reply: 'Olá Maria' });
	});
});
