import type { LeadLanguage, LeadState } from '../../../nodes/shared/types';

/** What the side panel shows about the lead of the open chat: no phone numbers, no secrets. */
export interface LeadPanel {
	/** Where the facts came from, said in the panel so nobody mistakes a guess for the database. */
	source: string;
	lead: {
		state: LeadState;
		name: string | null;
		language: LeadLanguage | null;
		optedOut: boolean;
		pausedUntil: string | null;
		createdAt: string;
	} | null;
	events: Array<{ from: LeadState | null; to: LeadState; cause: string; at: string }>;
	followUps: Array<{ kind: string; dueAt: string; status: string }>;
	/** Set when the state cannot be read, in words for the person at the keyboard. */
	note?: string;
}

/** Reads the lead of one WhatsApp number; the demo gives one that uses the package's own storage code. */
export type LeadPanelReader = (waId: string) => Promise<LeadPanel>;

export const noLeadStorage: LeadPanelReader = async () => ({
	source: 'none',
	lead: null,
	events: [],
	followUps: [],
	note: 'The Lead node is not part of this build yet, so there is no lead record to show.',
});
