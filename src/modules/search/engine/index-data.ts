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
import { buildFacetRecords, type FacetRecords } from './facet-records.js';
import { ItemOrdinals } from './item-ordinals.js';
import {
  BODY_START,
  DEFAULT_SPILL_BYTES,
  PositionWriter,
  type PositionsData,
  TITLE_POSITIONS,
  WordPositions,
} from './positions.js';
import { type AnalyzedTokens, TextAnalysis } from './text-analysis.js';

/** What the index needs of one item. */
export interface IndexedDocument {
  readonly itemId: number;
  readonly language: string;
  readonly type: string;
  /** Publication instant (ISO-8601 UTC). */
  readonly publishedAt: string;
  /** From when the public may see it (ISO-8601 UTC); see content/visibility.ts. */
  readonly visibleFrom: string;
  /** Ids of every term the item is listed under (tagged with or issued by), with their ancestors. */
  readonly terms: readonly number[];
  /** Ids of the terms that issued it (its sources), with their ancestors. */
  readonly sources: readonly number[];
  readonly title: string;
  /** Summary and body as plain text. */
  readonly text: string;
}

/** A document less its text: what the builder needs beside the text's analysis. */
export type DocumentFacts = Omit<IndexedDocument, 'title' | 'text'>;

/**
 * Calls `visit` with each index word of a text (lower-cased, folded, stemmed as the language
 * wants); `forEachTerm` of ../analyze.ts is the real one, and queries must use the same.
 */
/**
 * Calls `visit` for each index word of `text`; `start`/`end` locate the written form it came from
 * (an analyzer that cannot tell leaves them out, and the word stands for its own written form).
 */
export type Analyzer = (
  text: string,
  language: string,
  visit: (word: string, position?: number, start?: number, end?: number) => void,
) => void;

type Finished = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;

/**
 * Where a finished array of the index goes: `keep` leaves it where it is (copied only when it is a
 * view into a larger growth buffer), a shared arena copies it into shared memory (shared-index.ts).
 */
export type Place = <T extends Finished>(array: T) => T;

/** An array as it is when it spans its whole buffer, else an exact-size copy. */
export const keep: Place = (array) =>
  array.byteOffset === 0 && array.byteLength === array.buffer.byteLength
    ? array
    : (array.slice() as typeof array);

/** Title words weigh this many body words (BM25F-style field weighting). */
export const TITLE_WEIGHT = 3;

/**
 * The documents of one word. Rare words keep a sorted ordinal list; a word in more than 1/32 of
 * the documents keeps a bitset instead, which is smaller from that density on (one bit per
 * document against 32 per posting) and is already the form matching needs. Most postings belong
 * to such frequent words, so this is what keeps a million documents within memory.
 */
export interface Postings {
  /** Number of documents holding the word. */
  readonly df: number;
  /** Ordinals, ascending (null when `bits` holds them). */
  readonly docs: Uint32Array | null;
  /** One bit per ordinal (null when `docs` holds them). */
  readonly bits: Uint32Array | null;
  /** Weighted term frequency per posting, in ordinal order (title × TITLE_WEIGHT + body), capped at 255. */
  readonly tf: Uint8Array;
}

/** Calls `visit(doc, i)` for each posting in ordinal order; i indexes `tf`. */
export function forEachPosting(p: Postings, visit: (doc: number, i: number) => void): void {
  if (p.docs) {
    const docs = p.docs;
    for (let i = 0; i < docs.length; i++) visit(docs[i]!, i);
    return;
  }
  const words = p.bits!;
  let i = 0;
  for (let w = 0; w < words.length; w++) {
    let word = words[w]!;
    while (word !== 0) {
      const low = word & -word;
      visit((w << 5) + (31 - Math.clz32(low)), i++);
      word ^= low;
    }
  }
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
  /**
   * Facets are dense ordinals, one per (term, role): "listed under" (tags and sources) or "issued
   * by" (sources only). Each document's facets, type, language and year, as facet counting reads them.
   */
  readonly facetRecords: FacetRecords;
  /** Term id of each facet ordinal. */
  readonly facetTermId: Int32Array;
  /** 1 when the facet ordinal is the "issued by" role. */
  readonly facetIsSource: Uint8Array;
  /** Facet ordinal of `${role}:${termId}` (role "t" listed under, "s" issued by). */
  readonly facetOrdinal: ReadonlyMap<string, number>;
  /** Docs of each facet ordinal, ascending. */
  readonly facetDocs: readonly Uint32Array[];
  /** Words of the whole document (title and text). */
  readonly words: ReadonlyMap<string, Postings>;
  /** Words of the title alone, for `title:` queries. */
  readonly titleWords: ReadonlyMap<string, Postings>;
  /** Every word, sorted, for prefix queries. */
  readonly sortedWords: readonly string[];
  /** A written form of each word, lower-cased as first seen ("police" for polic): spelling suggestions. */
  readonly surface: ReadonlyMap<string, string>;
  /** Item id → ordinal. */
  readonly ordinalOf: ItemOrdinals;
  /** Where each word stands in each document, for exact phrases (positions.ts). */
  readonly positions: PositionsData;
}

/**
 * A growable postings list, frozen into exact-size typed arrays at the end. Ordinals arrive in
 * the order documents are added (`renumber` sorts them when that was not date order); once the
 * word is in more than `denseAt` documents the list turns into a bitset.
 */
class PostingsBuilder {
  /** The word's positions (whole-document words only; title words' are among them). */
  positions: WordPositions | null = null;
  docs: Uint32Array | null = new Uint32Array(4);
  bits: Uint32Array | null = null;
  tf = new Uint8Array(4);
  length = 0;

  push(doc: number, tf: number, denseAt: number, expectedSize: number): void {
    if (this.length === this.tf.length) {
      const freq = new Uint8Array(this.length * 2);
      freq.set(this.tf);
      this.tf = freq;
    }
    this.tf[this.length] = Math.min(tf, 255);
    if (this.docs) {
      if (this.length === this.docs.length) {
        if (this.length >= denseAt) {
          this.bits = new Uint32Array((Math.max(expectedSize, doc + 1) + 31) >>> 5);
          for (let i = 0; i < this.length; i++) {
            const d = this.docs[i]!;
            this.bits[d >>> 5]! |= 1 << (d & 31);
          }
          this.docs = null;
        } else {
          const docs = new Uint32Array(this.length * 2);
          docs.set(this.docs);
          this.docs = docs;
        }
      }
    }
    if (this.docs) this.docs[this.length] = doc;
    else {
      if (doc >>> 5 >= this.bits!.length) {
        // More documents than expected (written during the build): grow by half.
        const bits = new Uint32Array(Math.max((doc >>> 5) + 1, Math.ceil(this.bits!.length * 1.5)));
        bits.set(this.bits!);
        this.bits = bits;
      }
      this.bits![doc >>> 5]! |= 1 << (doc & 31);
    }
    this.length++;
  }

  /**
   * Maps every ordinal d to rank[d], keeping each its tf, and puts the postings back in ascending
   * order. `scratch` (one byte per document) carries a bitset's tfs from old to new positions.
   */
  renumber(rank: Uint32Array, scratch: Uint8Array): void {
    const { length, tf } = this;
    if (this.docs) {
      // Ordinal and tf packed into one number, so one native numeric sort orders both.
      const packed = new Float64Array(length);
      for (let i = 0; i < length; i++) packed[i] = rank[this.docs[i]!]! * 256 + tf[i]!;
      packed.sort();
      for (let i = 0; i < length; i++) {
        const value = packed[i]!;
        tf[i] = value % 256;
        this.docs[i] = (value - tf[i]!) / 256;
      }
      return;
    }
    const bits = new Uint32Array(Math.max(this.bits!.length, (rank.length + 31) >>> 5));
    forEachPosting({ df: length, docs: null, bits: this.bits, tf }, (doc, i) => {
      const r = rank[doc]!;
      bits[r >>> 5]! |= 1 << (r & 31);
      scratch[r] = tf[i]!;
    });
    this.bits = bits;
    forEachPosting({ df: length, docs: null, bits, tf }, (doc, i) => {
      tf[i] = scratch[doc]!;
    });
  }

  /**
   * The finished list, in the place's memory. The builder lets go of its own arrays (its positions
   * stay, for the positions' finish) and, where the place copied them (shared memory), frees them
   * at once (`release`), so the build does not hold the whole index twice at its end (at 1M the
   * server's peak was ~500 MB above its settled size for seconds).
   */
  freeze(size: number, place: Place): Postings {
    const words = (size + 31) >>> 5;
    const frozen = {
      df: this.length,
      docs: this.docs ? place(this.docs.subarray(0, this.length)) : null,
      bits: this.bits ? place(this.bits.length === words ? this.bits : resized(this.bits, words)) : null,
      tf: place(this.tf.subarray(0, this.length)),
    };
    if (this.docs) release(this.docs, frozen.docs!);
    if (this.bits) release(this.bits, frozen.bits!);
    release(this.tf, frozen.tf);
    this.docs = null;
    this.bits = null;
    this.tf = NO_TF;
    return frozen;
  }
}

const NO_TF = new Uint8Array(0);

/** The smallest builder array `release` frees at once (see there). */
export const RELEASE_FROM_BYTES = 4096;

/**
 * Frees a builder's array whose contents were copied out, now rather than at the next full
 * collection: its buffer is handed over (transferred) to a clone that nothing keeps, a young
 * object the next minor collection frees. The builder's buffers are old by the end of a build,
 * and while it froze a million items into shared memory the full collections that free old
 * buffers came too late: the server's resident memory rose from ~1,000 to 1,462–1,480 MB in the
 * two seconds of the copy. A buffer the copy still uses (no copy was made) stays.
 */
function release(array: Uint32Array | Uint8Array, copy: Uint32Array | Uint8Array): void {
  // A small buffer is left to the collector: each hand-over costs a few microseconds, and an
  // archive's millions of rare words hold little memory between them.
  if (array.byteLength < RELEASE_FROM_BYTES) return;
  const { buffer } = array;
  if (buffer === copy.buffer || !(buffer instanceof ArrayBuffer)) return;
  try {
    structuredClone(buffer, { transfer: [buffer] });
  } catch {
    // Not detachable (a buffer some other view made so): left to the collector.
  }
}

function resized(bits: Uint32Array, words: number): Uint32Array {
  const out = new Uint32Array(words);
  out.set(bits.subarray(0, words));
  return out;
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

  clear(): void {
    this.length = 0;
  }
}

/**
 * Builds IndexData from documents given in any order. Ordinals follow publication order (newest
 * first, then the highest item id), which date sorting depends on: documents added in that order
 * keep the ordinals they arrived with, any other order is renumbered once by `build`.
 */
export class IndexBuilder {
  private readonly words = new Map<string, PostingsBuilder>();
  private readonly titleWords = new Map<string, PostingsBuilder>();
  private readonly surface = new Map<string, string>();
  private readonly facetOffsets = new GrowableUint32();
  private readonly facets = new GrowableUint32();
  private readonly facetOrdinal = new Map<string, number>();
  private readonly facetTermIds: number[] = [];
  private readonly facetRoles: number[] = [];
  private readonly itemIds: number[] = [];
  private readonly languageOf: number[] = [];
  private readonly typeOf: number[] = [];
  private readonly published: number[] = [];
  private readonly visible: number[] = [];
  private readonly lengths: number[] = [];
  private readonly languages: string[] = [];
  private readonly types: string[] = [];

  /** False once a document arrived out of date order: `build` then renumbers them all. */
  private inDateOrder = true;
  /** Whether `build` has run: it hands the postings over (PostingsBuilder.freeze). */
  private built = false;
  /** Ordinal of each document by the order it was added in, once renumbered. */
  private addedRank: Uint32Array | null = null;

  private readonly positionWriter: PositionWriter;
  /** Analyzes the documents given whole to `add` (made on first use). */
  private analysis: TextAnalysis | null = null;
  /** Each word by its number (see text-analysis.ts), and its postings. */
  private readonly wordNames: string[] = [];
  private readonly wordPostings: PostingsBuilder[] = [];
  /** Per word number, the stamp of the document that last gave it a slot, and that slot. */
  private wordStamp = new Int32Array(1024);
  private wordSlot = new Int32Array(1024);
  /** The document being added: its stamp (ordinal + 1), words (a slot each), weighted counts, tokens. */
  private stamp = 0;
  private readonly slotWords: PostingsBuilder[] = [];
  private tokens = 0;
  private slotTf = new Int32Array(256);
  private tokenSlot = new Int32Array(1024);
  private tokenPosition = new Int32Array(1024);
  private slotStart = new Int32Array(257);
  private sortedPositions = new Int32Array(1024);

  /** Postings lists longer than this become bitsets (1/32 of the expected documents). */
  private readonly denseAt: number;

  /**
   * `expectedSize`: how many documents will be added, if known; lets frequent words go dense early.
   * `denseAt` overrides the list length past which a word becomes a bitset (tests compare both forms).
   */
  constructor(
    private readonly analyze: Analyzer,
    private readonly expectedSize = 0,
    denseAt?: number,
    /** Where the finished arrays go (`keep`: this thread's memory). */
    private readonly place: Place = keep,
    /** Bytes of positions held in memory before they go to a file (positions.ts; tests make it small). */
    spillBytes = DEFAULT_SPILL_BYTES,
  ) {
    this.positionWriter = new PositionWriter(spillBytes);
    this.facetOffsets.push(0);
    this.denseAt = denseAt ?? Math.max(64, Math.ceil(expectedSize / 32));
  }

  private facet(termId: number, source: boolean): number {
    const key = facetKey(termId, source);
    let ordinal = this.facetOrdinal.get(key);
    if (ordinal === undefined) {
      ordinal = this.facetTermIds.length;
      this.facetOrdinal.set(key, ordinal);
      this.facetTermIds.push(termId);
      this.facetRoles.push(source ? 1 : 0);
    }
    return ordinal;
  }

  get size(): number {
    return this.itemIds.length;
  }

  /** Analyzes and adds one document (both halves here: see text-analysis.ts). */
  add(doc: IndexedDocument): void {
    this.analysis ??= new TextAnalysis(this.analyze);
    const { analysis } = this;
    analysis.add(doc.title, doc.text, doc.language);
    this.defineWords(analysis.words, analysis.surfaces, this.wordNames.length);
    this.addAnalyzed(doc, analysis.tokens, 0);
    analysis.clear();
  }

  /**
   * Words numbered by a TextAnalysis, from `from` on: they take the next numbers here, in order
   * (the analysis numbers words as it first sees them, and so does this).
   */
  defineWords(words: readonly string[], surfaces: readonly string[], from = 0): void {
    const count = this.wordNames.length + words.length - from;
    if (this.wordStamp.length < count) {
      const size = Math.max(count, this.wordStamp.length * 2);
      const stamp = new Int32Array(size);
      stamp.set(this.wordStamp);
      this.wordStamp = stamp;
      const slot = new Int32Array(size);
      slot.set(this.wordSlot);
      this.wordSlot = slot;
    }
    for (let i = from; i < words.length; i++) {
      const word = words[i]!;
      this.wordNames.push(word);
      this.wordPostings.push(postingsOf(this.words, word));
      if (!this.surface.has(word)) this.surface.set(word, surfaces[i]!);
    }
  }

  /**
   * Adds one document whose text a TextAnalysis has turned into tokens (its words defined here
   * first), starting at `at` in `tokens`; returns where the next document's tokens start.
   */
  addAnalyzed(doc: DocumentFacts, tokens: AnalyzedTokens, at: number): number {
    const ordinal = this.itemIds.length;
    const publishedAt = Date.parse(doc.publishedAt);
    const visibleFrom = Date.parse(doc.visibleFrom);
    if (Number.isNaN(publishedAt) || Number.isNaN(visibleFrom))
      throw new Error(`Item ${doc.itemId}: publication and visibility instants are required`);
    const previous = this.published[ordinal - 1];
    if (
      previous !== undefined &&
      (publishedAt > previous || (publishedAt === previous && doc.itemId > this.itemIds[ordinal - 1]!))
    )
      this.inDateOrder = false;
    this.itemIds.push(doc.itemId);
    this.languageOf.push(indexOf(this.languages, doc.language));
    this.typeOf.push(indexOf(this.types, doc.type));
    this.published.push(publishedAt);
    this.visible.push(visibleFrom);

    // Per word of the title, how often it stands there (in the order first seen, as the postings
    // of title words are made in that order).
    const titleCounts = new Map<number, number>();
    this.slotWords.length = 0;
    this.tokens = 0;
    this.stamp = ordinal + 1;
    let length = 0;
    const titleWords = tokens[at++]!;
    for (let i = 0; i < titleWords; i++) {
      const word = tokens[at++]!;
      const position = tokens[at++]!;
      const slot = this.slotOf(word);
      this.slotTf[slot]! += TITLE_WEIGHT;
      titleCounts.set(word, (titleCounts.get(word) ?? 0) + 1);
      length += TITLE_WEIGHT;
      if (position < TITLE_POSITIONS) this.token(slot, position);
    }
    const textWords = tokens[at++]!;
    for (let i = 0; i < textWords; i++) {
      const slot = this.slotOf(tokens[at++]!);
      this.slotTf[slot]!++;
      length++;
      this.token(slot, BODY_START + tokens[at++]!);
    }
    this.lengths.push(length);
    const { denseAt, expectedSize, slotWords } = this;
    const slotCount = slotWords.length;
    for (let slot = 0; slot < slotCount; slot++)
      slotWords[slot]!.push(ordinal, this.slotTf[slot]!, denseAt, expectedSize);
    for (const [word, tf] of titleCounts)
      postingsOf(this.titleWords, this.wordNames[word]!).push(ordinal, tf, denseAt, expectedSize);
    this.addPositions(ordinal, slotCount, this.tokens);

    for (const termId of new Set(doc.terms)) this.facets.push(this.facet(termId, false));
    for (const termId of new Set(doc.sources)) this.facets.push(this.facet(termId, true));
    this.facetOffsets.push(this.facets.length);
    return at;
  }

  /** The slot of word number `word` in the document being added, made on first sight. */
  private slotOf(word: number): number {
    if (this.wordStamp[word] === this.stamp) return this.wordSlot[word]!;
    const slot = this.slotWords.length;
    this.slotWords.push(this.wordPostings[word]!);
    if (slot === this.slotTf.length) this.slotTf = grown(this.slotTf);
    this.slotTf[slot] = 0;
    this.wordStamp[word] = this.stamp;
    this.wordSlot[word] = slot;
    return slot;
  }

  private token(slot: number, position: number): void {
    if (this.tokens === this.tokenSlot.length) {
      this.tokenSlot = grown(this.tokenSlot);
      this.tokenPosition = grown(this.tokenPosition);
    }
    this.tokenSlot[this.tokens] = slot;
    this.tokenPosition[this.tokens++] = position;
  }

  /** Each word's positions in this document, sorted by word (a counting sort over its slots). */
  private addPositions(ordinal: number, slotCount: number, tokens: number): void {
    if (this.slotStart.length < slotCount + 1) this.slotStart = new Int32Array((slotCount + 1) * 2);
    if (this.sortedPositions.length < tokens) this.sortedPositions = new Int32Array(tokens * 2);
    const { slotStart, tokenSlot, tokenPosition, sortedPositions, slotWords } = this;
    slotStart.fill(0, 0, slotCount + 1);
    for (let t = 0; t < tokens; t++) slotStart[tokenSlot[t]! + 1]!++;
    for (let s = 0; s < slotCount; s++) slotStart[s + 1]! += slotStart[s]!;
    // Tokens come in text order, title before body, so each word's positions land ascending.
    for (let t = 0; t < tokens; t++) sortedPositions[slotStart[tokenSlot[t]!]!++] = tokenPosition[t]!;
    let bytes = 0;
    let from = 0;
    for (let s = 0; s < slotCount; s++) {
      const to = slotStart[s]!;
      const word = slotWords[s]!;
      word.positions ??= new WordPositions();
      bytes += word.positions.append(ordinal, sortedPositions, from, to - from);
      from = to;
    }
    this.positionWriter.grew(bytes, this.allPositions());
  }

  private *allPositions(): Generator<WordPositions> {
    for (const p of this.words.values()) if (p.positions) yield p.positions;
  }

  /**
   * Renumbers the documents in date order (newest first, then highest item id), as if they had
   * been added that way: the loader reads the table in its storage order, which is sequential on
   * disk, and a date-ordered walk of a table imported in any other order is random I/O (measured on
   * 1M generated items from a cold page cache: 742 s to build against 317 s warm).
   */
  private putInDateOrder(): void {
    const size = this.itemIds.length;
    const { published, itemIds } = this;
    const order = Array.from({ length: size }, (_, i) => i).sort(
      (a, b) => published[b]! - published[a]! || itemIds[b]! - itemIds[a]!,
    );
    /** New ordinal of each document, by the order it was added in. */
    const rank = new Uint32Array(size);
    order.forEach((added, ordinal) => {
      rank[added] = ordinal;
    });
    const columns = [this.itemIds, this.languageOf, this.typeOf, this.published, this.visible, this.lengths];
    for (const column of columns) {
      const copy = column.slice();
      for (let ordinal = 0; ordinal < size; ordinal++) column[ordinal] = copy[order[ordinal]!]!;
    }
    const offsets = this.facetOffsets.freeze();
    const facets = this.facets.freeze();
    this.facetOffsets.clear();
    this.facets.clear();
    this.facetOffsets.push(0);
    for (const added of order) {
      for (let k = offsets[added]!; k < offsets[added + 1]!; k++) this.facets.push(facets[k]!);
      this.facetOffsets.push(this.facets.length);
    }
    const scratch = new Uint8Array(size);
    for (const map of [this.words, this.titleWords]) for (const p of map.values()) p.renumber(rank, scratch);
    this.inDateOrder = true;
    // Positions keep the numbers documents were added under (streams are written as they come).
    this.addedRank = rank;
  }

  build(): IndexData {
    // Freezing hands the postings over (PostingsBuilder.freeze): a second build would find none.
    if (this.built) throw new Error('An IndexBuilder builds its index once');
    this.built = true;
    if (!this.inDateOrder) this.putInDateOrder();
    const size = this.itemIds.length;
    const { place } = this;
    const facetOffsets = this.facetOffsets.freeze();
    const facets = this.facets.freeze();
    const lengths = place(Uint32Array.from(this.lengths));
    let total = 0;
    for (const l of lengths) total += l;
    const yearOf = new Uint16Array(size);
    for (let d = 0; d < size; d++) yearOf[d] = new Date(this.published[d]!).getUTCFullYear();
    const years = place(yearOf);
    const words = freezeAll(this.words, size, place);
    const languageOf = place(Uint8Array.from(this.languageOf));
    const typeOf = place(Uint8Array.from(this.typeOf));
    const facetDocs = invert(facetOffsets, facets, size, this.facetTermIds.length).map(place);
    const itemId = place(Int32Array.from(this.itemIds));
    const ordinals = ItemOrdinals.of(itemId);
    return {
      size,
      itemId,
      language: languageOf,
      languages: this.languages,
      type: typeOf,
      types: this.types,
      year: years,
      publishedAt: place(Float64Array.from(this.published)),
      visibleFrom: place(Float64Array.from(this.visible)),
      length: lengths,
      averageLength: size > 0 ? total / size : 0,
      facetRecords: buildFacetRecords({
        size,
        type: typeOf,
        typeCount: this.types.length,
        language: languageOf,
        languageCount: this.languages.length,
        year: years,
        offsets: facetOffsets,
        facetList: facets,
        facetCount: this.facetTermIds.length,
        facetDocs,
      }),
      facetTermId: place(Int32Array.from(this.facetTermIds)),
      facetIsSource: place(Uint8Array.from(this.facetRoles)),
      facetOrdinal: this.facetOrdinal,
      facetDocs,
      words,
      titleWords: freezeAll(this.titleWords, size, place),
      sortedWords: [...words.keys()].sort(),
      surface: this.surface,
      ordinalOf: ItemOrdinals.over(place(ordinals.ids), place(ordinals.ordinals)),
      positions: this.positionWriter.finish(
        new Map([...this.words].flatMap(([word, p]) => (p.positions ? [[word, p.positions] as const] : []))),
        this.addedRank ? place(this.addedRank) : null,
        place,
      ),
    };
  }
}

function grown(array: Int32Array): Int32Array<ArrayBuffer> {
  const next = new Int32Array(array.length * 2);
  next.set(array);
  return next;
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

function freezeAll(map: Map<string, PostingsBuilder>, size: number, place: Place): Map<string, Postings> {
  const out = new Map<string, Postings>();
  for (const [word, p] of map) out.set(word, p.freeze(size, place));
  return out;
}

/** Doc lists per facet ordinal, from the per-doc CSR lists (two passes, exact-size arrays). */
function invert(offsets: Uint32Array, facets: Uint32Array, size: number, count: number): Uint32Array[] {
  const counts = new Uint32Array(count);
  for (const f of facets) counts[f]!++;
  const lists = Array.from(counts, (n) => new Uint32Array(n));
  const fill = new Uint32Array(count);
  for (let d = 0; d < size; d++) {
    for (let k = offsets[d]!; k < offsets[d + 1]!; k++) {
      const f = facets[k]!;
      lists[f]![fill[f]!++] = d;
    }
  }
  return lists;
}

export function facetKey(termId: number, source: boolean): string {
  return `${source ? 's' : 't'}:${termId}`;
}
