import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { cacheRoot, installOnce, run } from '../../scripts/install-n8n';

const ROOT = join(__dirname, '..', '..');
const BUILDS_KEPT = 5;

interface PackageJson {
	name: string;
	version: string;
	files: string[];
}

const readPackageJson = (): PackageJson => JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

function filesUnder(path: string): string[] {
	if (!existsSync(path)) return [];
	if (!statSync(path).isDirectory()) return [path];
	return readdirSync(path)
		.sort()
		.flatMap((entry) => filesUnder(join(path, entry)));
}

/** Hash of what `npm pack` ships: package.json and the `files` it lists. Same build, same hash. */
export function buildHash(): string {
	const hash = createHash('sha256');
	const files = [join(ROOT, 'package.json'), ...readPackageJson().files.flatMap((f) => filesUnder(join(ROOT, f)))];
	for (const file of files) {
		hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
	}
	return hash.digest('hex').slice(0, 16);
}

/**
 * A community-node folder (what n8n keeps in `<user folder>/.n8n/nodes`) holding this package's
 * current build installed from its packed tarball, as `npm install` does it for a user. Packed and
 * installed once per build: later calls with the same build return the cached folder at once.
 */
export async function communityNodesFolder(log: (line: string) => void): Promise<string> {
	const pkg = readPackageJson();
	if (!existsSync(join(ROOT, 'dist'))) {
		throw new Error('There is no build in dist/: run `npm run build` before the end-to-end tests.');
	}
	const hash = buildHash();
	const buildsDir = join(cacheRoot(), 'package-builds');
	const target = join(buildsDir, `${pkg.name}-${hash}`);
	await installOnce(target, `${pkg.name} build ${hash} from its packed tarball`, log, async (staging, logFile) => {
		const env = process.env;
		const npmOptions = ['--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
		await run('npm', ['pack', '--pack-destination', staging, ...npmOptions], {
			cwd: ROOT,
			env,
			logFile,
			log,
			label: 'npm pack',
		});
		const tarball = readdirSync(staging).find((file) => file.endsWith('.tgz'));
		if (!tarball) throw new Error(`npm pack wrote no tarball; see ${logFile}`);
		writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
		// Without --omit=peer npm would also install n8n-workflow, which n8n itself provides.
		await run('npm', ['install', `./${tarball}`, '--omit=peer', '--no-package-lock', ...npmOptions], {
			cwd: staging,
			env,
			logFile,
			log,
			label: 'package install',
		});
		rmSync(join(staging, tarball));
		// What n8n's own community-package installer leaves: a dependency on the published version.
		writeFileSync(
			join(staging, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [pkg.name]: pkg.version } }),
		);
	});
	pruneOldBuilds(buildsDir, target);
	return target;
}

function pruneOldBuilds(buildsDir: string, keep: string): void {
	const builds = readdirSync(buildsDir)
		.filter((entry) => !entry.includes('.'))
		.map((entry) => join(buildsDir, entry))
		.filter((dir) => dir !== keep)
		.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
	for (const dir of builds.slice(BUILDS_KEPT - 1)) rmSync(dir, { recursive: true, force: true });
}
