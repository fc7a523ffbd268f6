/**
 * The search accelerator: an in-memory, read-only picture of every public item, derived from the
 * database (the system of record) and rebuilt from it at will.
 *
 * Documents get dense ordinals in publication order, newest first, so "newest first" is simply
 * ascending ordinal order and a date-sorted page is the first set bits of the match set. Per
 * document the index keeps typed-array columns (item id, language, type, year, instants, length)
 * and its facet terms in one CSR array pair; per word, a sorted ordinal list with a weighted term
 * frequency (title words count more). Words are what the analyzer makes of the text, so queries
 * must be analyzed the same way.
 */

/** What the index needs of one item. */
export interface IndexedDocument {
  readonly itemId: number;
  readonly language: string;
  readonly type: string;
  /** Publication instant (ISO-8601 UTC). */
  readonly publishedAt: string;
  /** From when the public may see it (ISO-8601 UTC); see content/visibility.ts. */
  readonly visibleFrom: string;
  /** Ids of every term the item is tagged with or issued by, with their ancestors. */
  readonly facetTerms: readonly number[];
  readonly title: string;
  /** Summary and body as plain text. */
  readonly text: string;
}

/**
 * Calls `visit` with each index word of a text (lower-cased, folded, stemmed as the language
 * wants); `forEachTerm` of ../analyze.ts is the real one, and queries must use the same.
 */
export type Analyzer = (text: string, language: string, visit: (word: string) => void) => void;

/** Title words weigh this many body words (BM25F-style field weighting). */
export const TITLE_WEIGHT = 3;

export interface Postings {
  /** Ordinals, ascending. */
  readonly docs: Uint32Array;
  /** Weighted term frequency per doc (title × TITLE_WEIGHT + body), capped at 255. */
  readonly tf: Uint8Array;
}

export interface IndexData {
  readonly size: number;
  readonly itemId: Int32Array;
  /** Index into `languages`. */
  readonly language: Uint8Array;
  readonly languages: readonly string[];
  /** Index into `types`. */
  readonly type: Uint8Array;
  readonly types: readonly string[];
  readonly year: Uint16Array;
  readonly publishedAt: Float64Array;
  readonly visibleFrom: Float64Array;
  /** Weighted length in words, for BM25's length normalization. */
  readonly length: Uint32Array;
  readonly averageLength: number;
  /** Facet terms of doc d: termIds[termOffsets[d] .. termOffsets[d + 1]). */
  readonly termOffsets: Uint32Array;
  readonly termIds: Uint32Array;
  /** Docs of each facet term id, ascending (empty for unused ids). */
  readonly termDocs: ReadonlyMap<number, Uint32Array>;
  readonly maxTermId: number;
  /** Words of the whole document (title and text). */
  readonly words: ReadonlyMap<string, Postings>;
  /** Words of the title alone, for `title:` queries. */
  readonly titleWords: ReadonlyMap<string, Postings>;
  /** Every word, sorted, for prefix queries. */
  readonly sortedWords: readonly string[];
  /** Item id → ordinal. */
  readonly ordinalOf: ReadonlyMap<number, number>;
}

/** A growable ordinal + frequency list; frozen into exact-size typed arrays at the end. */
class PostingsBuilder {
  docs = new Uint32Array(4);
  tf = new Uint8Array(4);
  length = 0;

  push(doc: number, tf: number): void {
    if (this.length === this.docs.length) {
      const docs = new Uint32Array(this.length * 2);
      docs.set(this.docs);
      this.docs = docs;
      const freq = new Uint8Array(this.length * 2);
      freq.set(this.tf);
      this.tf = freq;
    }
    this.docs[this.length] = doc;
    this.tf[this.length] = Math.min(tf, 255);
    this.length++;
  }

  freeze(): Postings {
    return { docs: this.docs.slice(0, this.length), tf: this.tf.slice(0, this.length) };
  }
}

class GrowableUint32 {
  array = new Uint32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.array.length) {
      const next = new Uint32Array(this.length * 2);
      next.set(this.array);
      this.array = next;
    }
    this.array[this.length++] = value;
  }

  freeze(): Uint32Array {
    return this.array.slice(0, this.length);
  }
}

/**
 * Builds IndexData from documents given newest first (publication instant descending), which is
 * how the loader reads them; the order is checked because date sorting depends on it.
 */
export class IndexBuilder {
  private readonly words = new Map<string, PostingsBuilder>();
  private readonly titleWords = new Map<string, PostingsBuilder>();
  private readonly termOffsets = new GrowableUint32();
  private readonly termIds = new GrowableUint32();
  private readonly itemIds: number[] = [];
  private readonly languageOf: number[] = [];
  private readonly typeOf: number[] = [];
  private readonly published: number[] = [];
  private readonly visible: number[] = [];
  private readonly lengths: number[] = [];
  private readonly languages: string[] = [];
  private readonly types: string[] = [];
  private maxTermId = 0;

  constructor(private readonly analyze: Analyzer) {
    this.termOffsets.push(0);
  }

  get size(): number {
    return this.itemIds.length;
  }

  add(doc: IndexedDocument): void {
    const ordinal = this.itemIds.length;
    const publishedAt = Date.parse(doc.publishedAt);
    const visibleFrom = Date.parse(doc.visibleFrom);
    if (Number.isNaN(publishedAt) || Number.isNaN(visibleFrom))
      throw new Error(`Item ${doc.itemId}: publication and visibility instants are required`);
    const previous = this.published[ordinal - 1];
    if (previous !== undefined && publishedAt > previous)
      throw new Error('Documents must be added newest first');
    this.itemIds.push(doc.itemId);
    this.languageOf.push(indexOf(this.languages, doc.language));
    this.typeOf.push(indexOf(this.types, doc.type));
    this.published.push(publishedAt);
    this.visible.push(visibleFrom);

    const counts = new Map<string, number>();
    const titleCounts = new Map<string, number>();
    let length = 0;
    this.analyze(doc.title, doc.language, (word) => {
      counts.set(word, (counts.get(word) ?? 0) + TITLE_WEIGHT);
      titleCounts.set(word, (titleCounts.get(word) ?? 0) + 1);
      length += TITLE_WEIGHT;
    });
    this.analyze(doc.text, doc.language, (word) => {
      counts.set(word, (counts.get(word) ?? 0) + 1);
      length++;
    });
    this.lengths.push(length);
    for (const [word, tf] of counts) postingsOf(this.words, word).push(ordinal, tf);
    for (const [word, tf] of titleCounts) postingsOf(this.titleWords, word).push(ordinal, tf);

    for (const termId of new Set(doc.facetTerms)) {
      this.termIds.push(termId);
      if (termId > this.maxTermId) this.maxTermId = termId;
    }
    this.termOffsets.push(this.termIds.length);
  }

  build(): IndexData {
    const size = this.itemIds.length;
    const termOffsets = this.termOffsets.freeze();
    const termIds = this.termIds.freeze();
    const lengths = Uint32Array.from(this.lengths);
    let total = 0;
    for (const l of lengths) total += l;
    const years = new Uint16Array(size);
    for (let d = 0; d < size; d++) years[d] = new Date(this.published[d]!).getUTCFullYear();
    const words = freezeAll(this.words);
    return {
      size,
      itemId: Int32Array.from(this.itemIds),
      language: Uint8Array.from(this.languageOf),
      languages: this.languages,
      type: Uint8Array.from(this.typeOf),
      types: this.types,
      year: years,
      publishedAt: Float64Array.from(this.published),
      visibleFrom: Float64Array.from(this.visible),
      length: lengths,
      averageLength: size > 0 ? total / size : 0,
      termOffsets,
      termIds,
      termDocs: invert(termOffsets, termIds, size, this.maxTermId),
      maxTermId: this.maxTermId,
      words,
      titleWords: freezeAll(this.titleWords),
      sortedWords: [...words.keys()].sort(),
      ordinalOf: new Map(this.itemIds.map((id, d) => [id, d])),
    };
  }
}

function indexOf(list: string[], value: string): number {
  let at = list.indexOf(value);
  if (at < 0) {
    if (list.length === 255) throw new Error('More than 255 distinct languages or types');
    at = list.push(value) - 1;
  }
  return at;
}

function postingsOf(map: Map<string, PostingsBuilder>, word: string): PostingsBuilder {
  let p = map.get(word);
  if (!p) {
    p = new PostingsBuilder();
    map.set(word, p);
  }
  return p;
}

function freezeAll(map: Map<string, PostingsBuilder>): Map<string, Postings> {
  const out = new Map<string, Postings>();
  for (const [word, p] of map) out.set(word, p.freeze());
  return out;
}

/** Doc lists per facet term, from the per-doc CSR lists (two passes, exact-size arrays). */
function invert(
  offsets: Uint32Array,
  ids: Uint32Array,
  size: number,
  maxTermId: number,
): Map<number, Uint32Array> {
  const counts = new Uint32Array(maxTermId + 1);
  for (const id of ids) counts[id]!++;
  const lists = new Map<number, Uint32Array>();
  const fill = new Uint32Array(maxTermId + 1);
  for (let t = 0; t <= maxTermId; t++) if (counts[t]! > 0) lists.set(t, new Uint32Array(counts[t]!));
  for (let d = 0; d < size; d++) {
    for (let k = offsets[d]!; k < offsets[d + 1]!; k++) {
      const t = ids[k]!;
      lists.get(t)![fill[t]!++] = d;
    }
  }
  return lists;
}
