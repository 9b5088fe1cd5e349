import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	INTENTS,
	isLeadLanguage,
	type AcademyProfile,
	type HistoryEntry,
	type InboundMessage,
	type Intent,
	type LeadLanguage,
	type LeadRecord,
} from '../../shared/types';
import { parameter } from '../../shared/parameter';

export type InboundMedia = NonNullable<InboundMessage['media']>;

/** The item's data as the node parameters point at it, checked once. */
export interface ItemInputs {
	academy: AcademyProfile;
	lead: LeadRecord | null;
	history: HistoryEntry[];
	intent: Intent;
	language: LeadLanguage;
	text: string;
	bookingUrl: string | null;
	media: InboundMedia | null;
}

/** A json parameter arrives as the object an expression returned, or as the text someone typed. */
function jsonParameter(context: IExecuteFunctions, name: string, itemIndex: number): unknown {
	const value = parameter(context, name, itemIndex, null) as unknown;
	if (typeof value !== 'string') return value;
	if (!value.trim()) return null;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		throw new NodeOperationError(context.getNode(), `The "${name}" parameter is not valid JSON`, { itemIndex });
	}
}

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function academyOf(context: IExecuteFunctions, itemIndex: number): AcademyProfile {
	const academy = jsonParameter(context, 'academy', itemIndex);
	const missing = !isObject(academy)
		? 'is missing'
		: !Array.isArray(academy.prices)
			? 'has no prices'
			: !Array.isArray(academy.schedule)
				? 'has no schedule'
				: typeof academy.name !== 'string'
					? 'has no name'
					: null;
	if (missing) {
		throw new NodeOperationError(context.getNode(), `The academy profile ${missing}`, {
			itemIndex,
			description:
				'Put the Academy Lead node before this node, or set "Academy Profile" to an expression that returns the academy (name, address, prices, schedule, trial policy).',
		});
	}
	return academy as unknown as AcademyProfile;
}

function intentOf(context: IExecuteFunctions, itemIndex: number): Intent {
	const raw = String(parameter(context, 'intent', itemIndex, '') ?? '').trim().toUpperCase();
	if (!raw) return 'OTRO';
	if (!(INTENTS as readonly string[]).includes(raw)) {
		// The value is not repeated: a mis-mapped parameter could hold the lead's words.
		throw new NodeOperationError(context.getNode(), 'The intent on this item is not one this node knows', {
			itemIndex,
			description: `Use one of ${INTENTS.join(', ')}: put the Academy Intent node before this node, or fix the "Intent" parameter.`,
		});
	}
	return raw as Intent;
}

/** "pt-BR" and "PT" are Portuguese; a language the academy cannot be answered in gets the academy's own. */
function languageOf(context: IExecuteFunctions, itemIndex: number, academy: AcademyProfile): LeadLanguage {
	const raw = String(parameter(context, 'language', itemIndex, '') ?? '').trim().slice(0, 2).toLowerCase();
	if (isLeadLanguage(raw)) return raw;
	return isLeadLanguage(academy.defaultLanguage) ? academy.defaultLanguage : 'es';
}

function historyOf(context: IExecuteFunctions, itemIndex: number): HistoryEntry[] {
	const history = jsonParameter(context, 'history', itemIndex);
	if (!Array.isArray(history)) return [];
	return history.filter(
		(entry): entry is HistoryEntry =>
			isObject(entry) && (entry.direction === 'in' || entry.direction === 'out') && typeof entry.text === 'string',
	);
}

export function readInputs(context: IExecuteFunctions, itemIndex: number): ItemInputs {
	const academy = academyOf(context, itemIndex);
	const lead = jsonParameter(context, 'lead', itemIndex);
	const media = jsonParameter(context, 'media', itemIndex);
	const bookingUrl = String(parameter(context, 'bookingUrl', itemIndex, '') ?? '').trim();
	return {
		academy,
		lead: isObject(lead) ? (lead as unknown as LeadRecord) : null,
		history: historyOf(context, itemIndex),
		intent: intentOf(context, itemIndex),
		language: languageOf(context, itemIndex, academy),
		text: String(parameter(context, 'text', itemIndex, '') ?? ''),
		bookingUrl: bookingUrl || null,
		media: isObject(media) && typeof media.mimeType === 'string' ? (media as unknown as InboundMedia) : null,
	};
}
