import type { INodeParameters } from 'n8n-workflow';

import { runWorkflow, PACKAGE_NAME } from '../../helpers/workflow-runner';

/** An Academy Intent node whose Text is not text fails for that item only: a simple way to make one item fail. */
function workflow(onError: 'continueRegularOutput' | 'continueErrorOutput') {
	return {
		nodes: [
			{ id: '1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} },
			{
				id: '2',
				name: 'Intent',
				type: `${PACKAGE_NAME}.academyIntent`,
				typeVersion: 1,
				position: [200, 0] as [number, number],
				parameters: { mode: 'keywords', routedIntents: ['PRECIO'], text: '={{ $json.text }}' } as INodeParameters,
				onError,
			},
			{ id: '3', name: 'Errors', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [400, 200] as [number, number], parameters: {} },
		],
		connections: {
			Start: { main: [[{ node: 'Intent', type: 'main' as const, index: 0 }]] },
			// Outputs: Price, Other, then n8n's error output.
			Intent: { main: [[], [], [{ node: 'Errors', type: 'main' as const, index: 0 }]] },
		},
	};
}

const items = [{ json: { text: 'cuánto sale?', lead: 'a' } }, { json: { text: { not: 'text' }, lead: 'b' } }];

describe('the item loop every router shares', () => {
	it('keeps a failed item, with its data and the error, on the regular output with "continue"', async () => {
		const run = await runWorkflow(workflow('continueRegularOutput'), { items });
		const other = run.output('Intent', 1);
		expect(other).toHaveLength(1);
		expect(other[0].json).toMatchObject({ lead: 'b', error: 'The Text parameter is not a text' });
		expect(other[0].pairedItem).toEqual({ item: 1 });
		expect(run.output('Intent', 0)[0].json).toMatchObject({ lead: 'a', intent: { name: 'PRECIO' } });
	});

	it('sends a failed item to the error output with "continue (using error output)"', async () => {
		const run = await runWorkflow(workflow('continueErrorOutput'), { items });
		const errors = run.output('Errors');
		expect(errors).toHaveLength(1);
		expect(errors[0].json).toMatchObject({ error: 'The Text parameter is not a text' });
		expect(run.output('Intent', 1)).toHaveLength(0);
		expect(run.output('Intent', 0)).toHaveLength(1);
	});
});
