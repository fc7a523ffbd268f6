/**
 * The snippet of a hit: where in its summary and body the query's words are, marked.
 *
 * Turning HTML to text and analyzing it is most of a search's cost outside the engine, and a
 * snippet shows 260 characters; so the text is read only where the words can be. Each index word
 * gives a probe — its stem less the last letter, which begins every word it came from ("studi" ←
 * "studies", "polic" ← "Police") once the text is lower-cased and accent-folded as the analyzer
 * folds it. The text is folded character for character (so positions stay those of the text), a
 * plain string search finds the candidate words, and only those words are analyzed: a candidate
 * is a mark when its analysis is one of the query's words. When folding cannot keep positions
 * (a ligature, ß, a combining accent, characters outside the BMP), the text is analyzed whole.
 */
import { forEachTerm, isStopWord, normalizePrefix } from './analyze.js';
import { flatText, htmlToFlatText } from './engine/load.js';
import {
  type HighlightPhrase,
  type HighlightTerms,
  type Mark,
  type MarkFinder,
  flatSnippetOf,
  markedText,
  SNIPPET_CHARS,
  type Snippet,
} from './snippet.js';

/** HTML read for the opening of an item, shown when its text does not hold the words. */
const OPENING_HTML = 450;
/** HTML kept before a probed occurrence, so the snippet has some context before its first mark. */
const PROBE_LEAD = 120;
/** HTML kept after a probed occurrence: room for the snippet and more of the query's words. */
const PROBE_TRAIL = SNIPPET_CHARS + 160;
/** Probed occurrences tried in the body before falling back to reading it whole. */
const PROBE_TRIES = 8;

/** Folded form of each UTF-16 unit: one unit, or FOLDS_OTHERWISE when it cannot stay one. */
const FOLDS_OTHERWISE = 0xffff;
const foldedUnit = new Uint16Array(0x10000);
/** 1 where the folded unit is a word character (letter or digit), as the analyzer sees words. */
const wordUnit = new Uint8Array(0x10000);
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

function foldUnit(c: number): number {
  const known = foldedUnit[c]!;
  if (known !== 0 || c === 0) return known;
  let folded = FOLDS_OTHERWISE;
  const char = String.fromCharCode(c);
  if (c < 128) folded = char.toLowerCase().charCodeAt(0);
  else if ((c < 0xd800 || c >= 0xe000) && !/\p{M}/u.test(char)) {
    if (!/[\p{L}\p{N}]/u.test(char.normalize('NFKC'))) {
      // Punctuation, symbols and spaces ("–", "…", no-break space) only ever separate words.
      folded = 0x20;
    } else {
      // A letter or digit: the analyzer's own folding of it (NFKC, lower case, accents), when
      // that is one unit (not ß → ss, ﬁ → fi).
      const alone = normalizePrefix(char) ?? '';
      if (alone.length === 1) folded = alone.charCodeAt(0);
    }
  }
  foldedUnit[c] = folded;
  wordUnit[c] = folded !== FOLDS_OTHERWISE && LETTER_OR_DIGIT.test(String.fromCharCode(folded)) ? 1 : 0;
  return folded;
}

/**
 * Text whose only characters beyond ASCII are punctuation and spaces ("–", "’", no-break space):
 * lower-casing folds it as well as folding would for finding words (those characters are never
 * part of a word either way, and stay one unit), without a pass in JavaScript over every character.
 */
// Written without the u flag, as the two below: unit by unit is all these need, and V8 runs
// these classes several times faster without it (measured: 6.2 → 1.7 µs for 540 characters).
// U+2000–U+206F: General Punctuation (spaces, dashes, quotes, invisible separators): no letters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
const LOWER_CASE_FOLDS = /^[\x00-\x7f\u00a0\u2000-\u206f]*$/;
const utf16 = new TextDecoder('utf-16le');

for (let c = 0; c < 128; c++) foldUnit(c);

/** Mostly Cyrillic (or Greek…) text: folded faster by one pass over every unit than unit by unit. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
const MOSTLY_BEYOND_ASCII = /[^\x00-\x7f][^\x00-\x7f\s][^\x00-\x7f\s]/;
/** One unit beyond ASCII (half of a surrogate pair alone, which then cannot fold: see foldUnit). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
const BEYOND_ASCII = /[^\x00-\x7f]/g;

/** `text` folded unit for unit, or null when some unit cannot stay one unit. */
export function foldText(text: string): string | null {
  if (LOWER_CASE_FOLDS.test(text)) return text.toLowerCase();
  if (!MOSTLY_BEYOND_ASCII.test(text)) {
    // Latin text with a few accented names: the engine finds those few, we fold only them.
    let keeps = true;
    const folded = text.replace(BEYOND_ASCII, (c) => {
      const f = foldUnit(c.charCodeAt(0));
      if (f === FOLDS_OTHERWISE) keeps = false;
      return String.fromCharCode(f);
    });
    // Folded units are already lower case: this lowers the ASCII ones only.
    return keeps ? folded.toLowerCase() : null;
  }
  return foldUnits(text);
}

/** foldText by one pass over every unit (exported for tests: the other ways must agree with it). */
export function foldUnits(text: string): string | null {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const f = foldUnit(text.charCodeAt(i));
    if (f === FOLDS_OTHERWISE) return null;
    units[i] = f;
  }
  return utf16.decode(units);
}

/**
 * The word units of the Basic Multilingual Plane (letters, digits and marks, as the analyzer sees
 * words) as a class body of explicit ranges, with every surrogate: characters beyond it count as
 * letters here (an emoji between a phrase's words keeps a pattern from finding it, and the
 * snippet marks the words one by one instead). Phrase patterns hold this rather than
 * `\p{L}\p{N}\p{M}` and are compiled without the `u` flag: a pattern of a few such property
 * classes took ~2.5 ms to make and as much again to compile on its first run, ~5 ms of every new
 * phrase's first search, against ~0.6 ms with the ranges (measured on three-form phrases over a
 * 3 KB body). Built from the property classes on first use (5–20 ms once a thread), so it follows
 * the running engine's Unicode tables.
 */
let wordRanges: string | null = null;

function wordClassBody(): string {
  if (wordRanges !== null) return wordRanges;
  const property = /[\p{L}\p{N}\p{M}]/u;
  const isWord = (c: number) => (c < 0xd800 || c >= 0xe000) && property.test(String.fromCharCode(c));
  const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;
  let body = '';
  for (let c = 0; c < 0x10000; c++) {
    if (!isWord(c)) continue;
    const start = c;
    while (c + 1 < 0x10000 && isWord(c + 1)) c++;
    body += c === start ? hex(c) : `${hex(start)}-${hex(c)}`;
  }
  wordRanges = `${body}\\ud800-\\udfff`;
  return wordRanges;
}

/** Word characters as the analyzer sees them, in unfolded text (see wordClassBody). */
const wordChars = () => `[${wordClassBody()}]`;
/**
 * What stands between two words in HTML: characters that are not word characters, tags (read as
 * spaces, as htmlToText reads them: "freedom of the <em>media</em>") and entities (&nbsp;).
 */
const betweenWords = () => `(?:[^${wordClassBody()}<&]|<[^>]*>|&#?[a-zA-Z0-9]+;)+`;

/** Per folded unit, the units of the Latin, Greek and Cyrillic letters that fold to it (built on first use). */
let unfoldings: Map<number, string> | null = null;
/**
 * Per folding of several units (ß → "ss", œ → "oe", ﬁ → "fi"), the letters of the same ranges that
 * fold to it: foldUnit cannot keep them as one unit, patterns offer them as an alternative.
 */
let longUnfoldings: Map<string, string> | null = null;

/** Letters of the Latin, Greek and Cyrillic ranges (and their presentation forms). */
const LETTER_RANGES = [
  [0x41, 0x5b],
  [0xc0, 0x530],
  [0x1e00, 0x2000],
  [0xfb00, 0xfb07],
] as const;

function buildUnfoldings(): void {
  const found = new Map<number, string>();
  const long = new Map<string, string>();
  for (const [from, to] of LETTER_RANGES)
    for (let c = from; c < to; c++) {
      const f = foldUnit(c);
      if (f !== FOLDS_OTHERWISE && f !== c && wordUnit[c])
        found.set(f, (found.get(f) ?? '') + String.fromCharCode(c));
      if (f !== FOLDS_OTHERWISE) continue;
      const folded = normalizePrefix(String.fromCharCode(c));
      if (folded && folded.length > 1 && /^\p{L}+$/u.test(folded))
        long.set(folded, (long.get(folded) ?? '') + String.fromCharCode(c));
    }
  unfoldings = found;
  longUnfoldings = long;
}

/** A class matching every unit that folds to `unit` (see foldUnit), for patterns over unfolded text. */
function unitClass(unit: number): string {
  if (!unfoldings) buildUnfoldings();
  const units = String.fromCharCode(unit) + (unfoldings!.get(unit) ?? '');
  return `[${units.replace(/[\\\]^-]/g, '\\$&')}]`;
}

/** Ways a stretch of a probe may be written: patterns, each with the units it takes. */
type ProbePiece = { pattern: string; units: number }[];

/**
 * A probe (folded letters) as pattern pieces over unfolded text: one class per letter, and where
 * letters are the folding of one letter (the "ss" of ß, the "oe" of œ), a piece that also takes
 * that letter — as does a probe's last letter when it begins such a folding ("gros" of "groß").
 */
function probePieces(probe: string): ProbePiece[] {
  if (!longUnfoldings) buildUnfoldings();
  const pieces: ProbePiece[] = [];
  const classes = (letters: string) =>
    Array.from(letters, (c) => (c.length === 1 ? unitClass(c.charCodeAt(0)) : c));
  for (let i = 0; i < probe.length; ) {
    const rest = probe.slice(i);
    const longer = [...longUnfoldings!].filter(
      ([folding]) => rest.startsWith(folding) || (folding.startsWith(rest) && rest.length < folding.length),
    );
    if (longer.length === 0) {
      pieces.push([{ pattern: classes(probe[i]!).join(''), units: 1 }]);
      i++;
      continue;
    }
    // The letters as they are, or one letter that folds to (the start of) some of them, then the rest.
    const taken = Math.max(...longer.map(([folding]) => Math.min(folding.length, rest.length)));
    pieces.push([
      { pattern: classes(rest.slice(0, taken)).join(''), units: taken },
      ...longer.map(([folding, letters]) => {
        const after = rest.slice(Math.min(folding.length, rest.length), taken);
        return { pattern: `[${letters}]${classes(after).join('')}`, units: 1 + after.length };
      }),
    ]);
    i += taken;
  }
  return pieces;
}

/** A piece as one pattern. */
const piecePattern = (piece: ProbePiece) =>
  piece.length === 1 ? piece[0]!.pattern : `(?:${piece.map((p) => p.pattern).join('|')})`;

/**
 * Where the query's phrases may stand in the HTML of a text of `language`, as one pattern over the
 * text as it is (folding a body as far as a phrase stands cost more than the rest of its snippet):
 * each word's probe at the start of a word, each of its letters in any form that folds to it, the
 * words apart by as many words as the phrase's positions ask ("freedom of the media": `freedo`,
 * two words, `medi`), tags and entities passed between words. A match is a candidate that
 * analysis confirms (the probe may begin another word). A letter that folds to two ("ß" for "ss")
 * is taken where its folding stands; a letter written as an entity (&#233;) is not (bodies are
 * sanitized, which writes such letters as themselves). Null when the query has no
 * phrase a text of the language can hold: none whose words are all not its stop words (see
 * probesOf).
 */
function phrasePattern(phrases: readonly HighlightPhrase[], language: string): RegExp | null {
  // Kept: a pattern made anew for each page was compiled, and run interpreted, each time.
  const key = `${language}|${phrases.map((p) => `${p.words.join(' ')}/${p.offsets.join(' ')}`).join('|')}`;
  if (patterns.has(key)) return patterns.get(key)!;
  if (patterns.size >= PATTERNS_KEPT) patterns.clear();
  const pattern = newPhrasePattern(phrases, language);
  patterns.set(key, pattern);
  return pattern;
}

/** Phrase patterns kept, by language and phrases. */
const PATTERNS_KEPT = 256;
const patterns = new Map<string, RegExp | null>();

function newPhrasePattern(phrases: readonly HighlightPhrase[], language: string): RegExp | null {
  const probe = (word: string) => probePieces(word.slice(0, -1));
  const WORD_CHARS = wordChars();
  const BETWEEN_WORDS = betweenWords();
  const alternatives = phrases
    .filter((p) => p.words.length > 1 && p.words.every((w) => !isStopWord(w, language)))
    .map(({ words, offsets }) =>
      words
        .map((w, i) => {
          const pieces = probe(w);
          if (i === 0) {
            // The first piece, then that no letter stands before it: a pattern that starts with
            // a lookbehind is tried at every unit of the body, one that starts with a class is
            // searched for (measured on the benchmark's phrase hits: in about half the time).
            const [first, ...rest] = pieces;
            const look = first!.map((p) => `${p.pattern}(?<!${WORD_CHARS}[^]{${p.units}})`);
            return `${look.length === 1 ? look[0] : `(?:${look.join('|')})`}${rest.map(piecePattern).join('')}`;
          }
          const between = offsets[i]! - offsets[i - 1]! - 1;
          return `${WORD_CHARS}*(?:${BETWEEN_WORDS}${WORD_CHARS}+){${between}}${BETWEEN_WORDS}${pieces.map(piecePattern).join('')}`;
        })
        .join(''),
    );
  // Unit by unit (no `u` flag): the classes are of UTF-16 units, and each piece's `units` counts them.
  return alternatives.length === 0 ? null : new RegExp([...new Set(alternatives)].join('|'), 'g');
}

/**
 * Probes of the query's words in a text of `language`: each index word less its last letter
 * (analyzers only change a word's ending, and never more than its last letter of what is kept),
 * each prefix as is; null when one is too short to be worth searching for. The language's stop
 * words are left out: its texts never mark them, and a phrase analyzed for another language holds
 * them ("freedom of the media" in a language without English stop words), whose probes ("o") were
 * too short, so every hit's text was analyzed whole. (A stem that equals a stop word, as English
 * "thes" → "the", is not marked then: a word nobody searches for.)
 */
function probesOf(words: HighlightTerms, language: string): string[] | null {
  const probes = [
    ...[...words.words].filter((w) => !isStopWord(w, language)).map((w) => w.slice(0, -1)),
    ...words.prefixes,
  ];
  return probes.every((p) => p.length >= 2) ? probes : null;
}

/** Marks found by probing, for `snippet`; null when the text cannot be probed (see foldText). */
function probeMarks(language: string, words: HighlightTerms, probes: readonly string[]): MarkFinder {
  return (text) => {
    const folded = foldText(text);
    if (folded === null) return null;
    const starts = new Set<number>();
    for (const probe of probes) {
      for (let at = folded.indexOf(probe); at >= 0; at = folded.indexOf(probe, at + 1))
        if (at === 0 || !wordUnit[folded.charCodeAt(at - 1)]) starts.add(at);
    }
    const marks: Mark[] = [];
    for (const start of [...starts].sort((a, b) => a - b)) {
      let end = start;
      while (end < folded.length && wordUnit[folded.charCodeAt(end)]) end++;
      forEachTerm(text.slice(start, end), language, (term) => {
        if (words.words.has(term) || words.prefixes.some((p) => term.startsWith(p)))
          marks.push({ start, end, term });
      });
    }
    return marks;
  };
}

/** An entity that may stand for a letter: anything but the escapes of markup characters. */
const LETTER_ENTITY = /&(?!amp;|lt;|gt;|quot;|#39;)/;

/** The end of the last tag closed at or before `at`, so a cut never splits a tag. */
function cutAfterTag(html: string, at: number): number {
  const cut = html.lastIndexOf('>', at);
  return cut > 0 ? cut + 1 : at;
}

/** How far back from where it is asked for a cut looks for a blank or a tag to cut at. */
const CUT_SLACK = 48;

/**
 * Where to cut the HTML at or before `at` without splitting a tag, an entity or a word: before the
 * tag `at` falls in; else after the nearest blank or tag within CUT_SLACK; else after the last tag
 * closed. Cutting only after tags reached back to the start of a long paragraph (German and
 * Russian bodies are often one tag a paragraph), so a window of a few sentences was read, and
 * analyzed, to the end of the body (snippets of such hits cost 3–5 times more).
 */
function cutNear(html: string, at: number): number {
  if (at >= html.length) return html.length;
  if (at <= 0) return 0;
  const open = html.lastIndexOf('<', at - 1);
  const close = html.lastIndexOf('>', at - 1);
  if (open > close) return open;
  for (let p = at; p > close && p > at - CUT_SLACK; p--) {
    const before = html.charCodeAt(p - 1);
    if (p === close + 1 || before === 0x20 || before === 0x0a || before === 0x09 || before === 0x0d) return p;
    if (html.charCodeAt(p) === 0x3c) return p;
  }
  return cutAfterTag(html, at);
}

/**
 * The end of a piece of HTML read for a snippet, at or before `at`: after the last tag closed past
 * `notBefore` (a paragraph's end: less to read, and the snippet ends with a sentence), else near
 * `at` (see cutNear).
 */
function endNear(html: string, at: number, notBefore: number): number {
  const tagEnd = html.lastIndexOf('>', at - 1);
  return tagEnd >= notBefore ? tagEnd + 1 : cutNear(html, at);
}

/** HTML folded at first when probing a body; each further step folds twice as much. */
const FIRST_FOLD = 1024;

/**
 * A body's HTML folded (see foldText) only as far as a search has needed: most hits hold the
 * query's words early, and folding whole bodies was a search's largest cost outside the engine.
 */
class FoldedPrefix {
  private folded = '';
  /** False once a part could not be folded (probing cannot decide). */
  private foldable = true;
  /** The longest probe: how far back a probe may start across the end folded so far. */
  private readonly longest: number;

  constructor(
    private readonly html: string,
    private readonly probes: readonly string[],
    private step: number,
  ) {
    this.longest = Math.max(...probes.map((p) => p.length));
  }

  /**
   * Where the first probe occurs at the start of a word at or after `from`, searching no further than `limit` (an
   * occurrence may run past it); -1 when none does; null when the text cannot be probed.
   */
  indexOf(from: number, limit = Number.POSITIVE_INFINITY): number | null {
    for (let scanned = from; ; ) {
      let at = -1;
      const { folded } = this;
      for (const probe of this.probes) {
        // Only where a word starts: "wor" inside "network" is no mark (probeMarks asks the same).
        let i = folded.indexOf(probe, scanned);
        while (i > 0 && wordUnit[folded.charCodeAt(i - 1)]) i = folded.indexOf(probe, i + 1);
        if (i >= 0 && (at < 0 || i < at)) at = i;
      }
      if (at >= 0) return at;
      if (this.folded.length === this.html.length || this.folded.length >= limit) return -1;
      // A probe may straddle the end folded so far: search again from just before it.
      scanned = Math.max(scanned, this.folded.length - this.longest + 1);
      if (!this.extend()) return null;
    }
  }

  private extend(): boolean {
    if (!this.foldable) return false;
    const next = foldText(this.html.slice(this.folded.length, this.folded.length + this.step));
    if (next === null) {
      this.foldable = false;
      return false;
    }
    this.folded += next;
    this.step *= 2;
    return true;
  }
}

/**
 * An item's snippet: the query's words marked where they are, else the item's opening.
 * `firstFold` is how much of the body is folded at first (tests make it small).
 */
export function itemSnippet(
  summary: string,
  bodyHtml: string,
  language: string,
  words: HighlightTerms,
  firstFold = FIRST_FOLD,
): string {
  return new SnippetMaker(words, firstFold).snippet(summary, bodyHtml, language);
}

/**
 * The snippets of one search's hits. What depends only on the query (its probes, a mark finder per
 * language) is made once for the page, not once a hit; and the steps are methods, not closures
 * made anew for each hit (the TypeScript loader names every closure it makes: a few per cent).
 */
export class SnippetMaker {
  /** Per language of the texts, how the query's words and phrases are probed (see probesOf). */
  private readonly probes = new Map<string, Probing | null>();

  constructor(
    private readonly words: HighlightTerms,
    private readonly firstFold = FIRST_FOLD,
  ) {}

  private probing(language: string): Probing | null {
    let probing = this.probes.get(language);
    if (probing === undefined) {
      const probes = probesOf(this.words, language);
      probing = probes && {
        probes,
        // No word a text of this language can hold: no mark to find, and no text to fold.
        finder: probes.length > 0 ? probeMarks(language, this.words, probes) : () => [],
        phrase: phrasePattern(this.words.phrases ?? [], language),
      };
      this.probes.set(language, probing);
    }
    return probing;
  }

  /**
   * An item's snippet (see itemSnippet): the opening when a word is there, else the first stretch
   * of the body where one is. With phrases in the query, the opening or stretch where a phrase
   * stands comes first, when the first PROBE_TRIES candidates of the body's hold one.
   */
  snippet(summary: string, bodyHtml: string, language: string): string {
    const { words } = this;
    const openingEnd = endNear(bodyHtml, OPENING_HTML, SNIPPET_CHARS);
    const probing = this.probing(language);
    // Nothing to mark in a text of this language (the query's words are its stop words): its opening.
    if (probing?.probes.length === 0 || (words.words.size === 0 && words.prefixes.length === 0))
      return this.opening(summary, bodyHtml, openingEnd, language).html;
    if (!probing) return this.whole(summary, bodyHtml, language).html;
    const { probes, phrase } = probing;
    const body = new FoldedPrefix(bodyHtml, probes, this.firstFold);
    // The opening can be marked only where a probe is in it (or probing cannot tell); most hits
    // hold their words further on, and marking an opening for nothing cost as much as the rest.
    // (A letter behind an entity, "caf&#233;", has no probe: the whole text is read below.)
    const foldedSummary = foldText(summary);
    let start: Snippet | undefined;
    if (
      foldedSummary === null ||
      probes.some((p) => foldedSummary.includes(p)) ||
      startsWithin(body, openingEnd)
    ) {
      start = this.opening(summary, bodyHtml, openingEnd, language);
      if (start.phrase || (start.marked && !phrase)) return start.html;
    }
    if (phrase) {
      const stood = this.phraseStretch(bodyHtml, language, phrase);
      if (stood) return stood.html;
      // No phrase found: its words, as for words alone.
      if (start?.marked) return start.html;
    }
    const probed = this.probed(bodyHtml, body, language);
    if (probed === null) return (start ?? this.opening(summary, bodyHtml, openingEnd, language)).html;
    return (probed ?? this.whole(summary, bodyHtml, language)).html;
  }

  /** An item's title, escaped, with the query's words marked (see markedText). */
  title(title: string, language: string): string {
    return markedText(title, language, this.words, this.probing(language)?.finder);
  }

  /** The snippet of a text on one line (see flatText). */
  private mark(flat: string, language: string): Snippet {
    return flatSnippetOf(flat, language, this.words, SNIPPET_CHARS, this.probing(language)?.finder);
  }

  private opening(summary: string, bodyHtml: string, openingEnd: number, language: string): Snippet {
    return this.mark(summaryAnd(summary, htmlToFlatText(bodyHtml.slice(0, openingEnd))), language);
  }

  private whole(summary: string, bodyHtml: string, language: string): Snippet {
    return this.mark(summaryAnd(summary, htmlToFlatText(bodyHtml)), language);
  }

  /** The snippet of the stretch of the body around `at` (an occurrence found by probing). */
  private stretch(bodyHtml: string, at: number, language: string): Snippet {
    const start = at > PROBE_LEAD ? cutNear(bodyHtml, at - PROBE_LEAD) : 0;
    const end = endNear(bodyHtml, at + PROBE_TRAIL, at + SNIPPET_CHARS);
    const found = this.mark(
      htmlToFlatText(bodyHtml.slice(start, end > at ? end : bodyHtml.length)),
      language,
    );
    return start > 0 && !found.html.startsWith('… ') ? { ...found, html: `… ${found.html}` } : found;
  }

  /**
   * The snippet around the first probed occurrence in the body that analysis confirms; null when
   * the body holds none; undefined when probing cannot decide.
   */
  private probed(bodyHtml: string, body: FoldedPrefix, language: string): Snippet | null | undefined {
    let from = 0;
    for (let tries = 0; tries < PROBE_TRIES; tries++) {
      const at = body.indexOf(from);
      if (at === null) return undefined;
      // None (left): every occurrence was tried, so the body holds none — unless an entity spells
      // a letter of one ("&#233;cole").
      if (at < 0) return LETTER_ENTITY.test(bodyHtml) ? undefined : null;
      const found = this.stretch(bodyHtml, at, language);
      if (found.marked) return found;
      // Not a word of the query here (another word with the same start, a tag): look further on.
      from = at + 1;
    }
    return undefined;
  }

  /**
   * The snippet around the first candidate of `pattern` in the body where analysis confirms a
   * phrase stands; null when none of the first PROBE_TRIES does.
   */
  private phraseStretch(bodyHtml: string, language: string, pattern: RegExp): Snippet | null {
    pattern.lastIndex = 0;
    for (let tries = 0; tries < PROBE_TRIES; tries++) {
      const match = pattern.exec(bodyHtml);
      if (!match) return null;
      const found = this.stretch(bodyHtml, match.index, language);
      if (found.phrase) return found;
      pattern.lastIndex = match.index + 1;
    }
    return null;
  }
}

/** A summary and flat text after it, on one line: flatText(`${summary}\n${text}`). */
function summaryAnd(summary: string, flat: string): string {
  const before = flatText(summary);
  return before && flat ? `${before} ${flat}` : before || flat;
}

/** How a text of one language is probed for the query. */
interface Probing {
  readonly probes: string[];
  readonly finder: MarkFinder;
  /** Where the query's phrases may stand (see phrasePattern); null when none can. */
  readonly phrase: RegExp | null;
}

/** Whether a probe occurs in the body's opening (before `openingEnd`), or probing cannot tell. */
function startsWithin(body: FoldedPrefix, openingEnd: number): boolean {
  const at = body.indexOf(0, openingEnd);
  return at === null || (at >= 0 && at < openingEnd);
}
