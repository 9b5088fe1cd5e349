import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** WhatsApp's published limits (Cloud API messages reference), in characters. */
export const LIMITS = {
	text: 4096,
	interactiveBody: 1024,
	listBody: 4096,
	header: 60,
	footer: 60,
	buttons: 3,
	buttonTitle: 20,
	buttonId: 256,
	listButton: 20,
	sections: 10,
	rows: 10,
	sectionTitle: 24,
	rowTitle: 24,
	rowId: 200,
	rowDescription: 72,
	caption: 1024,
} as const;

/** Characters as people count them: an emoji is one, not two UTF-16 units. */
export function characters(value: string): number {
	return [...value].length;
}

/**
 * Collects what breaks WhatsApp's rules, so one error can name every problem at once. Labels that
 * staff wrote (button titles) are quoted to find them; message texts never are, as they may carry
 * what a lead wrote.
 */
export class LimitCheck {
	readonly problems: string[] = [];

	/** `label` with its value quoted, for short texts staff wrote. */
	quoted(label: string, value: string, max: number): this {
		const length = characters(value);
		if (length > max) this.problems.push(`${label} '${value}' has ${length} characters; WhatsApp allows ${max}`);
		return this;
	}

	/** `label` without its value, for message texts. */
	length(label: string, value: string, max: number): this {
		const length = characters(value);
		if (length > max) this.problems.push(`${label} has ${length} characters; WhatsApp allows ${max}`);
		return this;
	}

	required(label: string, value: string | undefined): this {
		if (!value?.trim()) this.problems.push(`${label} is empty`);
		return this;
	}

	count(label: string, count: number, min: number, max: number): this {
		if (count < min) this.problems.push(`${label}: at least ${min} needed, got ${count}`);
		else if (count > max) this.problems.push(`${count} ${label}; WhatsApp allows ${max}`);
		return this;
	}

	unique(label: string, values: string[]): this {
		const seen = new Set<string>();
		for (const value of values) {
			if (seen.has(value)) this.problems.push(`${label} '${value}' is used twice; each must be different`);
			seen.add(value);
		}
		return this;
	}

	add(problem: string): this {
		this.problems.push(problem);
		return this;
	}

	/** Fails the item, before anything is sent, when a rule is broken. */
	assert(context: IExecuteFunctions, itemIndex: number): void {
		if (!this.problems.length) return;
		throw new NodeOperationError(context.getNode(), `${this.problems.join('; ')}.`, {
			itemIndex,
			description: 'Nothing was sent. Change the fields named above and run the node again.',
		});
	}
}
