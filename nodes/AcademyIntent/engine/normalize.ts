/**
 * Chat shorthand that hides a word the model knows. Only unambiguous ones: a token that means
 * different things in Spanish and Portuguese (tb, pq) is left for the character n-grams.
 */
const SHORTHAND: Record<string, string> = {
	q: 'que',
	k: 'que',
	xq: 'porque',
	pk: 'porque',
	x: 'por',
	dnd: 'donde',
	dnde: 'donde',
	cdo: 'cuando',
	cto: 'cuanto',
	xfa: 'porfa',
	tmb: 'tambien',
	// Portuguese chat writes não as "n" or "ñ" (which loses its tilde above).
	n: 'nao',
	vc: 'voce',
	vcs: 'voces',
	hj: 'hoje',
	qto: 'quanto',
	qnto: 'quanto',
	qnt: 'quanto',
	qdo: 'quando',
	qnd: 'quando',
	qndo: 'quando',
	pfv: 'porfavor',
	pf: 'porfavor',
	td: 'tudo',
	tbm: 'tambem',
	msm: 'mesmo',
	hw: 'how',
	u: 'you',
	r: 'are',
	ur: 'your',
	wat: 'what',
	wht: 'what',
	wen: 'when',
	whr: 'where',
	pls: 'please',
	plz: 'please',
	plis: 'please',
	thx: 'thanks',
	im: 'i am',
	id: 'i would',
};

// Skin tones, variation selectors and joiners change how an emoji looks, not what it says.
const EMOJI_MODIFIERS = /[\u{1F3FB}-\u{1F3FF}]|\u{FE0F}|\u{200D}|\u{2640}|\u{2642}/gu;
const DIACRITICS = /[\u0300-\u036f]/g;
const TOKEN = /[a-z0-9]+|\$|\p{Extended_Pictographic}/gu;
// "holaaa", "oiii", "buenass": people stretch words; one letter per run is what stays stable.
const REPEATED_LETTER = /([a-z])\1+/g;

/** Lower-cased, accent-free word and emoji tokens, with chat shorthand spelled out. */
export function tokenize(text: string): string[] {
	const plain = text
		.toLowerCase()
		.normalize('NFD')
		.replace(DIACRITICS, '')
		.replace(EMOJI_MODIFIERS, '')
		.replace(/https?:\/\/\S+/g, ' ')
		.replace(/r\$/g, '$')
		.replace(REPEATED_LETTER, '$1');
	const tokens: string[] = [];
	for (const token of plain.match(TOKEN) ?? []) {
		const spelled = SHORTHAND[token];
		if (spelled) tokens.push(...spelled.split(' '));
		else tokens.push(token);
	}
	return tokens;
}
