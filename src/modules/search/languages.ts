/**
 * What each content language changes in text analysis: a short stop-word list and a stemmer.
 * English gets Porter2; the others get light suffix stripping (plural and gender endings), which
 * is what studies of European-language retrieval found to give most of a full stemmer's gain with
 * few wrong merges. Every rule runs on terms already lower-cased and accent-folded, so the lists
 * are written folded ("a" for "à", "fur" for "für").
 */
import { stemEnglish } from './stem-english.js';

export const ANALYZER_LANGUAGES = ['en', 'fr', 'de', 'it', 'ru', 'es'] as const;
export type AnalyzerLanguage = (typeof ANALYZER_LANGUAGES)[number];

export interface LanguageRules {
  readonly stopWords: ReadonlySet<string>;
  /** Stems one folded term; terms with digits or other scripts come back unchanged. */
  readonly stem: (term: string) => string;
}

const words = (list: string) => new Set(list.split(' '));

const LATIN_WORD = /^[a-z]+$/;
const CYRILLIC_WORD = /^[а-я]+$/;

/** Strips the first listed ending that leaves at least `minStem` letters. */
function stripEnding(term: string, endings: readonly string[], minStem: number): string {
  for (const ending of endings) {
    if (term.length - ending.length >= minStem && term.endsWith(ending)) {
      return term.slice(0, term.length - ending.length);
    }
  }
  return term;
}

/** Plurals (-s, -x, -aux → -al), then a feminine or final -e: élections/élection, nationales/national. */
function stemFrench(term: string): string {
  if (!LATIN_WORD.test(term)) return term;
  let t = term;
  if (t.length > 5 && t.endsWith('aux')) t = `${t.slice(0, -3)}al`;
  else if (t.length > 3 && (t.endsWith('s') || t.endsWith('x'))) t = t.slice(0, -1);
  if (t.length > 4 && t.endsWith('e')) t = t.slice(0, -1);
  return t;
}

/** Plural and case endings: Wahlen/Wahl, Rechte/Recht, Staaten/Staat. */
function stemGerman(term: string): string {
  if (!LATIN_WORD.test(term)) return term;
  const t = stripEnding(term, ['ern', 'em', 'en', 'er', 'es'], 3);
  return t === term ? stripEnding(term, ['e', 's', 'n'], 3) : t;
}

/** The final vowel carries number and gender: elezione/elezioni, diritto/diritti. */
function stemItalian(term: string): string {
  if (!LATIN_WORD.test(term)) return term;
  return term.length > 4 && 'aeio'.includes(term.charAt(term.length - 1)) ? term.slice(0, -1) : term;
}

/** Plurals (-es after a consonant, -s), then the gender vowel: elecciones/elección, derechos/derecho. */
function stemSpanish(term: string): string {
  if (!LATIN_WORD.test(term)) return term;
  let t = term;
  if (t.length > 5 && t.endsWith('es') && !'aeiou'.includes(t.charAt(t.length - 3))) t = t.slice(0, -2);
  else if (t.length > 3 && t.endsWith('s')) t = t.slice(0, -1);
  if (t.length > 4 && 'aoe'.includes(t.charAt(t.length - 1))) t = t.slice(0, -1);
  return t;
}

/** Noun and adjective case endings, longest first: выборы/выборов/выборах, право/права. */
const RUSSIAN_ENDINGS = [
  'иями',
  'ями',
  'ами',
  'ией',
  'иям',
  'ием',
  'иях',
  'ого',
  'его',
  'ому',
  'ему',
  'ыми',
  'ими',
  'ая',
  'яя',
  'ое',
  'ее',
  'ые',
  'ие',
  'ый',
  'ий',
  'ой',
  'ей',
  'ую',
  'юю',
  'ов',
  'ев',
  'ам',
  'ям',
  'ах',
  'ях',
  'ом',
  'ем',
  'ию',
  'ия',
  'ии',
  'а',
  'я',
  'о',
  'е',
  'ы',
  'и',
  'у',
  'ю',
  'ь',
  'й',
];

function stemRussian(term: string): string {
  return CYRILLIC_WORD.test(term) ? stripEnding(term, RUSSIAN_ENDINGS, 3) : term;
}

export const LANGUAGE_RULES: Readonly<Record<AnalyzerLanguage, LanguageRules>> = {
  en: {
    // "s" and "t" are what is left of "OSCE's" and "don't" once the apostrophe splits the word.
    stopWords: words(
      'a an and are as at be but by for if in into is it no not of on or s such t that the their then there these they this to was will with',
    ),
    stem: stemEnglish,
  },
  fr: {
    // Elided articles and pronouns (l', d', qu', n', s', c', j', m', t') are separate tokens.
    stopWords: words(
      'a au aux c ce ces d dans de des du elle en est et il j l la le les m n ne ou par pas pour qu que qui s sa se ses son sur t un une',
    ),
    stem: stemFrench,
  },
  de: {
    stopWords: words(
      'als am an auch auf bei das dass dem den der des die ein eine einem einen einer eines es fur im in ist mit nicht oder sich sind und vom von wird zu zum zur',
    ),
    stem: stemGerman,
  },
  it: {
    stopWords: words(
      'a al alla che con da dal dalla degli dei del della delle dell dello di e fra gli i il in l la le lo nel nella non o per si su tra un una uno',
    ),
    stem: stemItalian,
  },
  es: {
    stopWords: words(
      'a al como con de del el en es la las lo los no o para por que se su sus un una unas unos y',
    ),
    stem: stemSpanish,
  },
  ru: {
    stopWords: words(
      'а бы в во все вы да для его же за и из к как на не но о об он она от по при с со так то ты у что это я',
    ),
    stem: stemRussian,
  },
};

/** The rules of a language code, or none (no stop words, no stemming) for any other language. */
export function rulesOf(language: string | null | undefined): LanguageRules | null {
  return language != null && Object.hasOwn(LANGUAGE_RULES, language)
    ? LANGUAGE_RULES[language as AnalyzerLanguage]
    : null;
}
