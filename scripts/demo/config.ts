import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { AcademyPostgresCredentials } from '../../nodes/shared/storage/postgres';

export const ROOT = resolve(__dirname, '..', '..');

/** Meta's published example number (fixtures/whatsapp): the sample academy answers on it. */
export const BUSINESS = {
	businessAccountId: '102290129340398',
	phoneNumberId: '106540352242922',
	displayPhoneNumber: '15550783881',
};

/** Made once per data folder and kept there, so credentials and stored data agree between runs. */
export interface DemoSecrets {
	whatsappAccessToken: string;
	whatsappAppSecret: string;
	whatsappVerifyToken: string;
	calApiKey: string;
	calWebhookSecret: string;
	dataEncryptionSecret: string;
	staffPassword: string;
}

export interface DemoConfig {
	dataDir: string;
	ports: { n8n: number; simulator: number; postgres: number };
	secrets: DemoSecrets;
	/** The user's own Postgres, or null for the embedded one. */
	postgres: AcademyPostgresCredentials | null;
	schema: string;
	redis: {
		host: string;
		port: number;
		user: string;
		password: string;
		database: number;
		tls: boolean;
	} | null;
	openAi: { apiKey: string; baseUrl: string; model: string } | null;
}

function port(name: string, fallback: number): number {
	const value = process.env[name];
	if (!value) return fallback;
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535) {
		throw new Error(`${name}=${value} is not a port number (1-65535)`);
	}
	return parsed;
}

function loadSecrets(dataDir: string): DemoSecrets {
	const file = join(dataDir, 'secrets.json');
	const saved = existsSync(file)
		? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoSecrets>)
		: {};
	const make = () => randomBytes(24).toString('base64url');
	const secrets: DemoSecrets = {
		whatsappAccessToken: saved.whatsappAccessToken ?? make(),
		whatsappAppSecret: saved.whatsappAppSecret ?? make(),
		whatsappVerifyToken: saved.whatsappVerifyToken ?? make(),
		calApiKey: saved.calApiKey ?? `cal_test_${make()}`,
		calWebhookSecret: saved.calWebhookSecret ?? make(),
		dataEncryptionSecret: saved.dataEncryptionSecret ?? make(),
		staffPassword: saved.staffPassword ?? make().slice(0, 16),
	};
	writeFileSync(file, JSON.stringify(secrets, null, '\t'), { mode: 0o600 });
	return secrets;
}

/** The user's Postgres from DATABASE_URL or the PG* variables, if they gave one. */
function ownPostgres(
	env: NodeJS.ProcessEnv,
	schema: string,
	secret: string,
): AcademyPostgresCredentials | null {
	if (env.DATABASE_URL)
		return {
			secretConnectionString: env.DATABASE_URL,
			schema,
			encryptionSecret: secret,
			ssl: 'disable',
		};
	if (!env.PGHOST) return null;
	return {
		host: env.PGHOST,
		port: Number(env.PGPORT ?? 5432),
		database: env.PGDATABASE ?? 'postgres',
		user: env.PGUSER ?? 'postgres',
		password: env.PGPASSWORD ?? '',
		ssl: 'disable',
		schema,
		encryptionSecret: secret,
	};
}

function redisFrom(url: string | undefined): DemoConfig['redis'] {
	if (!url) return null;
	const parsed = new URL(url);
	return {
		host: parsed.hostname,
		port: Number(parsed.port || 6379),
		user: decodeURIComponent(parsed.username),
		password: decodeURIComponent(parsed.password),
		database: Number(parsed.pathname.slice(1) || 0),
		tls: parsed.protocol === 'rediss:',
	};
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): DemoConfig {
	const dataDir = resolve(ROOT, env.DEMO_DATA_DIR ?? '.demo-data');
	mkdirSync(dataDir, { recursive: true });
	const secrets = loadSecrets(dataDir);
	const schema = env.DEMO_SCHEMA ?? 'academy_bot';
	const openAiKey = env.OPENAI_API_KEY ?? '';
	const openAiBase = env.OPENAI_BASE_URL ?? '';
	return {
		dataDir,
		ports: {
			n8n: port('DEMO_N8N_PORT', 5678),
			simulator: port('DEMO_SIMULATOR_PORT', 5690),
			postgres: port('DEMO_POSTGRES_PORT', 54329),
		},
		secrets,
		postgres: ownPostgres(env, schema, secrets.dataEncryptionSecret),
		schema,
		redis: redisFrom(env.REDIS_URL),
		openAi:
			openAiKey || openAiBase
				? {
						apiKey: openAiKey,
						baseUrl: openAiBase || 'https://api.openai.com/v1',
						model: env.OPENAI_MODEL ?? 'gpt-4o-mini',
					}
				: null,
	};
}
