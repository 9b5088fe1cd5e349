import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** Debian's chromium, installed with apt the first time (playwright's own browser downloads are not reachable). */
function ensureChromium(): void {
	if (existsSync(CHROMIUM)) return;
	// The emoji font lets the bot's emoji show in screenshots instead of empty boxes.
	const packages = ['chromium', 'fonts-noto-color-emoji'];
	for (const args of [
		['update', '-qq'],
		['install', '-y', '-qq', '--no-install-recommends', ...packages],
	]) {
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test setup installs the browser, not a node
		const result = spawnSync('apt-get', args, {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (result.status !== 0)
			throw new Error(
				`apt-get ${args.join(' ')} failed: install it by hand (apt-get install -y ${packages.join(' ')})`,
			);
	}
}

/** A headless chromium with a fresh profile, nothing fetched in the background. */
export async function launchChromium(): Promise<BrowserContext> {
	ensureChromium();
	return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'academy-bot-chromium-')), {
		executablePath: CHROMIUM,
		headless: true,
		viewport: { width: 1280, height: 800 },
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}
