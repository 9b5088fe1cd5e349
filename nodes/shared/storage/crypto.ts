import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// A fixed salt is fine for HKDF: the secret itself is the credential's random value.
const SALT = 'n8n-nodes-academy-bot';

/**
 * Encrypts personal data at rest (AES-256-GCM: a changed or foreign ciphertext fails to open
 * instead of decrypting to garbage) and hashes identifiers for lookups (HMAC-SHA256, so the
 * hash of a phone number cannot be reversed by trying every number without the secret).
 * WhatsApp message ids are hashed too: a wamid carries the sender's number in base64.
 * Both keys are derived from the credential's Data Encryption Secret, each for its own use.
 */
export class PersonalDataCipher {
	// KeyObjects, not Buffers: Node then checks the key once, not on every call (an HMAC of a
	// phone number takes a seventh of the time, a decryption a quarter).
	private readonly encryptionKey: KeyObject;

	private readonly hashKey: KeyObject;

	constructor(secret: string) {
		if (!secret) {
			throw new Error(
				'The Postgres credential has no Data Encryption Secret: set one (a long random value) so personal data can be stored encrypted',
			);
		}
		this.encryptionKey = createSecretKey(Buffer.from(hkdfSync('sha256', secret, SALT, 'encryption', 32)));
		this.hashKey = createSecretKey(Buffer.from(hkdfSync('sha256', secret, SALT, 'lookup-hash', 32)));
	}

	/** `v1:` + base64(iv | tag | ciphertext); a fresh random iv each time. */
	encrypt(plain: string): string {
		const iv = randomBytes(IV_BYTES);
		const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
		const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
		return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
	}

	decrypt(sealed: string): string {
		const [version, payload] = sealed.split(':', 2);
		const raw = Buffer.from(payload ?? '', 'base64');
		if (version !== VERSION || raw.length < IV_BYTES + TAG_BYTES) {
			throw new Error('Stored personal data is not in a format this version can read');
		}
		const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, raw.subarray(0, IV_BYTES));
		decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
		try {
			return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
		} catch {
			throw new Error(
				'Stored personal data cannot be opened with this Data Encryption Secret: it was written with another secret or changed in the database. Use the secret the data was written with.',
			);
		}
	}

	encryptNullable(plain: string | null | undefined): string | null {
		return plain === null || plain === undefined || plain === '' ? null : this.encrypt(plain);
	}

	decryptNullable(sealed: string | null | undefined): string | null {
		return sealed ? this.decrypt(sealed) : null;
	}

	/** Hex HMAC; equal inputs give equal hashes, so it can sit in a unique index. */
	hash(value: string): string {
		return createHmac('sha256', this.hashKey).update(value, 'utf8').digest('hex');
	}
}

const ciphers = new Map<string, PersonalDataCipher>();

/** One cipher per secret per process: key derivation runs once, not per item. */
export function cipherFor(credentials: { encryptionSecret?: string }): PersonalDataCipher {
	const secret = credentials.encryptionSecret ?? '';
	let cipher = ciphers.get(secret);
	if (!cipher) {
		cipher = new PersonalDataCipher(secret);
		ciphers.set(secret, cipher);
	}
	return cipher;
}
