export const WHATSAPP_CREDENTIAL = 'whatsAppCloudApi';

/** The fields of the WhatsApp Cloud API credential, as nodes read them. */
export interface WhatsAppCloudCredentials {
	accessToken: string;
	phoneNumberId: string;
	businessAccountId?: string;
	appId?: string;
	appSecret: string;
	previousAppSecret?: string;
	verifyToken?: string;
	graphApiVersion?: string;
	baseUrl?: string;
}

const VERSION = /^v\d+\.\d+$/;

/**
 * The Graph API URL of `path` for this credential. A version typed without its "v" or with
 * spaces would make Meta answer with an unhelpful routing error, so it is checked here.
 */
export function graphUrl(credentials: WhatsAppCloudCredentials, path: string): string {
	const base = (credentials.baseUrl?.trim() || 'https://graph.facebook.com').replace(/\/+$/, '');
	const version = credentials.graphApiVersion?.trim() || 'v24.0';
	if (!VERSION.test(version)) {
		throw new RangeError(
			`Graph API version "${version}" in the WhatsApp Cloud API credential is not valid: write it like v24.0`,
		);
	}
	return `${base}/${version}/${path.replace(/^\/+/, '')}`;
}
