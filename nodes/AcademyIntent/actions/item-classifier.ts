import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import OpenAI from 'openai';

import { isLeadLanguage, type IntentResult, type LeadLanguage } from '../../shared/types';
import { classifyText, type ClassifierMode, type ClassifyOptions } from '../engine/classify';
import type { KeywordRule } from '../engine/keywords';
import { classifyWithLlm, describeLlmFailure, llmClient } from '../engine/llm';
import type { StaffExample } from '../engine/offline';
import { parameter } from '../../shared/parameter';
import { keptCredentials } from '../../shared/kept-credentials';

interface ExampleRow {
	intent: StaffExample['intent'];
	phrases: string;
}

interface Options {
	model?: string;
	timeoutSeconds?: number;
}

export type ItemClassifier = (itemIndex: number) => Promise<IntentResult>;

function staffExamples(rows: ExampleRow[]): StaffExample[] {
	return rows.flatMap(({ intent, phrases }) =>
		String(phrases ?? '')
			.split('\n')
			.map((text) => ({ intent, text: text.trim() }))
			.filter(({ text }) => text.length > 0),
	);
}

function readText(this: IExecuteFunctions, itemIndex: number): string {
	const text = parameter(this, 'text', itemIndex, '') as unknown;
	if (typeof text === 'string') return text;
	if (typeof text === 'number') return String(text);
	throw new NodeOperationError(this.getNode(), 'The Text parameter is not a text', {
		itemIndex,
		description:
			'Set Text to the words of the message, for example {{ $json.message.text }}; it resolved to nothing or to an object',
	});
}

function readFallbackLanguage(this: IExecuteFunctions, itemIndex: number): LeadLanguage {
	const language = String(parameter(this, 'fallbackLanguage', itemIndex, 'es') || 'es');
	if (isLeadLanguage(language)) return language;
	throw new NodeOperationError(this.getNode(), 'Language When Unsure must be es, pt or en', {
		itemIndex,
		description:
			'Set Language When Unsure to es, pt or en, or to an expression that gives one of them',
	});
}

/** A failure of the language model, in words for the person who set up the credential. */
function asNodeError(
	node: INode,
	error: unknown,
	baseUrl: string,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof OpenAI.APIError) {
		const { message, httpCode } = describeLlmFailure(error, baseUrl);
		return new NodeApiError(
			node,
			{ status: error.status ?? null, code: error.code ?? null },
			{ message, httpCode, itemIndex },
		);
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

interface LlmConnection {
	client: OpenAI;
	baseUrl: string;
	defaultModel: string;
}

/** One client per execution, from the credential; only the LLM and hybrid modes need it. */
async function llmConnection(this: IExecuteFunctions): Promise<LlmConnection> {
	const credentials = await keptCredentials(this, 'academyOpenAiApi');
	const timeoutSeconds = (parameter(this, 'options.timeoutSeconds', 0, 20) as number) || 20;
	const baseUrl = String(credentials.baseUrl ?? '');
	const defaultModel = String(credentials.model ?? '');
	const client = llmClient({
		apiKey: String(credentials.apiKey ?? ''),
		baseUrl,
		organization: String(credentials.organization ?? ''),
		timeoutMs: timeoutSeconds * 1000,
	});
	return { client, baseUrl, defaultModel };
}

/** Reads the node's settings and returns what classifies one item. */
export async function itemClassifier(this: IExecuteFunctions): Promise<ItemClassifier> {
	const mode = parameter(this, 'mode', 0) as ClassifierMode;
	const llm = mode === 'llm' || mode === 'hybrid' ? await llmConnection.call(this) : undefined;
	const baseUrl = llm?.baseUrl ?? '';

	return async (itemIndex) => {
		const options = parameter(this, 'options', itemIndex, {}) as Options;
		const model = options.model || llm?.defaultModel;
		if (llm && !model) {
			throw new NodeOperationError(this.getNode(), 'No language model is set', {
				itemIndex,
				description: "Set Default Model in the credential or Model in the node's options",
			});
		}
		const text = readText.call(this, itemIndex);
		const settings: ClassifyOptions = {
			mode,
			fallbackLanguage: readFallbackLanguage.call(this, itemIndex),
			staffExamples:
				mode === 'model' || mode === 'hybrid'
					? staffExamples(parameter(this, 'examples.example', itemIndex, []) as ExampleRow[])
					: undefined,
			keywordRules:
				mode === 'keywords'
					? (parameter(this, 'keywordRules.rule', itemIndex, []) as KeywordRule[])
					: undefined,
			threshold:
				mode === 'hybrid'
					? (parameter(this, 'threshold', itemIndex, 0.8) as number)
					: undefined,
			askLlm:
				llm && model
					? (message, fallback) => classifyWithLlm(llm.client, model, message, fallback)
					: undefined,
			onLlmFailure: (error) =>
				this.logger.warn(
					`Academy Intent kept the offline answer because the language model failed: ${describeLlmFailure(error, baseUrl).message}`,
				),
		};
		try {
			return await classifyText(text, settings);
		} catch (error) {
			throw asNodeError(this.getNode(), error, baseUrl, itemIndex);
		}
	};
}
