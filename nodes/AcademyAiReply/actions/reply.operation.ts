import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { classifyText } from '../../AcademyIntent/engine/classify';
import { openAiClient, type OpenAiCredentials } from '../../shared/openai-client';
import { DEFAULT_INSTRUCTIONS, DEFAULT_PERSONA, MODEL_INTENTS, type Tone } from '../prompt/instructions';
import { replyClock } from '../reply/clock';
import type { ReplyContext } from '../reply/context';
import { ReplyRun, type Fallback, type ModelSetup, type Outcome } from '../reply/engine';
import { baseUrlOf, canAnswer } from '../transport/openai';
import { readInputs } from './inputs';
import { mediaFile } from './media';
import { readyMadeAnswers } from './ready-made';
import { parameter } from '../../shared/parameter';
import { keptCredentials, nodeCredentials } from '../../shared/kept-credentials';

export const OPENAI_CREDENTIAL = 'academyOpenAiApi';

/** The model to ask, or null when this item is answered without AI. */
async function modelSetup(this: IExecuteFunctions, itemIndex: number, options: IDataObject): Promise<ModelSetup | null> {
	if (parameter(this, 'answerSource', itemIndex, 'model') !== 'model') return null;
	if (!nodeCredentials(this)[OPENAI_CREDENTIAL]) return null;
	const credentials = await keptCredentials<OpenAiCredentials>(this, OPENAI_CREDENTIAL);
	if (!baseUrlOf(credentials)) {
		throw new NodeOperationError(this.getNode(), 'The base URL in the OpenAI-compatible credential is not a web address', {
			itemIndex,
			description: 'Write it in full, for example https://api.openai.com/v1 or http://localhost:11434/v1 for Ollama.',
		});
	}
	if (!canAnswer(credentials)) return null;
	const model = String(parameter(this, 'model', itemIndex, '') ?? '').trim() || credentials.model?.trim();
	if (!model) {
		throw new NodeOperationError(this.getNode(), 'No model is chosen', {
			itemIndex,
			description: 'Name a model in the node\'s "Model" field or a default model in the OpenAI-compatible credential.',
		});
	}
	return {
		client: openAiClient(credentials),
		model,
		baseUrl: credentials.baseUrl ?? '',
		temperature: (options.temperature as number | undefined) ?? 0.4,
		maxTokens: (options.maxTokens as number | undefined) ?? 400,
		transcriptionModel: credentials.transcriptionModel?.trim() || null,
	};
}

/** Staff may clear an instruction by mistake; an empty one means the default. */
function instructionsFor(this: IExecuteFunctions, itemIndex: number) {
	const edited = parameter(this, 'instructions', itemIndex, {}) as Record<string, string>;
	return Object.fromEntries(
		MODEL_INTENTS.map((intent) => [intent, edited[intent]?.trim() || DEFAULT_INSTRUCTIONS[intent]]),
	) as typeof DEFAULT_INSTRUCTIONS;
}

/** Answers one item: reads it, turns a voice note or photo into words, and asks the model or not. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<Outcome> {
	const inputs = readInputs(this, itemIndex);
	const options = parameter(this, 'options', itemIndex, {}) as IDataObject;
	const model = await modelSetup.call(this, itemIndex, options);
	const seconds = (name: string, fallback: number) => ((options[name] as number | undefined) ?? fallback) * 1000;
	const run = new ReplyRun({
		model,
		persona: String(parameter(this, 'persona', itemIndex, DEFAULT_PERSONA) ?? '').trim() || DEFAULT_PERSONA,
		tone: parameter(this, 'tone', itemIndex, 'friendly') as Tone,
		instructions: instructionsFor.call(this, itemIndex),
		readyMade: readyMadeAnswers(this, itemIndex),
		historyLimit: (options.historyLimit as number | undefined) ?? 10,
		links: {
			addBookingLink: options.addBookingLink !== false,
			addMapLink: options.addMapLink !== false,
		},
		suggestButtons: options.suggestButtons !== false,
		attemptTimeoutMs: seconds('attemptTimeout', 10),
		budgetMs: seconds('timeBudget', 25),
		slowMs: seconds('slowThreshold', 5),
		clock: replyClock.current,
		signal: this.getExecutionCancelSignal?.(),
	});

	const context: ReplyContext = {
		academy: inputs.academy,
		lead: inputs.lead,
		history: inputs.history,
		intent: inputs.intent,
		language: inputs.language,
		text: inputs.text.trim(),
		textSource: 'text',
		imageDataUrl: null,
		bookingUrl: inputs.bookingUrl,
		media: null,
	};
	let earlier: Fallback | null = null;
	const kind = inputs.media?.mimeType.split('/')[0];

	if (inputs.media && kind === 'audio' && !context.text) {
		context.media = 'voice-unavailable';
		if (options.transcribeVoiceNotes !== false && run.canTranscribe) {
			const audio = await mediaFile.call(this, itemIndex, inputs.media, 'voice-note').catch((error: Error) => {
				earlier = { code: 'media_download', reason: `The voice note could not be downloaded: ${error.message}` };
				return null;
			});
			const transcript = audio ? await run.transcribe(audio) : null;
			if (transcript && !transcript.ok) earlier = transcript.fallback;
			if (transcript?.ok && transcript.value) {
				context.text = transcript.value;
				context.textSource = 'voice';
				context.media = null;
				// The Intent node saw no words in the voice note; what the lead said decides instead.
				if (context.intent === 'OTRO') {
					const heard = await classifyText(context.text, { mode: 'model', fallbackLanguage: context.language });
					context.intent = heard.name;
					context.language = heard.language;
				}
			}
		}
	}

	if (inputs.media && kind === 'image') {
		context.textSource = 'caption';
		context.text ||= inputs.media.caption?.trim() ?? '';
		if (options.imagesToModel === true && model) {
			// The caption can still be answered without the photo; the photo only helps.
			const photo = await mediaFile.call(this, itemIndex, inputs.media, 'photo').catch((error: Error) => {
				this.logger.warn('Academy AI Reply could not download a photo; answering its caption only', {
					reason: error.message,
				});
				return null;
			});
			if (photo) context.imageDataUrl = `data:${photo.mimeType.split(';')[0]};base64,${photo.data.toString('base64')}`;
		}
		if (!context.text && !context.imageDataUrl) context.media = 'image-without-caption';
	}

	return await run.compose(context, earlier);
}
