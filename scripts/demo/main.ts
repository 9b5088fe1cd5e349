import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import {
	closeAllPools,
	schemaOf,
	type AcademyPostgresCredentials,
} from '../../nodes/shared/storage/postgres';
import type { AcademyProfile } from '../../nodes/shared/types';
import { run } from '../install-n8n';
import { N8nServer } from '../../test/harness/n8n-server';
import { SAMPLE_ACADEMY } from '../../test/data/academy-profile';
import { BUSINESS, loadConfig, ROOT, type DemoConfig } from './config';
import { CAL_EVENT_TYPE_ID, demoSetup } from './credentials';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { settingsForm, submitSettingsForm } from './academy-settings';
import {
	findAcademy,
	leadPanelReader,
	saveAcademyDirectly,
	signedDashboardLink,
} from './lead-storage';
import type { ChatEvent } from './simulator/chat-store';
import { WhatsAppSimulator } from './simulator/server';
import {
	importBatches,
	isPublishable,
	loadTemplates,
	templateUrls,
	type TemplateUrls,
} from './templates';

/** A step the person running the demo sees: what is happening, and how long it took. */
async function step<T>(title: string, work: () => Promise<T>): Promise<T> {
	const started = Date.now();
	process.stdout.write(`• ${title}…\n`);
	const result = await work();
	process.stdout.write(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
	return result;
}

async function ensurePortFree(port: number, what: string, variable: string): Promise<void> {
	const server = createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) =>
			reject(
				error.code === 'EADDRINUSE'
					? new Error(
							`Port ${port} (${what}) is already in use on 127.0.0.1: another demo or program runs there. Stop it, or pick another port: ${variable}=<port> npm run demo`,
						)
					: error,
			),
		);
		server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
	});
}

function newestChange(path: string): number {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(0, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
}

/** Builds the package when its sources changed since the last build, as a user would with npm run build. */
async function buildPackage(config: DemoConfig): Promise<void> {
	const sources = Math.max(
		...['nodes', 'credentials', 'icons', 'package.json'].map((p) => newestChange(join(ROOT, p))),
	);
	if (newestChange(join(ROOT, 'dist')) > sources) return;
	const logFile = join(config.dataDir, 'build.log');
	await run('npm', ['run', 'build'], {
		cwd: ROOT,
		env: process.env,
		logFile,
		log: (line) => process.stdout.write(`  ${line}\n`),
		label: 'npm run build',
	});
}

async function startPostgres(
	config: DemoConfig,
): Promise<{ credentials: AcademyPostgresCredentials; embedded: EmbeddedPostgres | null }> {
	if (config.postgres) return { credentials: config.postgres, embedded: null };
	await ensurePortFree(config.ports.postgres, 'embedded Postgres', 'DEMO_POSTGRES_PORT');
	const embedded = await startEmbeddedPostgres({
		dataDir: join(config.dataDir, 'postgres'),
		port: config.ports.postgres,
		schema: schemaOf({ schema: config.schema }),
	});
	return {
		embedded,
		credentials: {
			host: embedded.host,
			port: embedded.port,
			database: embedded.database,
			user: embedded.user,
			password: '',
			ssl: 'disable',
			schema: config.schema,
			encryptionSecret: config.secrets.dataEncryptionSecret,
		},
	};
}

/** Prints how long the bot took to answer each chat's first message of this run: the figure people ask for. */
function reportReplyTimes(simulator: WhatsAppSimulator): void {
	const waiting = new Map<string, number>();
	simulator.store.on('event', (event: ChatEvent) => {
		if (event.type !== 'message') return;
		if (event.message.from === 'person' && !waiting.has(event.waId))
			waiting.set(event.waId, Date.now());
		if (event.message.from === 'bot' && waiting.get(event.waId)) {
			process.stdout.write(
				`  (bot answered in ${((Date.now() - waiting.get(event.waId)!) / 1000).toFixed(2)} s)\n`,
			);
			waiting.set(event.waId, 0);
		}
	});
}

/** Sends the settings form and waits until the academy it describes is in the database. */
async function saveThroughForm(
	n8nUrl: string,
	form: NonNullable<ReturnType<typeof settingsForm>>,
	profile: Omit<AcademyProfile, 'id'>,
	credentials: AcademyPostgresCredentials,
	staffPassword: string,
): Promise<AcademyProfile> {
	await submitSettingsForm(n8nUrl, form, profile, { user: 'staff', password: staffPassword });
	const deadline = Date.now() + 60_000;
	for (;;) {
		const saved = await findAcademy(credentials, profile.phoneNumberId);
		if (saved?.bookingUrl === profile.bookingUrl) return saved;
		if (Date.now() > deadline) {
			throw new Error(
				'the academy settings form was sent, but the academy did not appear in the database within 60 s (see the executions of "Academy settings" in the n8n editor)',
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

export interface RunningDemo {
	simulatorUrl: string;
	n8nUrl: string;
	/** The metrics dashboard for the sample academy: a signed link when the template has one. */
	dashboard: string | null;
	/** The dashboard behind the staff login (user "staff", the password in the data folder). */
	staffLogin: string | null;
	urls: TemplateUrls;
	templates: number;
	stop(): Promise<void>;
}

/** Starts everything; resolves once the chat page can be used. */
export async function startDemo(config: DemoConfig = loadConfig()): Promise<RunningDemo> {
	const stops: Array<() => Promise<void>> = [];
	const stop = async () => {
		for (const fn of stops.reverse())
			await fn().catch((error: Error) => console.error(`  while stopping: ${error.message}`));
		stops.length = 0;
	};
	try {
		await ensurePortFree(config.ports.simulator, 'WhatsApp simulator', 'DEMO_SIMULATOR_PORT');
		if (process.env.DEMO_SKIP_BUILD === '1')
			process.stdout.write('• Using the build in dist/ as it is (DEMO_SKIP_BUILD=1)\n');
		else
			await step('Building the package (npm run build, when sources changed)', () =>
				buildPackage(config),
			);
		const templates = loadTemplates(ROOT);

		const postgres = await step(
			config.postgres ? 'Connecting to your Postgres' : 'Starting the embedded Postgres (PGlite)',
			() => startPostgres(config),
		);
		if (postgres.embedded) stops.push(() => postgres.embedded!.stop());
		stops.push(closeAllPools);

		let urls: TemplateUrls = {
			whatsapp: null,
			cal: null,
			dashboardLink: null,
			dashboardLogin: null,
		};
		let dashboard: string | null = null;
		let n8nUrl: string | null = null;
		const simulator = new WhatsAppSimulator({
			port: config.ports.simulator,
			stateFile: join(config.dataDir, 'simulator.json'),
			business: BUSINESS,
			whatsapp: {
				appSecret: config.secrets.whatsappAppSecret,
				accessToken: config.secrets.whatsappAccessToken,
			},
			cal: {
				webhookSecret: config.secrets.calWebhookSecret,
				apiKey: config.secrets.calApiKey,
				eventTypeId: CAL_EVENT_TYPE_ID,
			},
			academy: () => SAMPLE_ACADEMY,
			targets: () => ({ whatsapp: urls.whatsapp, cal: urls.cal }),
			links: () => ({ dashboard, editor: n8nUrl }),
			leadPanel: leadPanelReader(postgres.credentials, BUSINESS.phoneNumberId),
		});
		await step('Starting the WhatsApp simulator', () => simulator.start());
		stops.push(() => simulator.stop());
		reportReplyTimes(simulator);

		const profile = {
			...SAMPLE_ACADEMY,
			phoneNumberId: BUSINESS.phoneNumberId,
			bookingUrl: simulator.bookingPageUrl,
		};
		const form = settingsForm(templates);
		// Without the settings template the academy is saved the way its form would save it.
		const savedDirectly = form
			? null
			: await step(
					`Saving the sample academy "${profile.name}" (Lead node storage; no settings template)`,
					() => saveAcademyDirectly(postgres.credentials, profile),
				);

		const n8n = new N8nServer({
			log: (line) => process.stdout.write(`  ${line}\n`),
			env: { N8N_DEFAULT_LOCALE: 'en' },
		});
		stops.push(() => n8n.stop());
		await step(
			'Preparing n8n 2.41.1 with this package (the first run installs n8n: about 4 minutes)',
			() => n8n.prepare(),
		);
		const setup = demoSetup(templates, config, {
			simulatorUrl: simulator.url,
			bookingPageUrl: simulator.bookingPageUrl,
			postgres: postgres.credentials,
		});
		for (const note of setup.notes) process.stdout.write(`  ${note}\n`);
		await step(
			`Importing ${setup.credentials.length} credentials and ${templates.length} templates`,
			async () => {
				await n8n.importCredentials(setup.credentials);
				for (const batch of importBatches(setup.workflows)) {
					const publishable = batch.filter(isPublishable);
					if (publishable.length) await n8n.importWorkflows(publishable);
					const others = batch.filter((t) => !isPublishable(t));
					if (others.length) await n8n.importWorkflows(others, { publish: false });
				}
			},
		);
		await step('Starting n8n', () => n8n.start());
		n8nUrl = n8n.baseUrl;
		const academy =
			savedDirectly ??
			(await step(
				`Creating the sample academy "${profile.name}" through the academy settings form`,
				() =>
					saveThroughForm(
						n8n.baseUrl,
						form!,
						profile,
						postgres.credentials,
						config.secrets.staffPassword,
					),
			));
		urls = templateUrls(ROOT, templates, n8n.baseUrl);
		const staffLogin = urls.dashboardLogin && `${urls.dashboardLogin}?academy=${academy.id}`;
		dashboard = urls.dashboardLink
			? signedDashboardLink(postgres.credentials, urls.dashboardLink, academy.id)
			: staffLogin;
		return {
			simulatorUrl: simulator.url,
			n8nUrl: n8n.baseUrl,
			dashboard,
			staffLogin,
			urls,
			templates: templates.length,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

function printReady(demo: RunningDemo, config: DemoConfig): void {
	const lines = [
		'',
		'The demo is running. Open the chat and write to the academy as a lead:',
		`  WhatsApp simulator   ${demo.simulatorUrl}`,
		// The harness's N8nServer sets this owner; see the demo section of the README.
		`  n8n editor           ${demo.n8nUrl}   (login: owner@academy-bot.test / Academy-e2e-1)`,
		`  Metrics dashboard    ${demo.dashboard ?? 'not in this build (no metrics template yet)'}`,
		...(demo.staffLogin
			? [
					`  Staff login page     ${demo.staffLogin}   (user: staff / password: ${config.secrets.staffPassword})`,
				]
			: []),
		`  Data kept in         ${config.dataDir}`,
		`  Database             ${config.postgres ? 'your Postgres (DATABASE_URL / PG*)' : 'embedded PGlite'}; Redis ${config.redis ? 'on' : 'off'}; model ${config.openAi ? config.openAi.baseUrl : 'none (deterministic answers)'}`,
	];
	if (!demo.urls.whatsapp) {
		lines.push(
			'',
			`Note: ${demo.templates ? 'no template has a WhatsApp trigger' : 'the workflow templates (workflows/) are not in this build yet'}, so n8n runs with the`,
			'package loaded but nothing answers the chat: the simulator shows each message as not delivered, with the reason.',
		);
	}
	lines.push('', 'Press Ctrl-C to stop everything.', '');
	process.stdout.write(lines.join('\n'));
}

export async function main(): Promise<void> {
	const config = loadConfig();
	let demo: RunningDemo;
	try {
		demo = await startDemo(config);
	} catch (error) {
		console.error(`\nThe demo could not start: ${(error as Error).message}`);
		process.exitCode = 1;
		return;
	}
	printReady(demo, config);
	let stopping = false;
	const shutdown = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`\n${signal}: stopping n8n, the simulator and the database…\n`);
		await demo.stop();
		process.stdout.write('Stopped. Your data stays in the data folder for the next run.\n');
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown('Ctrl-C'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
