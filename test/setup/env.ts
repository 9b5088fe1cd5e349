import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core's InstanceSettings writes a config with a random key into the user folder;
// a fixed key in a throwaway folder keeps runs independent of the developer's ~/.n8n.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'academy-bot-n8n-'));
process.env.N8N_ENCRYPTION_KEY ??= 'academy-bot-test-key';
