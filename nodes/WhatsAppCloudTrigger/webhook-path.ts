import * as n8nWorkflow from 'n8n-workflow';
import type { IWebhookDescription } from 'n8n-workflow';

/**
 * The webhook's path: the node's Path parameter. n8n 2.41 and later read it from the parameters
 * when the description says how, instead of running an expression on every request Meta sends;
 * earlier versions, which lack the helpers, evaluate the template.
 */
export const pathFromParameter: Pick<IWebhookDescription, 'path'> =
	typeof n8nWorkflow.webhookDescriptionFields === 'function'
		? n8nWorkflow.webhookDescriptionFields({ path: n8nWorkflow.fromParameter('path') })
		: { path: '={{$parameter["path"]}}' };
