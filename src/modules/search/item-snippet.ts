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
import { forEachTerm, normalizePrefix } from './analyze.js';
import { htmlToText } from './engine/load.js';
import { type HighlightTerms, type Mark, type MarkFinder, SNIPPET_CHARS, snippet } from './snippet.js';

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
 * Probes of the query's words: each index word less its last letter (analyzers only change a
 * word's ending, and never more than its last letter of what is kept), each prefix as is; null
 * when one is too short to be worth searching for.
 */
function probesOf(words: HighlightTerms): string[] | null {
  const probes = [...[...words.words].map((w) => w.slice(0, -1)), ...words.prefixes];
  return probes.length > 0 && probes.every((p) => p.length >= 2) ? probes : null;
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
  private readonly probes: string[] | null;
  private readonly finders = new Map<string, MarkFinder>();

  constructor(
    private readonly words: HighlightTerms,
    private readonly firstFold = FIRST_FOLD,
  ) {
    this.probes = probesOf(words);
  }

  /** An item's snippet (see itemSnippet). */
  snippet(summary: string, bodyHtml: string, language: string): string {
    const { probes, words } = this;
    const openingEnd = endNear(bodyHtml, OPENING_HTML, SNIPPET_CHARS);
    if (words.words.size === 0 && words.prefixes.length === 0)
      return this.opening(summary, bodyHtml, openingEnd, language);
    if (!probes) return this.whole(summary, bodyHtml, language);
    const body = new FoldedPrefix(bodyHtml, probes, this.firstFold);
    // The opening can be marked only where a probe is in it (or probing cannot tell); most hits
    // hold their words further on, and marking an opening for nothing cost as much as the rest.
    // (A letter behind an entity, "caf&#233;", has no probe: the whole text is read below.)
    const foldedSummary = foldText(summary);
    let start: string | undefined;
    if (
      foldedSummary === null ||
      probes.some((p) => foldedSummary.includes(p)) ||
      startsWithin(body, openingEnd)
    ) {
      start = this.opening(summary, bodyHtml, openingEnd, language);
      if (start.includes('<mark>')) return start;
    }
    const probed = this.probed(bodyHtml, body, language);
    if (probed === null) return start ?? this.opening(summary, bodyHtml, openingEnd, language);
    return probed ?? this.whole(summary, bodyHtml, language);
  }

  private mark(text: string, language: string): string {
    let finder = this.finders.get(language);
    if (!finder && this.probes) {
      finder = probeMarks(language, this.words, this.probes);
      this.finders.set(language, finder);
    }
    return snippet(text, language, this.words, SNIPPET_CHARS, finder);
  }

  private opening(summary: string, bodyHtml: string, openingEnd: number, language: string): string {
    return this.mark(`${summary}\n${htmlToText(bodyHtml.slice(0, openingEnd))}`, language);
  }

  private whole(summary: string, bodyHtml: string, language: string): string {
    return this.mark(`${summary}\n${htmlToText(bodyHtml)}`, language);
  }

  /**
   * The snippet around the first probed occurrence in the body that analysis confirms; null when
   * the body holds none; undefined when probing cannot decide.
   */
  private probed(bodyHtml: string, body: FoldedPrefix, language: string): string | null | undefined {
    let from = 0;
    for (let tries = 0; tries < PROBE_TRIES; tries++) {
      const at = body.indexOf(from);
      if (at === null) return undefined;
      // None (left): every occurrence was tried, so the body holds none — unless an entity spells
      // a letter of one ("&#233;cole").
      if (at < 0) return LETTER_ENTITY.test(bodyHtml) ? undefined : null;
      const start = at > PROBE_LEAD ? cutNear(bodyHtml, at - PROBE_LEAD) : 0;
      const end = endNear(bodyHtml, at + PROBE_TRAIL, at + SNIPPET_CHARS);
      const found = this.mark(htmlToText(bodyHtml.slice(start, end > at ? end : bodyHtml.length)), language);
      if (found.includes('<mark>')) return start > 0 && !found.startsWith('… ') ? `… ${found}` : found;
      // Not a word of the query here (another word with the same start, a tag): look further on.
      from = at + 1;
    }
    return undefined;
  }
}

/** Whether a probe occurs in the body's opening (before `openingEnd`), or probing cannot tell. */
function startsWithin(body: FoldedPrefix, openingEnd: number): boolean {
  const at = body.indexOf(0, openingEnd);
  return at === null || (at >= 0 && at < openingEnd);
}
