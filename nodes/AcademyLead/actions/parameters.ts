import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parameter } from '../../shared/parameter';
import { isLeadLanguage, type LeadLanguage } from '../../shared/types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A text parameter, trimmed; expressions that resolve to nothing give ''. */
export function textParameter(this: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = parameter(this, name, itemIndex, '') as unknown;
	return value === null || value === undefined ? '' : String(value).trim();
}

/** An id of a row this node created (lead, academy), checked before it reaches SQL. */
export function idParameter(this: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	const id = textParameter.call(this, name, itemIndex);
	if (!UUID.test(id)) {
		throw new NodeOperationError(
			this.getNode(),
			id ? `${label} "${id}" is not an id this node gave out` : `${label} is empty`,
			{
				itemIndex,
				description: `Map it from an earlier Academy Lead step, e.g. {{ $json.${label.startsWith('Lead') ? 'lead' : 'academy'}.id }}.`,
			},
		);
	}
	return id;
}

/** A date-time parameter; empty gives `fallback`. Accepts ISO text, n8n date-times and unix seconds. */
export function dateParameter(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
	fallback: Date | null,
): Date | null {
	const value = parameter(this, name, itemIndex, '') as unknown;
	if (value === '' || value === null || value === undefined) return fallback;
	const date =
		typeof value === 'number' || /^\d{9,10}$/.test(String(value))
			? new Date(Number(value) * 1000)
			: new Date(typeof value === 'object' && 'toISO' in (value as object) ? String((value as { toISO(): string }).toISO()) : String(value));
	if (Number.isNaN(date.getTime())) {
		throw new NodeOperationError(this.getNode(), `${label} "${String(value)}" is not a date and time`, {
			itemIndex,
			description: 'Use an ISO date like 2026-03-01T18:30:00-03:00.',
		});
	}
	return date;
}

export function collectionParameter(this: IExecuteFunctions, name: string, itemIndex: number): IDataObject {
	return parameter(this, name, itemIndex, {}) as IDataObject;
}

/** A lead's language from a value staff or an earlier step gave: es, pt, en, or null when empty. */
export function leadLanguage(this: IExecuteFunctions, value: unknown, itemIndex: number): LeadLanguage | null {
	const language = String(value ?? '').trim();
	if (language && !isLeadLanguage(language)) {
		throw new NodeOperationError(this.getNode(), `Language "${language}" is not supported`, {
			itemIndex,
			description: 'Use es, pt or en.',
		});
	}
	return language ? (language as LeadLanguage) : null;
}

/** How long an answer took, in whole milliseconds, as the AI Reply step reports it. */
export function replyMilliseconds(this: IExecuteFunctions, value: unknown, itemIndex: number): number {
	const ms = value === '' || value === null || value === undefined ? NaN : Number(value);
	if (!Number.isFinite(ms) || ms < 0) {
		throw new NodeOperationError(this.getNode(), 'Reply Time is not a number of milliseconds', {
			itemIndex,
			description: 'Put this step after the AI Reply step and keep Reply Time on {{ $json.reply.latencyMs }}.',
		});
	}
	return Math.round(ms);
}
