import type { INodeParameters, IWorkflowBase } from 'n8n-workflow';

import { PACKAGE_NAME } from '../../helpers/workflow-runner';

export const CAL_NODE = 'Cal.com Booking';

/** A manual trigger feeding one Cal.com node, as a template would wire it. */
export function calWorkflow(
	parameters: INodeParameters,
	continueOnFail = false,
): Partial<IWorkflowBase> {
	return {
		nodes: [
			{
				id: '1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: '2',
				name: CAL_NODE,
				type: `${PACKAGE_NAME}.calCom`,
				typeVersion: 1,
				position: [200, 0],
				parameters,
				credentials: { calComApi: { id: 'cal', name: 'Cal.com' } },
				...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		connections: { Start: { main: [[{ node: CAL_NODE, type: 'main', index: 0 }]] } },
	};
}
