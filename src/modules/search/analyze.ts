/**
 * Text analysis, identical for documents being indexed and for words typed in a query: a term
 * found by one is found by the other only if both went through exactly this code.
 *
 * A token is a run of letters, digits and combining marks in any script (so a CJK run is one
 * token). Each run is normalized on its own — NFKC, lower case, Latin accents folded (é→e, ß→ss,
 * ø→o), Cyrillic ё→е — then dropped if it is a stop word of the language, else stemmed. Offsets
 * are those of the run in the original text, so snippets can highlight what the reader typed.
 *
 * Speed: scanning is a loop over char codes with class tables; everything after the scan depends
 * only on the run's text and the language, so it is cached per run (archives repeat their words).
 */
import { type AnalyzerLanguage, type LanguageRules, rulesOf } from './languages.js';

export { ANALYZER_LANGUAGES, type AnalyzerLanguage } from './languages.js';

export interface Token {
  /** The index term: normalized, folded and stemmed. */
  readonly term: string;
  /** Ordinal of the token in the text; stop words take a position too, so phrases keep their gaps. */
  readonly position: number;
  /** UTF-16 offsets of the token's run in the original text. */
  readonly start: number;
  readonly end: number;
}

/** Longer runs (base64, URLs without separators, long CJK runs) are indexed by their first units. */
export const MAX_TERM_LENGTH = 64;

/**
 * What a run analyzes to: one term, null for a stop word, or, rarely, several (NFKC turns some
 * single characters into several words, e.g. "½" → "1⁄2"). Each entry takes one position.
 */
type RunTerms = string | null | readonly (string | null)[];

const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const SEPARATOR = 1;
const WORD = 2;

/** Class of each BMP code unit, filled on first sight; ASCII is filled up front. */
const unitClass = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) unitClass[c] = WORD_CHAR.test(String.fromCharCode(c)) ? WORD : SEPARATOR;
// Surrogates are classified by the code point they form; alone they separate.
unitClass.fill(SEPARATOR, 0xd800, 0xe000);

function classOfUnit(c: number): number {
  const known = unitClass[c]!;
  if (known !== 0) return known;
  const computed = WORD_CHAR.test(String.fromCharCode(c)) ? WORD : SEPARATOR;
  unitClass[c] = computed;
  return computed;
}

/** Length (1 or 2 units) of the word character at i, or 0 if a separator is there. */
function wordCharLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c >= 0xe000) return classOfUnit(c) === WORD ? 1 : 0;
  if (c >= 0xdc00 || i + 1 >= text.length) return 0;
  const low = text.charCodeAt(i + 1);
  if (low < 0xdc00 || low >= 0xe000) return 0;
  return WORD_CHAR.test(text.slice(i, i + 2)) ? 2 : 0;
}

/** Latin letters with diacritics and the few that do not decompose, mapped to plain a–z. */
const FOLD = new Map<number, string>();
for (const [from, to] of [
  [0xc0, 0x250],
  [0x1e00, 0x1f00],
]) {
  for (let cp = from!; cp < to!; cp++) {
    const base = String.fromCharCode(cp).normalize('NFD').replace(/\p{M}/gu, '');
    if (base.length > 0 && /^[a-z]+$/i.test(base)) FOLD.set(cp, base.toLowerCase());
  }
}
for (const [letter, folded] of [
  ['ß', 'ss'],
  ['æ', 'ae'],
  ['œ', 'oe'],
  ['ø', 'o'],
  ['đ', 'd'],
  ['ð', 'd'],
  ['þ', 'th'],
  ['ł', 'l'],
  ['ı', 'i'],
  ['ħ', 'h'],
  ['ŧ', 't'],
  ['ŀ', 'l'],
  ['ё', 'е'],
  ['ς', 'σ'],
] as const) {
  FOLD.set(letter.charCodeAt(0), folded);
}

/** Folds a lower-cased NFKC string; combining accents left on a Latin letter are dropped. */
function fold(s: string): string {
  let out = '';
  let afterLatin = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      out += s.charAt(i);
      afterLatin = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
      continue;
    }
    if (c >= 0x300 && c < 0x370 && afterLatin) continue;
    const folded = FOLD.get(c);
    out += folded ?? s.charAt(i);
    afterLatin = folded !== undefined && folded.charCodeAt(0) < 128;
  }
  return out;
}

const NOT_WORD_CHARS = /[^\p{L}\p{N}\p{M}]+/u;

function termOf(word: string, rules: LanguageRules | null): string | null {
  if (rules === null) return word;
  return rules.stopWords.has(word) ? null : rules.stem(word);
}

function analyzeRun(run: string, rules: LanguageRules | null): RunTerms {
  if (isAscii(run)) return termOf(run.toLowerCase(), rules);
  const normalized = fold(run.normalize('NFKC').toLowerCase());
  const words = normalized.split(NOT_WORD_CHARS).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length === 1) return termOf(words[0]!, rules);
  return words.map((w) => termOf(w, rules));
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 128) return false;
  return true;
}

/** Per-language run → terms caches, cleared when they grow past a bound (memory stays flat). */
const CACHE_LIMIT = 200_000;
const caches = new Map<LanguageRules | null, Map<string, RunTerms>>();

function cacheOf(rules: LanguageRules | null): Map<string, RunTerms> {
  let cache = caches.get(rules);
  if (cache === undefined) {
    cache = new Map();
    caches.set(rules, cache);
  }
  return cache;
}

export type TokenVisitor = (term: string, position: number, start: number, end: number) => void;

/**
 * Calls `visit` for every term of `text`, in order, without allocating a token object: the
 * indexer's path. `language` is a content language code; any other value means no stop words and
 * no stemming.
 */
export function forEachTerm(
  text: string,
  language: AnalyzerLanguage | string | null,
  visit: TokenVisitor,
): void {
  const rules = rulesOf(language);
  const cache = cacheOf(rules);
  const n = text.length;
  let position = 0;
  let i = 0;
  while (i < n) {
    let step = wordCharLength(text, i);
    if (step === 0) {
      i++;
      continue;
    }
    const start = i;
    let keyEnd = -1;
    while (step !== 0) {
      i += step;
      if (keyEnd < 0 && i - start >= MAX_TERM_LENGTH) keyEnd = i;
      step = i < n ? wordCharLength(text, i) : 0;
    }
    const run = text.slice(start, keyEnd < 0 ? i : keyEnd);
    let terms = cache.get(run);
    if (terms === undefined) {
      terms = analyzeRun(run, rules);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(run, terms);
    }
    if (typeof terms === 'string') visit(terms, position++, start, i);
    else if (terms === null) position++;
    else {
      for (const term of terms) {
        if (term !== null) visit(term, position, start, i);
        position++;
      }
    }
  }
}

/**
 * How many positions the runs of `text` from `start` to `end` take, as forEachTerm counts them
 * (stop words take theirs), without slicing or analyzing the ASCII runs (one position each): where
 * a snippet's marks stand (snippet.ts), between two marks.
 */
export function positionsBetween(
  text: string,
  start: number,
  end: number,
  language: AnalyzerLanguage | string | null,
): number {
  let positions = 0;
  let i = start;
  while (i < end) {
    let step = wordCharLength(text, i);
    if (step === 0) {
      i++;
      continue;
    }
    const runStart = i;
    let ascii = true;
    while (step !== 0) {
      if (text.charCodeAt(i) >= 128) ascii = false;
      i += step;
      step = i < end ? wordCharLength(text, i) : 0;
    }
    if (ascii) positions++;
    else {
      // NFKC may make several words of one run ("½" → 1, 2): each takes a position.
      const terms = analyzeRun(
        text.slice(runStart, Math.min(i, runStart + MAX_TERM_LENGTH)),
        rulesOf(language),
      );
      positions += terms === null || typeof terms === 'string' ? 1 : terms.length;
    }
  }
  return positions;
}

/** The terms of `text` with their positions and offsets. */
export function analyze(text: string, language: AnalyzerLanguage | string | null): Token[] {
  const tokens: Token[] = [];
  forEachTerm(text, language, (term, position, start, end) => {
    tokens.push({ term, position, start, end });
  });
  return tokens;
}

/**
 * The index term of one query word, or null when the word is a stop word, has no letters or
 * digits, or analyzes to several terms ("co-operation": the query parser makes those a phrase).
 */
export function normalizeTerm(word: string, language: AnalyzerLanguage | string | null): string | null {
  const tokens = analyze(word, language);
  return tokens.length === 1 ? tokens[0]!.term : null;
}

/** Whether `term` is a stop word of `language`: its texts never index it (as a word of their own). */
export function isStopWord(term: string, language: string): boolean {
  return rulesOf(language)?.stopWords.has(term) ?? false;
}

/**
 * A prefix as typed before `*`: normalized and folded like any word but neither stemmed nor
 * checked against stop words (a stem of a prefix would not be a prefix of the stems).
 */
export function normalizePrefix(word: string): string | null {
  return normalizeTerm(word, null);
}
