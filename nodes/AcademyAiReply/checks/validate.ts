import { withoutUrls } from '../reply/urls';
import { ungroundedClaims, type Facts, type GroundingIssue } from './grounding';

/** Longest text body WhatsApp accepts. */
export const WHATSAPP_TEXT_LIMIT = 4096;

/** Words this many in a row, copied from the instructions, are a leak rather than a coincidence. */
const LEAK_RUN = 7;

export interface ReplyIssue {
	code: 'empty' | 'too_long' | 'placeholder' | 'leak' | GroundingIssue['code'];
	/** For staff: what is wrong with the draft. Never the lead's words. */
	detail: string;
}

/** What the reply must not give away: the instructions' own sentences and a marker hidden in them. */
export interface PromptGuard {
	canary: string;
	runs: Set<string>;
}

const words = (text: string) =>
	text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.split(/[^\p{L}\p{N}]+/u)
		.filter(Boolean);

function runsOf(text: string): string[] {
	const list = words(text);
	const runs: string[] = [];
	for (let i = 0; i + LEAK_RUN <= list.length; i++) runs.push(list.slice(i, i + LEAK_RUN).join(' '));
	return runs;
}

export function promptGuard(instructions: string[], canary: string): PromptGuard {
	return { canary, runs: new Set(instructions.flatMap(runsOf)) };
}

const PLACEHOLDERS = [
	/\{\{[^}]*\}\}/,
	/\$\{[^}]*\}/,
	/\{[\p{L}_ ]{1,30}\}/u,
	/\[[^\]\n]{1,40}\]/,
	/<[\p{L}_ ]{1,30}>/u,
	/(?<![\p{L}\d])(?:XX+|xx+)(?![\p{L}\d])/u,
	/\bTODO\b|lorem ipsum|%s\b/i,
];

const LEAK_PHRASES =
	/system prompt|prompt (?:del|do) sistema|instrucciones del sistema|instruções do sistema|my instructions|mis instrucciones|minhas instruções/i;
// The prompt's own headings, in its capitals: "our rules" in a reply is fine, "RULES" is not.
const LEAK_HEADINGS = /###|ACADEMY FACTS|\bRULES\b|TASK FOR THIS MESSAGE/;

const GROUNDING_DETAILS: Record<GroundingIssue['code'], (value: string) => string> = {
	price: (v) => `states the price "${v}", which is not in the academy's profile`,
	percentage: (v) => `states "${v}", a discount the academy's profile does not offer`,
	time: (v) => `states the time "${v}", which is not a class time in the academy's profile`,
	address: (v) => `states the address "${v}", which is not the academy's address`,
	link: (v) => `contains a link that is not the academy's (${v})`,
	free_forever: (v) => `promises something for free for ever ("${v}")`,
};

/** Everything that keeps a draft from going to the lead; an empty list means it may be sent. */
export function validateReply(text: string, facts: Facts, guard: PromptGuard | null): ReplyIssue[] {
	if (!text.trim()) return [{ code: 'empty', detail: 'is empty' }];
	const issues: ReplyIssue[] = [];
	if (text.length > WHATSAPP_TEXT_LIMIT) {
		issues.push({
			code: 'too_long',
			detail: `is ${text.length} characters long; WhatsApp accepts at most ${WHATSAPP_TEXT_LIMIT}`,
		});
	}
	// A personal booking link may carry metadata[leadId]=…, which is no placeholder.
	const prose = withoutUrls(text);
	const placeholder = PLACEHOLDERS.map((p) => p.exec(prose)).find(Boolean);
	if (placeholder) {
		issues.push({ code: 'placeholder', detail: `contains the unfilled placeholder "${placeholder[0]}"` });
	}
	const leaked =
		guard &&
		(text.includes(guard.canary) ||
			LEAK_PHRASES.test(text) ||
			LEAK_HEADINGS.test(text) ||
			runsOf(text).some((run) => guard.runs.has(run)));
	if (leaked) {
		issues.push({ code: 'leak', detail: "repeats the bot's instructions" });
	}
	for (const claim of ungroundedClaims(text, facts)) {
		issues.push({ code: claim.code, detail: GROUNDING_DETAILS[claim.code](claim.value) });
	}
	return issues;
}
