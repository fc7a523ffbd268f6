/**
 * Highlighted snippets for the hits shown: the stretch of an item's text holding the most of the
 * query's words, with each occurrence in <mark>. Words are found by the same analysis as the
 * index (so "elections" marks "election" and "Élections"), and everything else is escaped text.
 */
import { forEachTerm } from './analyze.js';

export interface HighlightTerms {
  readonly words: ReadonlySet<string>;
  readonly prefixes: readonly string[];
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
  // Runs of two or more blanks, or a blank other than a space, become one space (a lone space,
  // the common case, is left alone: replacing each one was most of this function's time).
  const flat = text.replace(/\s{2,}|[^\S ]/g, ' ').trim();
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
  // The window starting shortly before some mark that covers the most distinct words.
  let bestStart = 0;
  let bestScore = -1;
  for (let i = 0; i < marks.length; i++) {
    const start = Math.max(0, marks[i]!.start - LEAD);
    const inside = new Set<string>();
    let count = 0;
    for (let j = i; j < marks.length && marks[j]!.end <= start + maxChars; j++) {
      inside.add(marks[j]!.term);
      count++;
    }
    const score = inside.size * 1000 + count;
    if (score > bestScore) {
      bestScore = score;
      bestStart = start;
    }
  }
  let from = bestStart;
  if (from > 0) {
    // Start at a word boundary, never past the window's first marked word.
    const firstMark = marks.find((m) => m.start >= bestStart);
    const space = flat.indexOf(' ', from - 1);
    if (space >= 0 && (!firstMark || space < firstMark.start)) from = space + 1;
    else if (firstMark) from = firstMark.start;
  }
  let to = Math.min(flat.length, from + maxChars);
  if (to < flat.length) {
    const space = flat.lastIndexOf(' ', to);
    if (space > from) to = space;
  }
  let html = from > 0 ? '… ' : '';
  let at = from;
  for (const mark of marks) {
    if (mark.start < from || mark.end > to) continue;
    html += `${escapeHtml(flat.slice(at, mark.start))}<mark>${escapeHtml(flat.slice(mark.start, mark.end))}</mark>`;
    at = mark.end;
  }
  html += escapeHtml(flat.slice(at, to));
  if (to < flat.length) html += ' …';
  return html;
}
