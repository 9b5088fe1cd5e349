/**
 * The trigger's outputs. n8n stringifies this function into the node's `outputs` expression, so it
 * must stay self-contained: no imports, no outside variables.
 */
export const configuredOutputs = (parameters: { options?: { emitStatuses?: boolean } }) =>
	parameters.options?.emitStatuses
		? [
				{ type: 'main', displayName: 'Messages' },
				{ type: 'main', displayName: 'Statuses' },
			]
		: [{ type: 'main', displayName: 'Messages' }];
