import type { IsolatedStorage } from '../../../helpers/storage';
import { runLeadJson } from '../lead-node';

let sequence = 0;

/**
 * Messages the academy sent a lead at a given time, logged through the Lead node as the
 * templates log them, and the delivery status WhatsApp reported for them.
 */
export async function logSent(
	storage: IsolatedStorage,
	sent: { leadId: string; phoneNumberId: string; at: Date; count?: number; status?: string },
): Promise<void> {
	for (let i = 0; i < (sent.count ?? 1); i++) {
		sequence += 1;
		const messageId = `wamid.sent.${sequence}`;
		const at = sent.at.toISOString();
		await runLeadJson(storage, {
			resource: 'message',
			operation: 'log',
			direction: 'out',
			leadId: sent.leadId,
			messageId,
			text: 'Hola, ¿cómo te fue en la clase?',
			options: { at },
		});
		if (sent.status) {
			await runLeadJson(storage, {
				resource: 'message',
				operation: 'updateStatus',
				phoneNumberId: sent.phoneNumberId,
				messageId,
				status: sent.status,
				at,
				errorCode: sent.status === 'failed' ? '131026' : '',
			});
		}
	}
}
