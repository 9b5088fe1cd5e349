import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { firstSighting } from '../../../shared/storage/dedupe';
import type { AcademyProfile } from '../../../shared/types';
import { findAcademyById } from '../../storage/academies';
import { inZone } from '../followUp/time';
import { referenceTime, referenceTimeOption } from '../followUp/fields';
import type { LeadOperation } from '../operation';
import { collectionParameter, idParameter } from '../parameters';
import { deliveries, replyTimes } from './health';
import { queueDepth } from './queries';
import { academyMetrics, percent } from './report';
import { parameter } from '../../../shared/parameter';

const number = (
	displayName: string,
	name: string,
	value: number,
	description: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	typeOptions: { minValue: 0 },
	default: value,
	description,
});

const properties: INodeProperties[] = [
	number(
		'Look Back (Minutes)',
		'windowMinutes',
		15,
		'Reply times and failed messages are counted over this stretch of time up to now',
	),
	number(
		'Slow Answer (Seconds)',
		'slowSeconds',
		5,
		'An answer that took longer than this to write counts as slow',
	),
	number(
		'Slow Answers to Alert',
		'slowReplies',
		1,
		'Alert when at least this many answers were slow in the look-back time',
	),
	number(
		'Error Rate to Alert (%)',
		'errorRatePercent',
		5,
		'Alert when more than this share of sent messages failed',
	),
	number(
		'Messages Needed for Error Rate',
		'errorRateMinimum',
		20,
		'Fewer sent messages than this in the look-back time give no error-rate alert (1 failure in 3 is not a trend)',
	),
	number(
		'Conversion Drop to Alert (%)',
		'conversionDropPercent',
		20,
		"Alert when last week's conversion is this much lower than the week before's",
	),
	number(
		'Follow-Up Queue to Alert',
		'queueLimit',
		1000,
		'Alert when more follow-ups than this are due and not sent',
	),
	number(
		'Repeat After (Hours)',
		'repeatHours',
		6,
		'A problem that lasts is reported again only after this many hours (a conversion drop once per week); 0 reports it at every check',
	),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Academy ID',
				name: 'academyId',
				type: 'string',
				default: '',
				description: 'Only this academy; empty checks every academy',
			},
			referenceTimeOption,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['metrics'], operation: ['alerts'] } },
	properties,
);

const WEEK_SECONDS = 7 * 86_400;

export type AlertCode = 'slowReplies' | 'errorRate' | 'conversionDrop' | 'followUpQueue';

export interface Alert extends IDataObject {
	academyId: string;
	academyName: string;
	code: AlertCode;
	/** The measured figure and the limit it passed, in the unit of the code (count, percent, steps). */
	value: number;
	limit: number;
	/** The ISO week a conversion drop is about, so it is reported once per week; null otherwise. */
	week: string | null;
	details: IDataObject;
}

/**
 * Conversion of last week's new leads against the week before's, each counted at the end of
 * its own week: comparing both at the same age is fair to the newer week, whose leads have
 * had less time to enrol.
 */
async function conversionDrop(
	pool: Parameters<typeof academyMetrics>[0],
	academy: AcademyProfile,
	now: Date,
) {
	const thisWeek = inZone(now, academy.timeZone).startOf('week');
	const at = async (end: Date) => (await academyMetrics(pool, academy, end, 1)).funnel[0];
	const [previous, last] = await Promise.all([
		at(thisWeek.minus({ weeks: 1 }).toJSDate()),
		at(thisWeek.toJSDate()),
	]);
	const change =
		previous.conversionRate && last.conversionRate !== null
			? Math.round(
					(10_000 * (last.conversionRate - previous.conversionRate)) / previous.conversionRate,
				) / 100
			: null;
	return { change, previous, last };
}

/**
 * The seed's critical alerts (section 9.2) for each academy: one item per limit passed now and
 * not already reported within Repeat After, with the academy (owner number, language,
 * templates) for the message. No new problem, no item.
 */
export const execute: LeadOperation = async function (itemIndex, { pool, redis, cipher }) {
	const limit = (name: string) => {
		const value = parameter(this, name, itemIndex) as number;
		if (typeof value !== 'number' || !(value >= 0)) {
			throw new NodeOperationError(
				this.getNode(),
				`${name} must be a number of at least 0, not ${String(value)}`,
				{ itemIndex },
			);
		}
		return value;
	};
	const [
		windowMinutes,
		slowSeconds,
		slowReplies,
		errorRatePercent,
		errorRateMinimum,
		conversionDropPercent,
		queueLimit,
		repeatHours,
	] = [
		'windowMinutes',
		'slowSeconds',
		'slowReplies',
		'errorRatePercent',
		'errorRateMinimum',
		'conversionDropPercent',
		'queueLimit',
		'repeatHours',
	].map(limit);
	const now = referenceTime.call(this, itemIndex);
	const from = new Date(now.getTime() - windowMinutes * 60_000);
	const only = collectionParameter.call(this, 'options', itemIndex).academyId
		? idParameter.call(this, 'options.academyId', itemIndex, 'Academy ID')
		: null;
	const { rows } = await pool.query<{ id: string }>(
		'SELECT id FROM academies WHERE $1::uuid IS NULL OR id = $1 ORDER BY name, id',
		[only],
	);
	const due = new Map((await queueDepth(pool, now)).map((row) => [row.academy_id, row.due]));

	// Remembered where duplicate deliveries are (Redis, else Postgres), so a lasting problem is not sent every check.
	const isNew = async (alert: Alert) =>
		repeatHours === 0 ||
		firstSighting(
			{ pool, redis },
			`alert:${alert.academyId}:${alert.code}${alert.week ? `:${alert.week}` : ''}`,
			alert.week
				? Math.max(repeatHours * 3600, WEEK_SECONDS + 86_400)
				: Math.round(repeatHours * 3600),
		);
	const results = [];
	for (const { id } of rows) {
		const academy = (await findAcademyById(pool, cipher, id)) as AcademyProfile;
		const alerts: Alert[] = [];
		const raise = (
			code: AlertCode,
			value: number,
			max: number,
			details: IDataObject,
			week: string | null = null,
		) =>
			alerts.push({
				academyId: id,
				academyName: academy.name,
				code,
				value,
				limit: max,
				week,
				details,
			});

		const replies = await replyTimes(pool, id, from, now, slowSeconds * 1000);
		if (slowReplies > 0 && replies.slow >= slowReplies) {
			raise('slowReplies', replies.slow, slowReplies, {
				replies: replies.replies,
				slowestSeconds:
					replies.slowestMs === null ? null : Math.round(replies.slowestMs / 100) / 10,
				aiFailures: replies.aiFailures,
				slowSeconds,
				windowMinutes,
			});
		}
		const sent = await deliveries(pool, id, from, now);
		const errorRate = percent(sent.failed, sent.sent);
		if (
			sent.sent >= Math.max(errorRateMinimum, 1) &&
			errorRate !== null &&
			errorRate > errorRatePercent
		) {
			raise('errorRate', errorRate, errorRatePercent, {
				sent: sent.sent,
				failed: sent.failed,
				windowMinutes,
			});
		}
		const conversion = await conversionDrop(pool, academy, now);
		if (conversion.change !== null && -conversion.change >= conversionDropPercent) {
			raise(
				'conversionDrop',
				-conversion.change,
				conversionDropPercent,
				{
					previousWeek: conversion.previous.week,
					previousRate: conversion.previous.conversionRate,
					lastRate: conversion.last.conversionRate,
				},
				conversion.last.week,
			);
		}
		const queued = due.get(id) ?? 0;
		if (queued > queueLimit) raise('followUpQueue', queued, queueLimit, {});
		for (const alert of alerts) {
			if (await isNew(alert)) results.push({ alert, academy });
		}
	}
	return results;
};
