import { randomBytes } from 'node:crypto';
import type OpenAI from 'openai';

import { SEED_RETRY_DELAYS_MS, withRetry, type Clock, type RetryDecision } from '../../shared/retry';
import type { ReadyMadeAnswers } from '../actions/ready-made';
import { suggestedButtons } from '../answers/buttons';
import { deterministicAnswer } from '../answers/deterministic';
import { factsOf } from '../checks/grounding';
import { promptGuard, validateReply, type ReplyIssue } from '../checks/validate';
import type { ModelIntent, Tone } from '../prompt/instructions';
import { chatMessages, ruleTexts, type PromptSettings } from '../prompt/messages';
import { LANGUAGE_NAMES } from '../profile/format';
import {
	chat,
	describeFailure,
	retryDecision,
	transcribe,
	type CallOptions,
} from '../transport/openai';
import { Deadline } from './clock';
import type { AiReply, ReplyContext } from './context';
import { finishReply, type LinkOptions } from './postprocess';

export interface ModelSetup {
	client: OpenAI;
	model: string;
	baseUrl: string;
	temperature: number;
	maxTokens: number;
	/** Null when the credential names no transcription model. */
	transcriptionModel: string | null;
}

export interface EngineSettings {
	/** Null when the answers come without AI: staff chose so, or no usable credential is set. */
	model: ModelSetup | null;
	persona: string;
	tone: Tone;
	instructions: Record<ModelIntent, string>;
	/** Staff's own wording for the ready-made answers. */
	readyMade: ReadyMadeAnswers;
	historyLimit: number;
	links: LinkOptions;
	suggestButtons: boolean;
	attemptTimeoutMs: number;
	budgetMs: number;
	/** Above this the reply is flagged slow (the seed alerts on AI answers slower than 5 s). */
	slowMs: number;
	clock: Clock;
	signal?: AbortSignal;
}

/** Why the ready-made answer replaced the model's: a short code for the template, a reason for staff. */
export interface Fallback {
	code: string;
	reason: string;
}

export interface Outcome {
	reply: AiReply;
	/** The ready-made answer replaced the model's: the item leaves by the Fallback output. */
	fallback: boolean;
}

/** A model call's answer, or why there is none. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; fallback: Fallback };

const MAX_DRAFTS = 2;

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * One message's way to an answer: the voice note's transcription when there is one, the model
 * under the seed's retry policy and the item's time budget, validation with one regeneration, and
 * the ready-made answer whenever the model cannot be trusted with this message.
 */
export class ReplyRun {
	private readonly deadline: Deadline;

	private attempts = 0;

	private tokens: { prompt: number; completion: number } | null = null;

	constructor(private readonly settings: EngineSettings) {
		this.deadline = new Deadline(settings.clock, settings.budgetMs);
	}

	get canTranscribe(): boolean {
		return Boolean(this.settings.model?.transcriptionModel);
	}

	async transcribe(audio: { data: Buffer; mimeType: string; fileName: string }): Promise<CallResult<string>> {
		const model = this.settings.model!;
		return await this.call((options) => transcribe(model.client, model.transcriptionModel!, audio, options));
	}

	async compose(context: ReplyContext, earlier: Fallback | null = null): Promise<Outcome> {
		if (earlier) return this.ready(context, 'fallback', earlier);
		const { model } = this.settings;
		const fixedAnswer = context.intent === 'HUMANO' || context.intent === 'BAJA' || context.media !== null;
		if (!model || fixedAnswer) return this.ready(context, 'deterministic', null);
		return await this.modelReply(context, model);
	}

	private async modelReply(context: ReplyContext, model: ModelSetup): Promise<Outcome> {
		const prompt: PromptSettings = {
			persona: this.settings.persona,
			tone: this.settings.tone,
			instruction: this.settings.instructions[context.intent as ModelIntent],
			historyLimit: this.settings.historyLimit,
			canary: randomBytes(6).toString('hex'),
		};
		const guard = promptGuard(ruleTexts(prompt, context.language), prompt.canary);
		const facts = factsOf(context.academy, [context.bookingUrl]);
		let correction: string | null = null;
		let issues: ReplyIssue[] = [];
		for (let draft = 0; draft < MAX_DRAFTS; draft++) {
			const messages = chatMessages(context, prompt, correction);
			const result = await this.call((options) =>
				chat(
					model.client,
					{ model: model.model, messages, temperature: model.temperature, maxTokens: model.maxTokens },
					options,
				),
			);
			if (!result.ok) return this.ready(context, 'fallback', result.fallback);
			const answer = result.value;
			if (answer.usage) {
				this.tokens = {
					prompt: (this.tokens?.prompt ?? 0) + answer.usage.prompt,
					completion: (this.tokens?.completion ?? 0) + answer.usage.completion,
				};
			}
			const text = finishReply(answer.text, context, this.settings.links);
			issues = validateReply(text, facts, guard);
			if (answer.finishReason === 'length') {
				issues.push({ code: 'too_long', detail: 'was cut off at the reply length limit' });
			}
			if (!issues.length) return this.outcome(context, text, 'model', null);
			// The rejected draft is not shown back: it would only anchor the model on its own mistake.
			correction = `Your previous reply could not be sent because it ${issues.map((i) => i.detail).join('; ')}. Write a new reply that follows the RULES and states only what is in ACADEMY FACTS.`;
		}
		return this.ready(context, 'fallback', {
			code: 'invalid_reply',
			reason: `The AI's reply was not sent because it ${issues.map((i) => i.detail).join('; ')} (also after one regeneration)`,
		});
	}

	/**
	 * The seed's retries, each attempt cut to what is left of the item's time budget. A stopped
	 * execution ends here like any failure: nobody reads its answer.
	 */
	private async call<T>(attempt: (options: CallOptions) => Promise<T>): Promise<CallResult<T>> {
		const { clock, attemptTimeoutMs, signal, budgetMs } = this.settings;
		if (this.deadline.remaining() <= 0) {
			return {
				ok: false,
				fallback: { code: 'timeout', reason: `The ${seconds(budgetMs)} time budget was spent before the AI service could be asked` },
			};
		}
		let attemptsHere = 0;
		let timedOut = false;
		try {
			const value = await withRetry(
				async () => {
					attemptsHere++;
					this.attempts++;
					// withRetry never starts a wait that ends past the budget, so some time is always left.
					const timeoutMs = Math.max(1, Math.min(attemptTimeoutMs, this.deadline.remaining()));
					const timer = AbortSignal.timeout(timeoutMs);
					timedOut = false;
					try {
						return await attempt({ signal: signal ? AbortSignal.any([signal, timer]) : timer, timeoutMs });
					} finally {
						timedOut = timer.aborted;
					}
				},
				(error) => (timedOut ? { retry: true } : retryDecision(error)),
				{ budgetMs: this.deadline.remaining(), clock },
			);
			return { ok: true, value };
		} catch (error) {
			return { ok: false, fallback: this.describe(error, attemptsHere, timedOut) };
		}
	}

	private describe(error: unknown, attempts: number, timedOut: boolean): Fallback {
		const { model, budgetMs } = this.settings;
		const { code, reason } = describeFailure(error, model!.model, model!.baseUrl, timedOut);
		const decision: RetryDecision = timedOut ? { retry: true } : retryDecision(error);
		const notes: string[] = [];
		if (attempts > 1) notes.push(`after ${attempts} attempts`);
		if (decision.retry && attempts <= SEED_RETRY_DELAYS_MS.length) {
			notes.push(
				decision.retryAfterMs && decision.retryAfterMs >= this.deadline.remaining()
					? `it asked to wait ${seconds(decision.retryAfterMs)}, longer than the ${seconds(budgetMs)} time budget allows`
					: `gave up to stay within the ${seconds(budgetMs)} time budget`,
			);
		}
		return { code, reason: notes.length ? `${reason}; ${notes.join('; ')}` : reason };
	}

	/**
	 * The ready-made answer: staff's own for this intent and language when they wrote one and it
	 * passes the checks every answer passes, the built-in one otherwise.
	 */
	private ready(context: ReplyContext, mode: 'deterministic' | 'fallback', fallback: Fallback | null): Outcome {
		const { links, readyMade } = this.settings;
		const own = context.media === null ? readyMade[context.intent]?.[context.language] : undefined;
		if (own) {
			const text = finishReply(deterministicAnswer(context, own), context, links);
			const issues = validateReply(text, factsOf(context.academy, [context.bookingUrl]), null);
			if (!issues.length) return this.outcome(context, text, mode, fallback);
			const refused = `The ready-made answer written in the node for ${context.intent} in ${LANGUAGE_NAMES[context.language]} was not sent because it ${issues.map((i) => i.detail).join('; ')}; the built-in answer went out instead`;
			fallback = fallback
				? { code: fallback.code, reason: `${fallback.reason}. ${refused}` }
				: { code: 'invalid_ready_made', reason: refused };
			mode = 'fallback';
		}
		const text = finishReply(deterministicAnswer(context), context, links);
		return this.outcome(context, text, mode, fallback);
	}

	private outcome(
		context: ReplyContext,
		text: string,
		mode: AiReply['mode'],
		fallback: Fallback | null,
	): Outcome {
		const latencyMs = Math.round(this.deadline.elapsed());
		const asked = this.attempts > 0;
		return {
			reply: {
				text,
				mode,
				buttons: this.settings.suggestButtons ? suggestedButtons(context, text) : [],
				handOff: context.intent === 'HUMANO',
				optOut: context.intent === 'BAJA',
				latencyMs,
				tokens: this.tokens,
				fallbackReason: fallback?.reason ?? null,
				fallbackCode: fallback?.code ?? null,
				language: context.language,
				intent: context.intent,
				slow: asked && latencyMs > this.settings.slowMs,
				model: asked ? this.settings.model!.model : null,
				attempts: this.attempts,
				transcript: context.textSource === 'voice' ? context.text : null,
			},
			fallback: mode === 'fallback',
		};
	}
}
