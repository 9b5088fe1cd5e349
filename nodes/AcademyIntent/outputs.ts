import type { INodeOutputConfiguration, INodeParameters } from 'n8n-workflow';

/**
 * The node's outputs: one per routed intent, in the order of INTENTS, then Other. n8n turns this
 * function into the text of an expression (`outputs`), so it must not use anything outside itself;
 * a test keeps its list in step with INTENTS.
 */
export const configuredOutputs = (parameters: INodeParameters): INodeOutputConfiguration[] => {
	const outputNames: Array<[string, string]> = [
		['SALUDO', 'Greeting'],
		['PRECIO', 'Price'],
		['HORARIO', 'Schedule'],
		['UBICACION', 'Location'],
		['CLASE_PRUEBA', 'Trial Class'],
		['EXPERIENCIA', 'Experience'],
		['HUMANO', 'Human'],
		['BAJA', 'Opt-Out'],
	];
	const chosen = Array.isArray(parameters.routedIntents)
		? (parameters.routedIntents as string[])
		: outputNames.map(([intent]) => intent);
	const outputs: INodeOutputConfiguration[] = outputNames
		.filter(([intent]) => chosen.includes(intent))
		.map(([, displayName]) => ({ type: 'main', displayName }));
	outputs.push({ type: 'main', displayName: 'Other' });
	return outputs;
};
