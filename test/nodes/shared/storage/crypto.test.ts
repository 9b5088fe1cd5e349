import { PersonalDataCipher, cipherFor } from '../../../../nodes/shared/storage/crypto';

describe('personal data cipher', () => {
	const cipher = new PersonalDataCipher('a-long-random-secret');

	it('gives back what it sealed, including accents and emoji, and never shows it', () => {
		const text = 'hola, cuánto sale? 🥋 +5491155550000';
		const sealed = cipher.encrypt(text);
		expect(sealed).not.toContain('cuánto');
		expect(sealed).not.toContain('5491155550000');
		expect(cipher.decrypt(sealed)).toBe(text);
	});

	it('seals the same text differently each time', () => {
		expect(cipher.encrypt('5491155550000')).not.toBe(cipher.encrypt('5491155550000'));
	});

	it('refuses data sealed with another secret, with a message that says so', () => {
		const sealed = new PersonalDataCipher('another-secret').encrypt('5491155550000');
		expect(() => cipher.decrypt(sealed)).toThrow(/another secret/);
	});

	it('refuses data changed in the database', () => {
		const sealed = cipher.encrypt('5491155550000');
		const raw = Buffer.from(sealed.slice(3), 'base64');
		raw[raw.length - 1] ^= 1;
		expect(() => cipher.decrypt(`v1:${raw.toString('base64')}`)).toThrow(/cannot be opened/);
		expect(() => cipher.decrypt('plain text')).toThrow(/format/);
	});

	it('hashes equal values equally, per secret, without revealing them', () => {
		const hash = cipher.hash('5491155550000');
		expect(hash).toBe(cipher.hash('5491155550000'));
		expect(hash).not.toBe(cipher.hash('5491155550001'));
		expect(hash).not.toBe(new PersonalDataCipher('another-secret').hash('5491155550000'));
		expect(hash).toMatch(/^[0-9a-f]{64}$/);
	});

	it('keeps empty values empty and asks for a secret when there is none', () => {
		expect(cipher.encryptNullable('')).toBeNull();
		expect(cipher.encryptNullable(null)).toBeNull();
		expect(cipher.decryptNullable(null)).toBeNull();
		expect(() => cipherFor({ encryptionSecret: '' })).toThrow(/Data Encryption Secret/);
		expect(cipherFor({ encryptionSecret: 'x' })).toBe(cipherFor({ encryptionSecret: 'x' }));
	});
});
