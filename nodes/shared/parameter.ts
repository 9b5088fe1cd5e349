import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * A parameter's value for one item, as `getNodeParameter` gives it, without n8n's expression
 * engine where none is needed: fixed values are returned as they are, and an expression that only
 * reads the item, such as `{{ $json.lead?.id ?? "" }}` (the defaults of this package's parameters
 * are all of that kind), is read from the item here. n8n evaluates each expression in an isolated
 * VM by default and copies what it returns (the academy profile, the history…); about 34 such
 * reads per message were a fifth of n8n's CPU time in `npm run bench`. A read here gives what
 * JavaScript gives for it; any other expression, and a read JavaScript would throw on (`.x` of
 * nothing), goes to n8n as before, so its errors stay n8n's.
 */
export function parameter(context: IExecuteFunctions, name: string, itemIndex: number, fallback?: unknown): unknown {
	// The value as written in the workflow (n8n hands it over as it is, without copying the node).
	const raw: unknown = context.getNodeParameter(name, itemIndex, NOT_PLAIN as never, { rawExpressions: true });
	const json = () => context.getInputData()[itemIndex]?.json;
	const value = raw === NOT_PLAIN ? NOT_PLAIN : plainValue(raw, json);
	if (value !== NOT_PLAIN) return value;
	return fallback === undefined
		? context.getNodeParameter(name, itemIndex)
		: context.getNodeParameter(name, itemIndex, fallback);
}

const NOT_PLAIN = Symbol('not a plain read');
type Reader = (json: IDataObject) => unknown;

/** A copy of the value with its item reads done, or NOT_PLAIN when n8n has to evaluate it. */
function plainValue(raw: unknown, json: () => IDataObject | undefined): unknown {
	if (typeof raw === 'number' || typeof raw === 'boolean') return raw;
	if (typeof raw === 'string') {
		if (!raw.startsWith('=')) return raw;
		const read = readerFor(raw);
		const item = read && json();
		return read && item ? read(item) : NOT_PLAIN;
	}
	if (raw === null || typeof raw !== 'object') return NOT_PLAIN;
	const entries = Object.entries(raw).map(([key, value]) => [key, plainValue(value, json)] as const);
	if (entries.some(([, value]) => value === NOT_PLAIN)) return NOT_PLAIN;
	return Array.isArray(raw) ? entries.map(([, value]) => value) : Object.fromEntries(entries);
}

const readers = new Map<string, Reader | undefined>();

function readerFor(raw: string): Reader | undefined {
	if (!readers.has(raw)) {
		// Workflows edited for months leave old expressions behind; the cache starts over now and then.
		if (readers.size >= 1000) readers.clear();
		readers.set(raw, compile(raw));
	}
	return readers.get(raw);
}

const WHOLE = /^=\{\{\s*(.*?)\s*\}\}$/s;
const JSON_READ = /^\$json((?:\??\.[A-Za-z_$][\w$]*|\?\.\[\d+\]|\[\d+\])*)$/;
const STEP = /(\?\.|\.)?(?:([A-Za-z_$][\w$]*)|\[(\d+)\])/g;
const LITERALS: Record<string, unknown> = { null: null, '""': '', '[]': [], true: true, false: false };

/** `$json` paths and simple literals joined by `??` or by `||` (JavaScript allows no mix of the two). */
function compile(raw: string): Reader | undefined {
	const body = WHOLE.exec(raw)?.[1];
	if (body === undefined) return undefined;
	const operator = body.includes('??') ? '??' : '||';
	if (operator === '??' && body.includes('||')) return undefined;
	const operands = body.split(operator).map((text) => operand(text.trim()));
	if (operands.some((read) => read === undefined)) return undefined;
	const reads = operands as Reader[];
	const keep = operator === '??' ? (value: unknown) => value !== null && value !== undefined : Boolean;
	return (json) => {
		let value: unknown;
		for (const read of reads) {
			value = read(json);
			if (value === NOT_PLAIN || keep(value)) return value;
		}
		return value;
	};
}

function operand(text: string): Reader | undefined {
	if (Object.prototype.hasOwnProperty.call(LITERALS, text)) {
		const literal = LITERALS[text];
		// A fresh array each time, as the expression would give.
		return Array.isArray(literal) ? () => [] : () => literal;
	}
	if (/^"[^"\\]*"$|^'[^'\\]*'$/.test(text)) return () => text.slice(1, -1);
	if (/^-?\d+(\.\d+)?$/.test(text)) return () => Number(text);
	const path = JSON_READ.exec(text)?.[1];
	if (path === undefined) return undefined;
	const steps = [...path.matchAll(STEP)].map(([, access, key, index]) => ({
		optional: access === '?.',
		key: key ?? Number(index),
	}));
	return (json) => {
		let value: unknown = json;
		for (const { optional, key } of steps) {
			if (value === null || value === undefined) return optional ? undefined : NOT_PLAIN;
			value = (value as Record<string | number, unknown>)[key];
		}
		return value;
	};
}
