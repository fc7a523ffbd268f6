/**
 * "Did you mean": the index's own words as the dictionary. A typed word none of whose analyses is
 * in the index is compared with the written forms of the index's words by edit distance
 * (insertions, deletions, substitutions and swaps of neighbours), and the closest, most frequent
 * one is offered. Run only for searches that found nothing, so a scan of the vocabulary is fine.
 */
import type { IndexData } from './index-data.js';

/** A typed word and its index analyses in each of the site's languages. */
export interface TypedWord {
  readonly text: string;
  readonly forms: readonly string[];
}

/** A correction: the written form to offer and how many documents hold its word. */
export interface SpellingCandidate {
  readonly surface: string;
  readonly df: number;
  readonly distance: number;
  /** Ordering key: fewer edits, then the typed first letter kept, then as close when written (rankOf). */
  readonly rank: number;
}

/** Whether `a` is a better correction than `b`: lower rank, then more documents. */
export function isBetter(a: SpellingCandidate, b: SpellingCandidate | null): boolean {
  return !b || a.rank < b.rank || (a.rank === b.rank && a.df > b.df);
}

/**
 * What suggest offers for a typed word no document holds and no index word is close to: leaving
 * it out (a search that needs it finds nothing).
 */
export const UNKNOWN_WORD = '';

/** Words this short are left alone: one wrong letter makes another real word too easily. */
const MIN_LENGTH = 3;

/** Edits allowed for a word of `length` letters. */
function maxDistance(length: number): number {
  return length <= 4 ? 1 : 2;
}

/**
 * The best correction of `word` in `data`: null when one of its forms is in the index (it is not
 * misspelled here); undefined when nothing is close enough or the word is too short to judge.
 */
export function correctionOf(data: IndexData, word: TypedWord): SpellingCandidate | null | undefined {
  if (word.forms.some((form) => data.words.has(form))) return null;
  const typed = word.text.toLowerCase();
  // The index's own analysis of a typed word can be empty (a stop word): nothing to correct.
  if (typed.length < MIN_LENGTH) return undefined;
  const limit = maxDistance(typed.length);
  let best: SpellingCandidate | null = null;
  for (const [indexWord, surface] of data.surface) {
    // Written forms compared as typed ("polise" → police), and index words with the typed word's
    // analyses, so an inflected misspelling finds its stem ("traning" → train, offered as written).
    const within = best ? Math.min(limit, best.distance) : limit;
    const written = boundedDistance(typed, surface, within);
    let distance = written;
    for (const form of word.forms) {
      const d = boundedDistance(form, indexWord, distance < 0 ? within : distance);
      if (d >= 0 && (distance < 0 || d < distance)) distance = d;
    }
    if (distance < 0) continue;
    const df = data.words.get(indexWord)?.df ?? 0;
    const candidate = { surface, df, distance, rank: rankOf(distance, written === distance, surface, typed) };
    if (isBetter(candidate, best)) best = candidate;
  }
  return best ?? undefined;
}

/**
 * Fewer edits first; at equal edits, a word with the typed first letter (typos seldom hit it),
 * then one as close when written as typed (stems are short, so one edit to a stem is a larger
 * change: "polise" is one edit from police and, by their stems, from political).
 */
function rankOf(distance: number, asWritten: boolean, surface: string, typed: string): number {
  return distance * 4 + (surface.charAt(0) === typed.charAt(0) ? 0 : 2) + (asWritten ? 0 : 1);
}

/**
 * Optimal string alignment distance between `a` and `b` (an adjacent swap counts as one edit), or
 * -1 as soon as it must exceed `limit`: most comparisons stop within a row or two.
 */
export function boundedDistance(a: string, b: string, limit: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > limit) return -1;
  let previous2 = new Array<number>(m + 1).fill(0);
  let previous = Array.from({ length: m + 1 }, (_, j) => j);
  let current = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, previous2[j - 2]! + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return -1;
    [previous2, previous, current] = [previous, current, previous2];
  }
  const distance = previous[m]!;
  return distance <= limit ? distance : -1;
}
