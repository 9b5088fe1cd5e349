import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { hexDigestsEqual, hmacSha256Hex } from '../shared/signature';
import { WHATSAPP_CREDENTIAL, type WhatsAppCloudCredentials } from '../WhatsAppCloud/transport/credentials';

/** Equal-length digests, so the comparison takes the same time whatever the token. */
function sameToken(received: string, expected: string): boolean {
	return hexDigestsEqual(hmacSha256Hex('verify-token', expected), hmacSha256Hex('verify-token', received));
}

/**
 * Meta's subscription check: `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` is
 * answered with the challenge as plain text when the token matches the credential's, else 403.
 * An empty token in the credential never matches.
 */
export async function answerHandshake(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const query = this.getQueryData() as Record<string, unknown>;
	const res = this.getResponseObject();
	const { verifyToken } = await this.getCredentials<WhatsAppCloudCredentials>(WHATSAPP_CREDENTIAL);
	const expected = verifyToken?.trim() ?? '';
	const challenge = query['hub.challenge'];
	const accepted =
		query['hub.mode'] === 'subscribe' &&
		typeof challenge === 'string' &&
		expected !== '' &&
		sameToken(String(query['hub.verify_token'] ?? ''), expected);
	if (!accepted) {
		this.logger.warn('WhatsApp Cloud Trigger refused a subscription check: the verify token does not match the credential');
		res.status(403).type('text/plain').send('Verify token does not match').end();
		return { noWebhookResponse: true };
	}
	res.status(200).type('text/plain').send(challenge).end();
	return { noWebhookResponse: true };
}
