/**
 * Highlighted snippets for the hits shown: the stretch of an item's text holding the most of the
 * query's words, with each occurrence in <mark>. Words are found by the same analysis as the
 * index (so "elections" marks "election" and "Élections"), and everything else is escaped text.
 */
import { forEachTerm, positionsBetween } from './analyze.js';
import { flatText } from './engine/load.js';
import { PROXIMITY_SPAN } from './engine/proximity.js';

/** A phrase asked for, as the index has it. */
export interface HighlightPhrase {
  /** Its index words, in order. */
  readonly words: readonly string[];
  /** Each word's position from the first (stop words leave gaps). */
  readonly offsets: readonly number[];
}

export interface HighlightTerms {
  /** Every index word to find: words asked for alone and the words of phrases. */
  readonly words: ReadonlySet<string>;
  readonly prefixes: readonly string[];
  /**
   * Phrases asked for: a stretch where one stands is shown first, and a word asked for only in
   * phrases is marked only where it stands in one (or everywhere, when the text holds none).
   */
  readonly phrases?: readonly HighlightPhrase[];
  /** The words asked for alone, marked wherever they are; absent, every word is. */
  readonly loose?: ReadonlySet<string>;
}

/** A snippet's HTML, and what it shows. */
export interface Snippet {
  readonly html: string;
  /** Whether it marks a word of the query. */
  readonly marked: boolean;
  /** Whether a phrase of the query stands in it. */
  readonly phrase: boolean;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** An occurrence of a query word in a text: where, and the index word it analyzes to. */
export interface Mark {
  readonly start: number;
  readonly end: number;
  readonly term: string;
}

/**
 * Finds the marks of a text more cheaply than analyzing all of it, in text order; null when it
 * cannot promise to find them all (the text is then analyzed whole).
 */
export type MarkFinder = (text: string) => readonly Mark[] | null;

/** Snippets longer than this are cut at word boundaries. */
export const SNIPPET_CHARS = 260;
/** Context kept before the first mark of a window. */
const LEAD = 60;

/** An escaped snippet of `text` with the query's words marked; the text's opening when none occur. */
export function snippet(
  text: string,
  language: string,
  terms: HighlightTerms,
  maxChars = SNIPPET_CHARS,
  findMarks?: MarkFinder,
): string {
  return snippetOf(text, language, terms, maxChars, findMarks).html;
}

/** How well a window shows the query, compared field by field (the first decides). */
interface WindowScore {
  /** Distinct phrases standing whole in it. */
  phrases: number;
  /** Distinct words marked. */
  distinct: number;
  /** Marks of different words standing together (PROXIMITY_SPAN positions apart at most). */
  together: number;
  /** Marks. */
  count: number;
}

function better(a: WindowScore, b: WindowScore | null): boolean {
  if (b === null) return true;
  if (a.phrases !== b.phrases) return a.phrases > b.phrases;
  if (a.distinct !== b.distinct) return a.distinct > b.distinct;
  if (a.together !== b.together) return a.together > b.together;
  return a.count > b.count;
}

/** The snippet of `text` (see `snippet`), saying whether it marks a word and shows a phrase. */
export function snippetOf(
  text: string,
  language: string,
  terms: HighlightTerms,
  maxChars = SNIPPET_CHARS,
  findMarks?: MarkFinder,
): Snippet {
  return flatSnippetOf(flatText(text), language, terms, maxChars, findMarks);
}

/** snippetOf a text already on one line (see flatText): its snippet is cut from it as it is. */
export function flatSnippetOf(
  flat: string,
  language: string,
  terms: HighlightTerms,
  maxChars = SNIPPET_CHARS,
  findMarks?: MarkFinder,
): Snippet {
  const { marks, shown, positions, phraseAt, phraseEnd } = marksOf(flat, language, terms, findMarks);
  // The window starting shortly before some mark that shows the query best.
  let bestStart = 0;
  let best: WindowScore | null = null;
  const inside = new Set<string>();
  const phrasesInside = new Set<number>();
  for (let i = 0; i < marks.length; i++) {
    if (!shown[i]) continue;
    const start = Math.max(0, marks[i]!.start - LEAD);
    inside.clear();
    phrasesInside.clear();
    let count = 0;
    let together = 0;
    let previous = -1;
    for (let j = i; j < marks.length && marks[j]!.end <= start + maxChars; j++) {
      if (!shown[j]) continue;
      inside.add(marks[j]!.term);
      count++;
      const end = phraseEnd[j] ?? -1;
      if (end >= 0 && marks[end]!.end <= start + maxChars) phrasesInside.add(phraseAt[j]!);
      if (
        positions &&
        previous >= 0 &&
        marks[previous]!.term !== marks[j]!.term &&
        positions[j]! - positions[previous]! <= PROXIMITY_SPAN
      )
        together++;
      previous = j;
    }
    const score = { phrases: phrasesInside.size, distinct: inside.size, together, count };
    if (better(score, best)) {
      best = score;
      bestStart = start;
    }
  }
  let from = bestStart;
  if (from > 0) {
    // Start at a word boundary, never past the window's first marked word.
    const firstMark = marks.find((m, i) => shown[i] && m.start >= bestStart);
    const space = flat.indexOf(' ', from - 1);
    if (space >= 0 && (!firstMark || space < firstMark.start)) from = space + 1;
    else if (firstMark) from = firstMark.start;
  }
  let to = Math.min(flat.length, from + maxChars);
  if (to < flat.length) {
    const space = flat.lastIndexOf(' ', to);
    if (space > from) to = space;
  }
  let marked = false;
  let phrase = false;
  const html = markedSpan(flat, marks, shown, from, to, (i) => {
    marked = true;
    const end = phraseEnd[i] ?? -1;
    if (end >= 0 && marks[end]!.end <= to) phrase = true;
  });
  return { html: `${from > 0 ? '… ' : ''}${html}${to < flat.length ? ' …' : ''}`, marked, phrase };
}

/** `flat` from `from` to `to`, escaped, its shown marks inside in <mark>; `onMark` told of each. */
function markedSpan(
  flat: string,
  marks: readonly Mark[],
  shown: readonly boolean[],
  from: number,
  to: number,
  onMark?: (i: number) => void,
): string {
  let html = '';
  let at = from;
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i]!;
    if (!shown[i] || mark.start < from || mark.end > to) continue;
    html += `${escapeHtml(flat.slice(at, mark.start))}<mark>${escapeHtml(flat.slice(mark.start, mark.end))}</mark>`;
    at = mark.end;
    onMark?.(i);
  }
  return html + escapeHtml(flat.slice(at, to));
}

/** A flat text's marks: each mark, whether it is shown, and where the phrases are. */
function marksOf(flat: string, language: string, terms: HighlightTerms, findMarks?: MarkFinder) {
  let marks = findMarks?.(flat) ?? null;
  if (marks === null) {
    const found: Mark[] = [];
    if (terms.words.size > 0 || terms.prefixes.length > 0) {
      forEachTerm(flat, language, (term, _position, start, end) => {
        if (terms.words.has(term) || terms.prefixes.some((p) => term.startsWith(p)))
          found.push({ start, end, term });
      });
    }
    marks = found;
  }
  const phrases = terms.phrases ?? [];
  // Where the marks stand is needed only to find phrases or words together: a text with one word
  // of the query (most of them) is not analyzed between its marks.
  const positions =
    marks.length > 1 && (phrases.length > 0 || twoWords(marks)) ? positionsOf(flat, language, marks) : null;
  const { inPhrase, phraseAt, phraseEnd } = positions
    ? phraseOccurrences(marks, positions, phrases)
    : NO_PHRASES;
  const anyPhrase = phraseEnd.some((end) => end >= 0);
  const { loose } = terms;
  // A word asked for only in phrases is marked where it stands in one, when the text has one.
  const shown = marks.map(
    (m, i) => !anyPhrase || !loose || loose.has(m.term) || !terms.words.has(m.term) || inPhrase[i] === 1,
  );
  return { marks, shown, positions, phraseAt, phraseEnd };
}

/**
 * The whole of a short text (a title), escaped, with the query's words marked as a snippet marks
 * them (a phrase's words where it stands, when it does).
 */
export function markedText(
  text: string,
  language: string,
  terms: HighlightTerms,
  findMarks?: MarkFinder,
): string {
  const flat = flatText(text);
  const { marks, shown } = marksOf(flat, language, terms, findMarks);
  return markedSpan(flat, marks, shown, 0, flat.length);
}

/** Whether the marks are of two different words or more. */
function twoWords(marks: readonly Mark[]): boolean {
  for (let i = 1; i < marks.length; i++) if (marks[i]!.term !== marks[0]!.term) return true;
  return false;
}

/**
 * Each mark's position in the text, counted as the index counts them (stop words take one), from
 * the first mark: only the stretches between marks are analyzed.
 */
function positionsOf(text: string, language: string, marks: readonly Mark[]): Int32Array {
  const positions = new Int32Array(marks.length);
  for (let i = 1; i < marks.length; i++) {
    const previous = marks[i - 1]!;
    const mark = marks[i]!;
    // Two terms of one run of letters (rare: "½" → 1, 2) stand one after the other.
    const between =
      mark.start < previous.end ? 0 : positionsBetween(text, previous.end, mark.start, language);
    positions[i] = positions[i - 1]! + 1 + between;
  }
  return positions;
}

const NO_PHRASES = { inPhrase: new Uint8Array(0), phraseAt: new Int32Array(0), phraseEnd: new Int32Array(0) };

/**
 * Where the phrases stand among the marks: whether each mark is a word of an occurrence, and on
 * the first mark of one, which phrase it is (`phraseAt`) and which mark its last word is
 * (`phraseEnd`; -1 on the other marks).
 */
function phraseOccurrences(
  marks: readonly Mark[],
  positions: Int32Array,
  phrases: readonly HighlightPhrase[],
): { inPhrase: Uint8Array; phraseAt: Int32Array; phraseEnd: Int32Array } {
  const inPhrase = new Uint8Array(marks.length);
  const phraseAt = new Int32Array(marks.length).fill(-1);
  const phraseEnd = new Int32Array(marks.length).fill(-1);
  // The phrases by first word: a mark of another word is passed at once, whatever the query holds.
  const startingWith = new Map<string, number[]>();
  phrases.forEach(({ words }, p) => {
    if (words.length < 2) return;
    const list = startingWith.get(words[0]!);
    if (list) list.push(p);
    else startingWith.set(words[0]!, [p]);
  });
  for (let i = 0; i < marks.length; i++)
    for (const p of startingWith.get(marks[i]!.term) ?? []) {
      const { words, offsets } = phrases[p]!;
      const members = [i];
      let j = i + 1;
      for (let w = 1; w < words.length; w++) {
        const wanted = positions[i]! + offsets[w]! - offsets[0]!;
        // Marks of one position (terms of one run) are passed until the word wanted.
        while (
          j < marks.length &&
          (positions[j]! < wanted || (positions[j] === wanted && marks[j]!.term !== words[w]))
        )
          j++;
        if (j >= marks.length || positions[j] !== wanted) break;
        members.push(j++);
      }
      if (members.length < words.length) continue;
      for (const m of members) inPhrase[m] = 1;
      phraseAt[i] = p;
      phraseEnd[i] = members.at(-1)!;
      break;
    }
  return { inPhrase, phraseAt, phraseEnd };
}
