import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { forEachItem } from '../../shared/item-loop';
import { INTENTS, type Intent } from '../../shared/types';
import { itemClassifier } from './item-classifier';
import { parameter } from '../../shared/parameter';

/** The intents that have their own output, in output order; everything else goes to Other, last. */
function routedIntents(this: IExecuteFunctions): Intent[] {
	const chosen = parameter(this, 'routedIntents', 0, INTENTS) as string[];
	return INTENTS.filter((intent) => intent !== 'OTRO' && chosen.includes(intent));
}

/** Classifies every item and sends it, with its JSON kept and `intent` added, to its intent's output. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const routed = routedIntents.call(this);
	const otherOutput = routed.length;
	const classify = await itemClassifier.call(this);
	return await forEachItem(
		this,
		async (itemIndex, item) => {
			const intent = await classify(itemIndex);
			const output = routed.indexOf(intent.name);
			return [{ output: output < 0 ? otherOutput : output, json: { ...item.json, intent: { ...intent } } }];
		},
		{ outputs: routed.length + 1, errorOutput: otherOutput },
	);
}
