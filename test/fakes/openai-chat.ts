import { LoopbackServer, type RecordedRequest } from './loopback-server';

/** What the fake model answers for one request: the JSON the Intent node asked for. */
export type ChatAnswer = (request: RecordedRequest) => Record<string, unknown>;

/**
 * A minimal OpenAI-compatible chat completions endpoint on loopback, enough for the Intent node's
 * structured answers: `POST /v1/chat/completions` with the real response shape.
 */
export async function startOpenAiChatFake(answer: ChatAnswer): Promise<LoopbackServer> {
	const server = new LoopbackServer();
	server.route('POST', /^\/v1\/chat\/completions$/, (request) => {
		const body = request.body as { model: string };
		return {
			body: {
				id: `chatcmpl-${server.requests.length}`,
				object: 'chat.completion',
				created: Math.floor(Date.now() / 1000),
				model: body.model,
				choices: [
					{
						index: 0,
						message: { role: 'assistant', content: JSON.stringify(answer(request)), refusal: null },
						logprobs: null,
						finish_reason: 'stop',
					},
				],
				usage: { prompt_tokens: 180, completion_tokens: 20, total_tokens: 200 },
			},
		};
	});
	return server.start();
}

/** The text of the user's message in a recorded chat request. */
export function userMessageOf(request: RecordedRequest): string {
	const { messages } = request.body as { messages: Array<{ role: string; content: string }> };
	return messages.find((m) => m.role === 'user')?.content ?? '';
}
