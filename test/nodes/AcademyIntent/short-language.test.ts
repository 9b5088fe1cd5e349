import { detectLanguage } from '../../../nodes/AcademyIntent/engine/language';
import { tokenize } from '../../../nodes/AcademyIntent/engine/normalize';

describe('language of one-word messages', () => {
	it.each([
		['STOP', 'en'],
		['stop', 'pt'],
		['ok', 'en'],
	] as const)('"%s" from a lead known to write %s keeps that language', (text, known) => {
		expect(detectLanguage(tokenize(text), known)).toBe(known);
	});

	it('still hears the language of a longer message', () => {
		expect(detectLanguage(tokenize('no me escriban más por favor'), 'en')).toBe('es');
	});
});
