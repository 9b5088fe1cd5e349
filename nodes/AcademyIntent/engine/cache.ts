import { createHash } from 'node:crypto';

/** Models kept per process: a few workflows with their own staff examples, not one per execution. */
const MAX_ENTRIES = 8;

/**
 * Values built from content (a model trained from examples), keyed by a hash of that content so
 * identical examples in any workflow or execution share one build. The oldest entry goes first.
 */
export class ContentCache<V> {
	private readonly entries = new Map<string, V>();

	constructor(private readonly maxEntries = MAX_ENTRIES) {}

	static keyOf(content: unknown): string {
		return createHash('sha256').update(JSON.stringify(content)).digest('hex');
	}

	getOrBuild(content: unknown, build: () => V): V {
		const key = ContentCache.keyOf(content);
		let value = this.entries.get(key);
		if (value === undefined) {
			value = build();
			this.entries.set(key, value);
			if (this.entries.size > this.maxEntries)
				this.entries.delete(this.entries.keys().next().value as string);
		}
		return value;
	}
}
