import type { IDataObject, INodeExecutionData, INodeParameters, IWorkflowBase } from 'n8n-workflow';

import { replyClock } from '../../../nodes/AcademyAiReply/reply/clock';
import type { AiReply } from '../../../nodes/AcademyAiReply/reply/context';
import type { Clock } from '../../../nodes/shared/retry';
import type {
	AcademyProfile,
	HistoryEntry,
	InboundMessage,
	Intent,
	IntentResult,
	LeadLanguage,
	LeadRecord,
} from '../../../nodes/shared/types';
import { readEvents } from '../../../nodes/WhatsAppCloudTrigger/events';
import type { WebhookPayload } from '../../../nodes/WhatsAppCloudTrigger/payload';
import { SAMPLE_ACADEMY } from '../../data/academy-profile';
import { FakeOpenAi } from '../../fakes/openai';
import { fixture } from '../../helpers/fixtures';
import { PACKAGE_NAME, runWorkflow, type TestCredentials, type WorkflowRun } from '../../helpers/workflow-runner';

/**
 * Time as the retry policy sees it, without waiting: each sleep is recorded and moves the clock
 * forward at once, on top of the real time that passes (HTTP calls still take real time).
 */
export class FakeClock implements Clock {
	readonly sleeps: number[] = [];

	private offset = 0;

	now(): number {
		return Date.now() + this.offset;
	}

	async sleep(ms: number): Promise<void> {
		this.sleeps.push(ms);
		this.offset += ms;
	}
}

/** Puts a fresh FakeClock under the node for each test and the real clock back afterwards. */
export function useFakeClock(): { readonly current: FakeClock } {
	const holder = { current: new FakeClock() };
	const real = replyClock.current;
	beforeEach(() => {
		holder.current = new FakeClock();
		replyClock.current = holder.current;
	});
	afterAll(() => {
		replyClock.current = real;
	});
	return holder;
}

/** An inbound message as the WhatsApp Cloud Trigger reads Meta's published example `name`. */
export function inboundFixture(name: string): InboundMessage {
	return readEvents(fixture<WebhookPayload>('whatsapp', name)).messages[0];
}

export function textMessage(text: string): InboundMessage {
	return { ...inboundFixture('wa-inbound-text'), text };
}

export function sampleLead(overrides: Partial<LeadRecord> = {}): LeadRecord {
	return {
		id: 'lead-0001',
		academyId: SAMPLE_ACADEMY.id,
		state: 'ENGAGED',
		waId: '16505551234',
		userId: null,
		name: 'Sheena',
		language: 'es',
		level: null,
		notes: null,
		optedOut: false,
		pausedUntil: null,
		lastInboundAt: '2026-03-02T14:05:00.000Z',
		createdAt: '2026-03-01T18:30:00.000Z',
		...overrides,
	};
}

export interface ItemSpec {
	text?: string;
	message?: InboundMessage;
	intent?: Intent;
	language?: LeadLanguage;
	lead?: Partial<LeadRecord> | null;
	history?: HistoryEntry[];
	academy?: AcademyProfile;
	booking?: IDataObject;
}

/** An item as it reaches the AI Reply node in the templates: trigger, Lead and Intent keys filled. */
export function replyItem(spec: ItemSpec = {}): INodeExecutionData {
	const language = spec.language ?? 'es';
	const intent: IntentResult = {
		name: spec.intent ?? 'OTRO',
		confidence: 0.93,
		language,
		secondary: [],
		mode: 'model',
	};
	const json: IDataObject = {
		message: (spec.message ?? textMessage(spec.text ?? 'hola')) as unknown as IDataObject,
		academy: (spec.academy ?? SAMPLE_ACADEMY) as unknown as IDataObject,
		lead: spec.lead === null ? null : (sampleLead({ language, ...spec.lead }) as unknown as IDataObject),
		history: (spec.history ?? []) as unknown as IDataObject[],
		intent: intent as unknown as IDataObject,
	};
	if (spec.booking) json.booking = spec.booking;
	return { json };
}

export const NODE_NAME = 'AI Reply';

/** Start → AI Reply, whose Reply and Fallback outputs each end in a No Operation node. */
export function replyWorkflow(parameters: IDataObject = {}, settings: IDataObject = {}): Partial<IWorkflowBase> {
	const credentials: IDataObject = {
		academyOpenAiApi: { id: 'openai', name: 'OpenAI-compatible' },
		whatsAppCloudApi: { id: 'whatsapp', name: 'WhatsApp' },
	};
	return {
		name: 'ai reply',
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'reply',
				name: NODE_NAME,
				type: `${PACKAGE_NAME}.academyAiReply`,
				typeVersion: 1,
				position: [200, 0],
				parameters: parameters as INodeParameters,
				credentials: settings.noCredentials ? undefined : (credentials as never),
				...(settings.continueOnFail ? { continueOnFail: true } : {}),
			},
			{ id: 'sent', name: 'Reply', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [400, 0], parameters: {} },
			{ id: 'alert', name: 'Fallback', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [400, 200], parameters: {} },
		],
		connections: {
			Start: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] },
			[NODE_NAME]: {
				main: [[{ node: 'Reply', type: 'main', index: 0 }], [{ node: 'Fallback', type: 'main', index: 0 }]],
			},
		},
	};
}

export interface ReplyRun {
	run: WorkflowRun;
	/** Items on the node's Reply output and on its Fallback output (none when the node failed). */
	replied: INodeExecutionData[];
	fellBack: INodeExecutionData[];
	/** The one reply the test cares about, from whichever output it left by. */
	reply: AiReply;
}

export async function runReply(
	items: INodeExecutionData[],
	options: { parameters?: IDataObject; credentials?: TestCredentials; settings?: IDataObject } = {},
): Promise<ReplyRun> {
	const run = await runWorkflow(replyWorkflow(options.parameters, options.settings), {
		items,
		credentials: options.credentials,
	});
	const failed = run.run.data.resultData.runData[NODE_NAME]?.[0]?.error;
	const replied = failed ? [] : run.output(NODE_NAME, 0);
	const fellBack = failed ? [] : run.output(NODE_NAME, 1);
	const first = replied[0] ?? fellBack[0];
	return { run, replied, fellBack, reply: first?.json.reply as unknown as AiReply };
}

/** A FakeOpenAi for the whole test file, reset before each test. */
export function useFakeOpenAi(): FakeOpenAi {
	const fake = new FakeOpenAi();
	beforeAll(async () => {
		await fake.start();
	});
	beforeEach(() => {
		fake.reset();
		fake.apiKey = 'sk-test-academy';
	});
	afterAll(async () => {
		await fake.stop();
	});
	return fake;
}

/** The OpenAI-compatible credential as staff would fill it in for `fake`. */
export function openAiCredentials(fake: FakeOpenAi, overrides: IDataObject = {}): TestCredentials {
	return {
		academyOpenAiApi: {
			apiKey: fake.apiKey ?? '',
			baseUrl: fake.baseUrl,
			organization: 'org-academy-test',
			model: 'gpt-4o-mini',
			transcriptionModel: 'whisper-1',
			...overrides,
		},
	};
}
