/**
 * Closeness: words typed without quotes rank higher where they stand together. `freedom media`
 * (or `freedom of the media`, whose stop words the query drops) should put the documents that say
 * "freedom of the media" above those that mention freedom in one paragraph and the media in
 * another, which BM25F alone cannot tell apart.
 *
 * Like a rescoring window (Lucene's rerank, Elasticsearch's rescore), it reorders only the best
 * PROXIMITY_WINDOW matches by BM25F: each consecutive pair of the query's words that stands in
 * order, the second at most PROXIMITY_SPAN positions after the first (in one field), multiplies the
 * score by 1 + PROXIMITY_BOOST / pairs, so a document holding every pair together has its score
 * doubled. The window is fixed, not the page, so every page agrees on the order: matches past it
 * keep their BM25F order, below it. The cost is bounded by the window, not by the matches: a few
 * dozen documents' positions, each read from one block of a word's stream (positions.ts).
 */
import type { MatchNode } from './execute.js';
import { BODY_START, type PositionReader } from './positions.js';
import type { RankedDoc } from './ranking.js';

/** Matches by BM25F that closeness may reorder (the first pages of a search). */
export const PROXIMITY_WINDOW = 50;
/** The farthest the second word of a pair may stand after the first: three words between. */
export const PROXIMITY_SPAN = 4;
/** A document with every pair together has its score multiplied by 1 + this. */
export const PROXIMITY_BOOST = 1;

/** One typed word: its forms in the site's languages (a document holds the one of its language). */
export interface WordGroup {
  readonly words: readonly string[];
  readonly field: 'title' | 'body' | undefined;
}

/**
 * The consecutive pairs of a query's positive words, in the order typed. A word is a word node
 * or an OR of word nodes (its forms; a typed `a OR b` counts the same way: either next to the
 * next word). A phrase, a prefix or a nested group breaks the chain: a phrase is already exact.
 * Qualifiers and NOT terms are passed over.
 */
export function proximityPairs(text: MatchNode): [WordGroup, WordGroup][] {
  const sequence: (WordGroup | null)[] = [];
  const walk = (node: MatchNode) => {
    if (node.kind === 'and') for (const child of node.children) walk(child);
    else if (node.kind === 'word') sequence.push({ words: [node.word], field: node.field });
    else if (node.kind === 'or' && node.children.every(isWord)) {
      const words = node.children.filter(isWord);
      const field = words[0]?.field;
      sequence.push(
        words.every((w) => w.field === field) ? { words: words.map((w) => w.word), field } : null,
      );
    } else if (!PASSED_OVER.has(node.kind)) sequence.push(null);
  };
  walk(text);
  const pairs: [WordGroup, WordGroup][] = [];
  for (let i = 1; i < sequence.length; i++) {
    const a = sequence[i - 1];
    const b = sequence[i];
    if (a && b) pairs.push([a, b]);
  }
  return pairs;
}

/** Query nodes that are not text: they neither pair with a word nor break a chain. */
const PASSED_OVER = new Set<MatchNode['kind']>(['not', 'terms', 'type', 'language', 'dates']);

type WordNode = Extract<MatchNode, { kind: 'word' }>;
const isWord = (node: MatchNode): node is WordNode => node.kind === 'word';

/** What closeness needs of an index: whether a document holds a word, and its added number. */
export interface ClosenessSource {
  readonly reader: PositionReader;
  holds(word: string, doc: number): boolean;
  /** The number the document (an ordinal) was added under: its key in the positions' streams. */
  added(doc: number): number;
}

/**
 * `ranked` (best first) with its first PROXIMITY_WINDOW documents rescored by closeness and
 * reordered (stable: equal scores keep their order, newest first); the rest unchanged.
 */
export function rescoreByCloseness(
  ranked: readonly RankedDoc[],
  pairs: readonly [WordGroup, WordGroup][],
  source: ClosenessSource,
  window = PROXIMITY_WINDOW,
): RankedDoc[] {
  if (pairs.length === 0 || window <= 0 || !source.reader.available) return [...ranked];
  const n = Math.min(window, ranked.length);
  const rescored: RankedDoc[] = [];
  const positions = new Map<string, Int32Array | null>();
  for (let i = 0; i < n; i++) {
    const { doc, score } = ranked[i]!;
    positions.clear();
    const added = source.added(doc);
    const of = (group: WordGroup): Int32Array[] => {
      const lists: Int32Array[] = [];
      for (const word of group.words) {
        let list = positions.get(word);
        if (list === undefined) {
          const found = source.holds(word, doc) ? source.reader.positionsIn(word, added) : null;
          list = found ? found.slice() : null;
          positions.set(word, list);
        }
        if (list) lists.push(inField(list, group.field));
      }
      return lists;
    };
    let together = 0;
    for (const [a, b] of pairs) if (standTogether(of(a), of(b))) together++;
    rescored.push({ doc, score: score * (1 + (PROXIMITY_BOOST * together) / pairs.length) });
  }
  rescored.sort((x, y) => y.score - x.score);
  for (let i = n; i < ranked.length; i++) rescored.push(ranked[i]!);
  return rescored;
}

/** The positions of a list in one field (title positions come first, body ones from BODY_START). */
function inField(list: Int32Array, field: 'title' | 'body' | undefined): Int32Array {
  if (field === undefined) return list;
  let split = 0;
  while (split < list.length && list[split]! < BODY_START) split++;
  return field === 'title' ? list.subarray(0, split) : list.subarray(split);
}

/**
 * Whether a position of the first lists has one of the second lists after it, at most
 * PROXIMITY_SPAN on (a title and a body position are always further apart than that).
 */
function standTogether(first: readonly Int32Array[], second: readonly Int32Array[]): boolean {
  for (const a of first)
    for (const b of second) {
      let j = 0;
      for (let i = 0; i < a.length; i++) {
        const p = a[i]!;
        while (j < b.length && b[j]! <= p) j++;
        if (j === b.length) break;
        if (b[j]! - p <= PROXIMITY_SPAN) return true;
      }
    }
  return false;
}
