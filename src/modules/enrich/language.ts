/**
 * Language identification for items and imported texts, restricted to the languages a site
 * publishes in: franc-min (trigram profiles of the most spoken languages) answers in ISO 639-3;
 * the site speaks ISO 639-1. Restricting to the candidates matters: unrestricted, short French
 * text is often taken for Catalan-like neighbours the site never publishes.
 */
import { francAll } from 'franc-min';
import { DatelineError } from '../../errors.js';

/** The OSCE profile's languages: the default candidates. */
export const PROFILE_LANGUAGES = ['en', 'fr', 'de', 'it', 'ru', 'es'] as const;

/** ISO 639-1 → the ISO 639-3 code franc-min uses, for the languages it knows that have a 639-1 code. */
const FRANC_CODES: Readonly<Record<string, string>> = {
  en: 'eng',
  fr: 'fra',
  de: 'deu',
  it: 'ita',
  ru: 'rus',
  es: 'spa',
  pt: 'por',
  nl: 'nld',
  pl: 'pol',
  uk: 'ukr',
  be: 'bel',
  bg: 'bul',
  sr: 'srp',
  hr: 'hrv',
  bs: 'bos',
  cs: 'ces',
  hu: 'hun',
  ro: 'ron',
  sv: 'swe',
  tr: 'tur',
  az: 'azj',
  kk: 'kaz',
  uz: 'uzn',
  el: 'ell',
  ar: 'arb',
  fa: 'pes',
  ur: 'urd',
  hi: 'hin',
  zh: 'cmn',
  ja: 'jpn',
  ko: 'kor',
  id: 'ind',
  vi: 'vie',
};

/** Fewer letters than this is too little to tell languages apart reliably (a name, a heading). */
export const MIN_LETTERS = 20;

/** franc reads only the first characters of a text. */
const FRANC_READS = 2048;

/** franc reads only the first 2,048 characters; links and e-mail addresses there are not language. */
const NOT_LANGUAGE = /\b(?:https?:\/\/|www\.)\S+|\S+@\S+\.\w+/giu;

export interface DetectedLanguage {
  /** ISO 639-1 code, one of the candidates. */
  readonly language: string;
  /**
   * 0..1, a heuristic rather than a probability: the margin over the runner-up (franc's scores are
   * distances normalized so the best is 1, and the margins shrink as texts grow) times the square
   * root of the length read, squashed. A typical 2,000-character report scores about 0.9, a clear
   * sentence about 0.99; a lone candidate for the script, 1.
   */
  readonly confidence: number;
}

/**
 * The most likely of `candidates` (ISO 639-1) for `text`, or null when the text is too short or
 * written in a script none of them uses. Candidates the detector does not know are ignored; when
 * it knows none of them, that is a DL_VALIDATION error (the site's languages cannot be detected).
 */
export function detectLanguage(
  text: string,
  candidates: readonly string[] = PROFILE_LANGUAGES,
): DetectedLanguage | null {
  if (typeof text !== 'string') throw new DatelineError('DL_VALIDATION', 'The text must be a string.');
  const only = candidates.flatMap((c) => FRANC_CODES[c] ?? []);
  if (only.length === 0)
    throw new DatelineError(
      'DL_VALIDATION',
      `None of the languages ${candidates.join(', ') || '(none)'} can be detected; known: ${Object.keys(FRANC_CODES).join(', ')}.`,
    );
  const cleaned = text.replace(NOT_LANGUAGE, ' ');
  if ((cleaned.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS) return null;
  const ranked = francAll(cleaned, { only, minLength: 1 });
  const [best, second] = ranked;
  if (!best || best[0] === 'und') return null;
  const language = candidates.find((c) => FRANC_CODES[c] === best[0]);
  if (!language) return null;
  if (!second) return { language, confidence: 1 };
  const strength = ((best[1] - second[1]) * Math.sqrt(Math.min(cleaned.length, FRANC_READS))) / 0.6;
  return { language, confidence: Math.round((1 - Math.exp(-strength)) * 1000) / 1000 };
}
