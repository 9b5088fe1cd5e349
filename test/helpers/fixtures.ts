import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The real payloads in ../shared/fixtures (beside the repository), as published by Meta and Cal.com. */
export const FIXTURES_DIR = join(__dirname, '..', '..', '..', 'shared', 'fixtures');

export function fixtureText(group: 'whatsapp' | 'cal', name: string): string {
	return readFileSync(join(FIXTURES_DIR, group, name.endsWith('.json') ? name : `${name}.json`), 'utf8');
}

export function fixture<T = Record<string, unknown>>(group: 'whatsapp' | 'cal', name: string): T {
	return JSON.parse(fixtureText(group, name)) as T;
}
