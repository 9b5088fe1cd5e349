/**
 * What Meta's error codes mean, in words academy staff can act on. Meta asks integrators to branch
 * on `code` (titles are being deprecated), and the same codes arrive synchronously from the Graph
 * API and later in failed delivery statuses, so the send node and the trigger share this table.
 */
const MEANINGS: Record<number, string> = {
	0: 'WhatsApp refused the access token. Check the token in the WhatsApp Cloud API credential.',
	3: 'The Meta app is not allowed to use this API. Add the WhatsApp product to the app.',
	4: 'The Meta app made too many requests. Wait a few minutes before sending again.',
	10: 'The access token lacks a permission. Give it whatsapp_business_messaging and whatsapp_business_management.',
	100: 'WhatsApp rejected a value in the request. Check the fields of this node against the details below.',
	190: 'The WhatsApp access token has expired or was revoked. Create a new one (a System User token does not expire) and save it in the WhatsApp Cloud API credential.',
	200: 'The access token lacks a permission for this phone number. Give it whatsapp_business_messaging.',
	368: 'Meta has temporarily blocked this number for a policy violation. Check the account in WhatsApp Manager.',
	613: 'The Meta app made too many requests. Wait a few minutes before sending again.',
	80007: 'The WhatsApp Business Account reached its request limit. Wait a few minutes before sending again.',
	130429: 'This phone number is sending faster than WhatsApp allows. The node waited and retried; send fewer messages at once.',
	131000: 'Something went wrong at WhatsApp. Try again later.',
	131005: 'The access token is not allowed to do this. Check its permissions in Meta Business Settings.',
	131008: 'A required field is missing. Fill in every field of this operation.',
	131009: 'A field has a value WhatsApp does not accept. Check the details below.',
	131026: 'This person cannot receive the message: the number may not use WhatsApp, may have an old app version or may have blocked the academy. Do not retry; reach them another way.',
	131030: 'The number is not in the test number\'s list of allowed recipients. Add it in Meta App Dashboard → WhatsApp → API Setup, or send from the academy\'s real number.',
	131031: 'Meta has locked this WhatsApp Business Account for a policy issue. Check WhatsApp Manager.',
	131047: 'More than 24 hours have passed since this person last wrote, so WhatsApp only allows an approved template now. Use the Send Template operation.',
	131048: 'WhatsApp limited this number because earlier messages were reported or blocked. Send less, and only to people who asked.',
	131049: 'WhatsApp held back this marketing message to avoid tiring the person. Try again in a few days, or send a service reply once they write.',
	131050: 'This person has stopped marketing messages from the academy. Do not send them marketing templates.',
	131051: 'WhatsApp does not support this kind of message.',
	131052: 'WhatsApp could not download the media the person sent (it may be over 100 MB or expired).',
	131053: 'WhatsApp could not use the media file. Check its type and size, and that the link opens without a login.',
	131056: 'Too many messages went to this person in a short time. The node waited and retried; leave a few seconds between messages.',
	131057: 'The WhatsApp account is being upgraded to a higher throughput. Try again in a minute.',
	132000: 'The number of template parameters does not match the approved template. Add or remove body parameters.',
	132001: 'No approved template has this name in this language. Check the name and language code in WhatsApp Manager.',
	132005: 'The template text becomes too long with these parameters. Use shorter values.',
	132007: 'A template parameter breaks WhatsApp\'s format rules (for example new lines, tabs or more than four spaces in a row).',
	132012: 'A template parameter has the wrong format. Check its type against the approved template.',
	132015: 'This template is paused because of low quality. Edit it or use another one.',
	132016: 'This template was disabled because of low quality. Create a new template.',
};

export function meaningOf(code: number | undefined): string | undefined {
	return code === undefined ? undefined : MEANINGS[code];
}

/** Codes that clear by themselves: the seed's retry policy repeats these, and only these, of Meta's own. */
export const TRANSIENT_META_CODES = new Set([130429, 131056]);
