import type { IDataObject, IExecuteFunctions, INode, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { AcademyAiReply } from '../../../nodes/AcademyAiReply/AcademyAiReply.node';
import { AcademyIntent } from '../../../nodes/AcademyIntent/AcademyIntent.node';
import { AcademyFollowUp } from '../../../nodes/AcademyFollowUp/AcademyFollowUp.node';
import { AcademyLead } from '../../../nodes/AcademyLead/AcademyLead.node';
import { AcademyMessage } from '../../../nodes/AcademyMessage/AcademyMessage.node';
import { AcademyMetrics } from '../../../nodes/AcademyMetrics/AcademyMetrics.node';
import { AcademyPrivacy } from '../../../nodes/AcademyPrivacy/AcademyPrivacy.node';
import { AcademyProfile } from '../../../nodes/AcademyProfile/AcademyProfile.node';
import { CalCom } from '../../../nodes/CalCom/CalCom.node';
import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import { parameter } from '../../../nodes/shared/parameter';

/** Every parameter default of the action nodes that is an expression. */
function defaultExpressions(): string[] {
	const found = new Set<string>();
	const walk = (properties: Array<INodeProperties | IDataObject>) => {
		for (const property of properties) {
			if (typeof property.default === 'string' && property.default.startsWith('={{')) found.add(property.default);
			for (const key of ['options', 'values'] as const) {
				const nested = (property as IDataObject)[key];
				if (Array.isArray(nested)) walk(nested as IDataObject[]);
			}
		}
	};
	const nodes = [
		new AcademyAiReply(),
		new AcademyIntent(),
		new AcademyLead(),
		new AcademyProfile(),
		new AcademyMessage(),
		new AcademyFollowUp(),
		new AcademyMetrics(),
		new AcademyPrivacy(),
		new CalCom(),
		new WhatsAppCloud(),
	];
	for (const node of nodes) {
		walk((node.description as INodeTypeDescription).properties);
	}
	return [...found];
}

const NODE: INode = {
	id: 'n1',
	name: 'Node',
	type: 'test.node',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** What n8n's own expression engine makes of a parameter value for one item (or the error it throws). */
function n8nValue(raw: unknown, json: IDataObject): { value?: unknown; error?: string } {
	const workflow = new Workflow({
		nodes: [NODE],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => ({ description: { properties: [] } }) as never,
			getByNameAndVersion: () => ({ description: { properties: [] } }) as never,
			getKnownTypes: () => ({}),
		},
	});
	try {
		const value = workflow.expression.getParameterValue(raw as string, null, 0, 0, NODE.name, [{ json }], 'manual', {});
		return { value };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

/** `parameter()` over a context whose own getNodeParameter is n8n's engine; counts the hand-offs. */
function ours(raw: unknown, json: IDataObject) {
	let handedToN8n = 0;
	const context = {
		getInputData: () => [{ json }],
		// As n8n's: the raw value when asked for it, else the value through n8n's engine (counted).
		getNodeParameter: (_name: string, _itemIndex: number, fallback: unknown, options?: { rawExpressions?: boolean }) => {
			if (options?.rawExpressions) return raw === undefined ? fallback : raw;
			handedToN8n++;
			const { value, error } = n8nValue(raw, json);
			if (error) throw new Error(error);
			return value;
		},
	} as unknown as IExecuteFunctions;
	try {
		return { value: parameter(context, 'field', 0), handedToN8n };
	} catch (error) {
		return { error: (error as Error).message, handedToN8n };
	}
}

const FULL_ITEM: IDataObject = {
	message: { messageId: 'wamid.1', waId: '5215512345678', text: 'hola', phoneNumberId: '1234567890', media: { id: 'm1' } },
	lead: { id: 'lead-1', academyId: 'acad-1', language: 'es', name: 'Ana', notes: '', waId: '5215512345678' },
	academy: { id: 'acad-1', phoneNumberId: '1234567890', timeZone: 'America/Mexico_City', bookingUrl: 'https://cal.com/x' },
	intent: { name: 'PRECIO', language: 'es' },
	history: [{ direction: 'in', text: 'hola' }],
	reply: { text: 'Hola', buttons: [{ id: 'a', title: 'A' }], latencyMs: 12, mode: 'ai', language: 'es' },
	booking: { uid: 'b1', start: '2026-11-25T10:00:00Z', url: '', bookerUrl: 'https://cal.com/booking/b1' },
	sent: { messageId: 'wamid.2' },
	status: { phoneNumberId: '1', messageId: 'wamid.2', status: 'read', timestamp: '1700000000', errors: [{ code: 131047 }] },
	query: { academy: 'acad-1', expires: '1', signature: 'x' },
	followUp: { id: 7 },
	error: 'boom',
};
const ITEMS: Record<string, IDataObject> = {
	'a full item': FULL_ITEM,
	'an empty item': {},
	'an item of nulls and blanks': Object.fromEntries(Object.keys(FULL_ITEM).map((key, i) => [key, i % 2 ? null : ''])),
	'an item with empty objects': Object.fromEntries(Object.keys(FULL_ITEM).map((key) => [key, {}])),
};

describe('parameter(): the item reads done without n8n give what n8n gives', () => {
	const expressions = defaultExpressions();

	it('finds the defaults to compare (the nodes define dozens)', () => {
		expect(expressions.length).toBeGreaterThan(40);
	});

	it.each(Object.entries(ITEMS))('every default expression of the nodes, for %s', (_, json) => {
		for (const raw of expressions) {
			const expected = n8nValue(raw, json);
			const actual = ours(raw, json);
			if (expected.error) expect({ raw, error: Boolean(actual.error) }).toEqual({ raw, error: true });
			else expect({ raw, value: actual.value }).toEqual({ raw, value: expected.value });
		}
	});

	it('reads every default for a complete item without n8n, and hands other expressions to n8n', () => {
		const handed = expressions.filter((raw) => ours(raw, FULL_ITEM).handedToN8n > 0);
		expect(handed).toEqual([]);
		expect(ours('={{ $json.lead.id.toUpperCase() }}', FULL_ITEM)).toEqual({ value: 'LEAD-1', handedToN8n: 1 });
		expect(ours('=Hi {{ $json.lead.name }}', FULL_ITEM)).toEqual({ value: 'Hi Ana', handedToN8n: 1 });
		expect(ours('={{ $json.a ?? $json.b || "x" }}', FULL_ITEM).handedToN8n).toBe(1);
	});

	it('leaves a read that JavaScript would throw on to n8n, whatever n8n makes of it', () => {
		const result = ours('={{ $json.missing.id }}', FULL_ITEM);
		expect(result).toEqual({ ...n8nValue('={{ $json.missing.id }}', FULL_ITEM), handedToN8n: 1 });
	});

	it('returns fixed values and collections as they are, reading the expressions inside', () => {
		expect(ours('ENGAGED', FULL_ITEM)).toEqual({ value: 'ENGAGED', handedToN8n: 0 });
		expect(ours(24, FULL_ITEM)).toEqual({ value: 24, handedToN8n: 0 });
		const collection = { language: '={{ $json.reply.language || $json.intent.language }}', whileStates: ['INTERESTED'] };
		expect(ours(collection, FULL_ITEM)).toEqual({ value: { language: 'es', whileStates: ['INTERESTED'] }, handedToN8n: 0 });
		const withCode = { ...collection, dueAt: '={{ $now.plus({ hours: 24 }).toISO() }}' };
		expect(ours(withCode, FULL_ITEM).handedToN8n).toBe(1);
	});

	it('gives each call its own copy of a fixed collection', () => {
		const collection = { whileStates: ['INTERESTED'] };
		const first = ours(collection, FULL_ITEM).value as { whileStates: string[] };
		first.whileStates.push('SCHEDULED');
		expect(collection.whileStates).toEqual(['INTERESTED']);
	});
});
