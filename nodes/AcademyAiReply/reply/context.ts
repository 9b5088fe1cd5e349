import type {
	AcademyProfile,
	HistoryEntry,
	Intent,
	LeadLanguage,
	LeadRecord,
	ReplyResult,
} from '../../shared/types';

/** Inbound media the lead sent that has no words of its own yet. */
export type MediaSituation = 'voice-unavailable' | 'image-without-caption' | null;

/** Everything an answer is built from, read from the item once. */
export interface ReplyContext {
	academy: AcademyProfile;
	lead: LeadRecord | null;
	history: HistoryEntry[];
	intent: Intent;
	language: LeadLanguage;
	/** The lead's words: the message text, a voice note's transcript or an image's caption. */
	text: string;
	textSource: 'text' | 'voice' | 'caption';
	/** A data: URL of an image the model should look at, when the node is told the model can see. */
	imageDataUrl: string | null;
	/** The personal link from the Cal.com node, else the academy's booking page. */
	bookingUrl: string | null;
	media: MediaSituation;
}

/** What the node puts under `reply`: the shared contract plus figures for metrics and alerts. */
export interface AiReply extends ReplyResult {
	language: LeadLanguage;
	intent: Intent;
	/** The model took longer than the alert line (the seed alerts on AI answers slower than 5 s). */
	slow: boolean;
	model: string | null;
	/** Calls made to the model for this message, retries and the one regeneration included. */
	attempts: number;
	/** A short code for the template's alert branch: timeout, rate_limited, invalid_reply, invalid_ready_made, … */
	fallbackCode: string | null;
	/** What a voice note said, when one was transcribed. */
	transcript: string | null;
}
