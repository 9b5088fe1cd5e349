/** Meta's webhook envelope for `object: whatsapp_business_account` (field `messages`), as far as the trigger reads it. */
export interface WebhookPayload {
	object?: string;
	entry?: Array<{ id?: string; changes?: Array<{ field?: string; value?: ChangeValue }> }>;
}

export interface ChangeValue {
	messaging_product?: string;
	metadata?: { display_phone_number?: string; phone_number_id?: string };
	contacts?: Contact[];
	messages?: MetaMessage[];
	statuses?: MetaStatus[];
	errors?: MetaError[];
}

export interface Contact {
	wa_id?: string;
	user_id?: string;
	profile?: { name?: string; username?: string; country_code?: string };
}

export interface MetaError {
	code?: number;
	title?: string;
	message?: string;
	error_data?: { details?: string };
	href?: string;
}

interface Media {
	id?: string;
	mime_type?: string;
	sha256?: string;
	url?: string;
	caption?: string;
	filename?: string;
	voice?: boolean;
	animated?: boolean;
}

export interface MetaMessage {
	from?: string;
	from_user_id?: string;
	id?: string;
	timestamp?: string;
	type?: string;
	context?: { from?: string; id?: string; forwarded?: boolean; referred_product?: unknown };
	text?: { body?: string };
	interactive?: {
		type?: string;
		button_reply?: { id?: string; title?: string };
		list_reply?: { id?: string; title?: string; description?: string };
		nfm_reply?: { name?: string; body?: string; response_json?: string };
	};
	button?: { payload?: string; text?: string };
	image?: Media;
	video?: Media;
	audio?: Media;
	document?: Media;
	sticker?: Media;
	location?: { latitude?: number; longitude?: number; name?: string; address?: string; url?: string };
	contacts?: Array<{
		name?: { formatted_name?: string; first_name?: string; last_name?: string };
		org?: { company?: string };
		phones?: Array<{ phone?: string; wa_id?: string }>;
	}>;
	reaction?: { message_id?: string; emoji?: string };
	system?: { body?: string; type?: string; wa_id?: string };
	referral?: {
		source_url?: string;
		source_id?: string;
		source_type?: string;
		body?: string;
		headline?: string;
		ctwa_clid?: string;
	};
	errors?: MetaError[];
}

export interface MetaStatus {
	id?: string;
	status?: string;
	timestamp?: string;
	recipient_id?: string;
	recipient_user_id?: string;
	pricing?: { billable?: boolean; pricing_model?: string; type?: string; category?: string };
	errors?: MetaError[];
	biz_opaque_callback_data?: string;
}
