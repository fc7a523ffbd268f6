/**
 * The facet-counting loops in WebAssembly (source: assembly/kernels.ts; why: see there). Each
 * index segment owns one kernel: its facet records and facet columns live in the kernel's memory,
 * built there in place, beside room for the set being counted, the counters and the members'
 * ordinals.
 *
 * Two ways to count a set, and the kernel picks the cheaper for each set:
 * - by member: every member's record of counter indexes, ~9–30 ns a member out of cache, fewer
 *   the larger the set (facet-records.ts);
 * - by column: per counter, the popcount of the set AND that counter's documents — a bitset for a
 *   counter in many documents, a document list for one in few. Its cost follows the bytes of the
 *   columns over the set's span of words, not the members: a set of half a million documents at a
 *   million costs what a set of fifty thousand does, and a date range reads only its span.
 *
 * Memory: the records (16 bytes per document with 8-bit counter indexes, 32 with 16-bit ones), one
 * bit and four bytes of scratch per document, four bytes per counter, and the columns: one bit per
 * document for each dense counter (at most COLUMN_BYTES_PER_DOCUMENT bytes per document in all)
 * and four bytes per posting of the others.
 *
 * Why the narrowest counter index that fits: counting a large set streams its members' records
 * from memory, and the bytes streamed weigh more than the increments (a million synthetic records:
 * halving the record bytes saved 35–40% in a run where halving the increments saved 10–25%; on
 * the benchmark's million items, phrase searches 10% at the median).
 */
import { Bitset } from './bitset.js';
import { findRests, findSums, type Rest, type Sum } from './derived-counters.js';
import { instantiateKernels, type KernelExports, WASM_PAGE } from './wasm-kernels.js';

type CountFunction = KernelExports['count16'];

/** The documents (ascending ordinals) whose counter is `counter`. */
export interface CounterDocs {
  readonly counter: number;
  readonly docs: ArrayLike<number>;
}

/** How a set was counted; `columns` counts every counter, overflowing facet terms included. */
export type CountedBy = 'members' | 'columns';

/**
 * Costs in bytes of column read, measured on the benchmark corpus (200k and 1M items): a member
 * counted by its record costs what ~MEMBER_COST bytes of bitset AND + popcount do, a posting of a
 * document list ~POSTING_COST. Measured out of cache (random sets, 64 MB read between counts, as
 * the rest of a search reads), where counting by column breaks even with counting by member at
 * ~27k members at 200k and ~100–130k at 1M since columns are read eight at a time (130 and 8
 * before, when they were read one at a time: counting switched to columns at 160k members at 1M).
 */
const MEMBER_COST = 175;
const POSTING_COST = 10;
/** A counter gets a bitset when in more than one document in DENSE_FROM (cheaper than its list). */
const DENSE_FROM = 64;
/** Bitsets take at most this many bytes per document (the densest counters first): 16 = 128 bitsets. */
const COLUMN_BYTES_PER_DOCUMENT = 16;

/** Bytes of a counter index: the fewest that can name every counter. */
function indexBytes(counters: number): 1 | 2 | 4 {
  return counters <= 0x100 ? 1 : counters <= 0x10000 ? 2 : 4;
}

const align = (bytes: number) => Math.ceil(bytes / 8) * 8;

export class FacetCountKernel {
  /** `slots` counter indexes per document, written by the builder. */
  readonly records: Uint8Array | Uint16Array | Uint32Array;
  private readonly words: Uint32Array;
  private readonly counts: Uint32Array;
  /** After counting by member, the members' ordinals, ascending, in their first `n` entries. */
  readonly members: Uint32Array;
  private readonly kernels: KernelExports;
  private readonly run: CountFunction;
  private readonly at: {
    records: number;
    words: number;
    counts: number;
    scratch: number;
    columns: number;
    /** Every dense column's index, in order: what a whole pass picks (countColumns). */
    allColumns: number;
    columnCounters: number;
    /** The columns countOnly picks, and their counters. */
    pickedColumns: number;
    pickedCounters: number;
    lists: number;
    listOffsets: number;
    listCounters: number;
  };
  /** Words per bitset (the set's, each column's): even, for 64-bit loads. */
  private readonly stride: number;
  /** Per counter, its bitset's index among the dense columns, or -1. */
  private readonly denseOf: Int32Array;
  /** Per counter, its list's index among the sparse ones, or -1 (then also no bitset: no document). */
  private readonly listOf: Int32Array;
  /** Per sparse list, its postings. */
  private readonly listLengths: Uint32Array;
  /**
   * Per counter, the counter whose column it shares (the same documents: counted once), or itself.
   * An institution's "issued by" and "listed under" counters mostly hold the same items: 14 of the
   * 111 bitsets at 200k generated items, and 11 of the 93 lists.
   */
  private readonly sharedWith: Int32Array;
  /** Counters that share another's column, each followed by that counter: [counter, shared, …]. */
  private readonly copies: Uint32Array;
  /**
   * Counters with no column, read off others' counts after a pass (derived-counters.ts): sums,
   * smallest first (a sum's parts counted before it), then rests. Counters named there are owners.
   */
  private readonly sums: readonly Sum[];
  private readonly rests: readonly Rest[];
  /** Per counter that is a sum or a rest, its index in `sums`, or -1 - its index in `rests`. */
  private readonly derivedAt = new Map<number, number>();
  private readonly denseCount: number;
  private readonly sparseCount: number;
  private readonly postings: number;
  /** The dense columns' bitsets, in the kernel's memory (which never grows, so the views stay valid). */
  private readonly columnBits: Uint32Array[];
  /** Where countOnly lists the dense columns it counts, and their counters (kernel memory). */
  private readonly pickedColumns: Uint32Array;
  private readonly pickedCounters: Uint32Array;

  /**
   * `partitions`: groups of counters among `columns` that hold every document once between them
   * (types, languages), whose largest is counted as the rest (verified here).
   */
  constructor(
    size: number,
    slots: number,
    counters: number,
    columns: readonly CounterDocs[] = [],
    partitions: readonly (readonly number[])[] = [],
  ) {
    const bytes = indexBytes(counters);
    const wordCount = (size + 31) >>> 5;
    this.stride = wordCount + (wordCount & 1);
    const { distinct, sharedWith } = shareIdentical(columns, counters);
    this.sharedWith = sharedWith;
    this.copies = Uint32Array.from(
      Array.from(sharedWith).flatMap((shared, counter) => (shared === counter ? [] : [counter, shared])),
    );
    // Sums among the counters outside the partitions, so rests (counted last) are no sum's parts.
    const inPartition = new Set(partitions.flat());
    const byCounter = new Map(columns.map((c) => [c.counter, c]));
    this.sums = findSums(
      size,
      distinct.filter((c) => !inPartition.has(c.counter)),
    );
    this.sums.forEach((sum, i) => {
      this.derivedAt.set(sum.counter, i);
    });
    this.rests = findRests(
      size,
      partitions.map((group) => group.flatMap((counter) => byCounter.get(counter) ?? [])),
      (counter) => sharedWith[counter] === counter,
    ).map((rest) => ({ counter: rest.counter, others: rest.others.map((other) => sharedWith[other]!) }));
    this.rests.forEach((rest, i) => {
      this.derivedAt.set(rest.counter, -1 - i);
    });
    const { dense, sparse } = splitColumns(
      size,
      distinct.filter((c) => !this.derivedAt.has(c.counter)),
    );
    this.denseCount = dense.length;
    this.sparseCount = sparse.length;
    this.postings = sparse.reduce((sum, c) => sum + c.docs.length, 0);
    let end = 0;
    const take = (n: number) => {
      const start = end;
      end += align(n);
      return start;
    };
    this.at = {
      records: take(size * slots * bytes),
      words: take(this.stride * 4),
      counts: take(counters * 4),
      scratch: take(size * 4),
      columns: take(dense.length * this.stride * 4),
      allColumns: take(dense.length * 4),
      columnCounters: take(dense.length * 4),
      pickedColumns: take(dense.length * 4),
      pickedCounters: take(dense.length * 4),
      lists: take(this.postings * 4),
      listOffsets: take((sparse.length + 1) * 4),
      listCounters: take(sparse.length * 4),
    };
    const pages = Math.max(1, Math.ceil(end / WASM_PAGE));
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    this.kernels = instantiateKernels(memory);
    this.run = bytes === 1 ? this.kernels.count8 : bytes === 2 ? this.kernels.count16 : this.kernels.count32;
    const buffer = memory.buffer;
    const Records = bytes === 1 ? Uint8Array : bytes === 2 ? Uint16Array : Uint32Array;
    this.records = new Records(buffer, 0, size * slots);
    this.words = new Uint32Array(buffer, this.at.words, wordCount);
    this.counts = new Uint32Array(buffer, this.at.counts, counters);
    this.members = new Uint32Array(buffer, this.at.scratch, size);
    this.columnBits = dense.map((column, c) => {
      const bits = new Uint32Array(buffer, this.at.columns + c * this.stride * 4, wordCount);
      for (let i = 0; i < column.docs.length; i++) {
        const d = column.docs[i]!;
        bits[d >>> 5]! |= 1 << (d & 31);
      }
      return bits;
    });
    new Uint32Array(buffer, this.at.allColumns, dense.length).set(dense.map((_, c) => c));
    new Uint32Array(buffer, this.at.columnCounters, dense.length).set(dense.map((c) => c.counter));
    this.pickedColumns = new Uint32Array(buffer, this.at.pickedColumns, dense.length);
    this.pickedCounters = new Uint32Array(buffer, this.at.pickedCounters, dense.length);
    const lists = new Uint32Array(buffer, this.at.lists, this.postings);
    const offsets = new Uint32Array(buffer, this.at.listOffsets, sparse.length + 1);
    sparse.forEach((column, l) => {
      lists.set(column.docs, offsets[l]!);
      offsets[l + 1] = offsets[l]! + column.docs.length;
    });
    new Uint32Array(buffer, this.at.listCounters, sparse.length).set(sparse.map((c) => c.counter));
    this.denseOf = new Int32Array(counters).fill(-1);
    this.listOf = new Int32Array(counters).fill(-1);
    dense.forEach((column, c) => {
      this.denseOf[column.counter] = c;
    });
    sparse.forEach((column, l) => {
      this.listOf[column.counter] = l;
    });
    for (let i = 0; i < this.copies.length; i += 2) {
      this.denseOf[this.copies[i]!] = this.denseOf[this.copies[i + 1]!]!;
      this.listOf[this.copies[i]!] = this.listOf[this.copies[i + 1]!]!;
    }
    this.listLengths = Uint32Array.from(sparse, (c) => c.docs.length);
  }

  /** Whether counting by column was built (a counter in many documents). */
  get hasColumns(): boolean {
    return this.denseCount > 0;
  }

  /**
   * What counting by column costs, in members counted by record: a set with more members than this
   * is counted by column (less when its span is narrow), so no set costs more than this many members.
   */
  get columnCostInMembers(): number {
    return this.hasColumns ? this.columnCost(0, this.stride) / MEMBER_COST : Number.POSITIVE_INFINITY;
  }

  /**
   * Adds the documents of `counter` to `set` from its column, a word at a time; false (and `set`
   * unchanged) when it has none. A filter on a frequent term is built so (a million documents: one
   * pass over 31,250 words instead of a write per document, ~0.1–0.4 ms per filter).
   */
  addColumnTo(counter: number, set: Bitset): boolean {
    const columns = this.columnsOf(this.sharedWith[counter] ?? counter);
    if (!columns) return false;
    // A sum's documents are its parts': each part's column.
    for (const c of columns) set.or(new Bitset(set.size, this.columnBits[c]!));
    return true;
  }

  /** The dense columns whose union holds the documents of `owner`, or null when some have none. */
  private columnsOf(owner: number): number[] | null {
    const c = this.denseOf[owner] ?? -1;
    if (c >= 0) return [c];
    const at = this.derivedAt.get(owner);
    if (at === undefined || at < 0) return null;
    const columns: number[] = [];
    for (const part of this.sums[at]!.parts) {
      const more = this.columnsOf(part);
      if (!more) return null;
      columns.push(...more);
    }
    return columns;
  }

  /** Counters counted without a column of their own (derived-counters.ts): sums and rests. */
  get derivedCounters(): { sums: number[]; rests: number[] } {
    return { sums: this.sums.map((s) => s.counter), rests: this.rests.map((r) => r.counter) };
  }

  /** Puts `set` where countBits reads it, counting nothing. */
  load(set: Bitset): void {
    this.words.set(set.words);
  }

  /** Members of the set last counted (or loaded) with ordinals in [from, to). */
  countBits(from: number, to: number): number {
    return this.kernels.popcountRange(this.at.words, from, to);
  }

  /**
   * Adds one to every counter of every member of `set`, by member or by column, whichever reads
   * less (or as `by` says): the counters (a copy), the member count, and how it counted.
   */
  count(set: Bitset, by?: CountedBy): { counts: Uint32Array; n: number; by: CountedBy } {
    const w = set.words;
    this.words.set(w);
    this.counts.fill(0);
    const { records, words, counts, scratch } = this.at;
    const [from, to] = spanOf(w);
    const n = this.kernels.popcount(words + from * 4, to - from);
    const how =
      by ?? (this.hasColumns && this.columnCost(from, to) < n * MEMBER_COST ? 'columns' : 'members');
    if (how === 'members') this.run(records, words, w.length, counts, scratch);
    else {
      const { columns, allColumns, columnCounters, lists, listOffsets, listCounters } = this.at;
      this.kernels.countColumns(
        words,
        from,
        to,
        columns,
        allColumns,
        this.denseCount,
        this.stride,
        columnCounters,
        counts,
      );
      this.kernels.countLists(
        words,
        from * 32,
        to * 32,
        lists,
        listOffsets,
        this.sparseCount,
        listCounters,
        counts,
      );
      this.derive(this.counts, n, null);
      // The counters that share a column were counted once, in the counter they share.
      const copies = this.copies;
      const out = this.counts;
      for (let i = 0; i < copies.length; i += 2) out[copies[i]!] = out[copies[i + 1]!]!;
    }
    return { counts: this.counts.slice(), n, by: how };
  }

  /**
   * Counts only the `wanted` counters of `set`, each by its own column (its bitset, or its list)
   * over the set's span: what a facet shown alone needs — a vocabulary's terms, counted without
   * that vocabulary's filter — reads those columns, not every one. The counters (the others
   * zero); null when counting every counter by member reads less (a small set) or there are no
   * columns.
   */
  countOnly(set: Bitset, wanted: ArrayLike<number>): Uint32Array | null {
    if (!this.hasColumns) return null;
    // Each column once, under the counter that owns it (a counter sharing another's is copied
    // after); a derived counter by the columns it is derived from.
    const owners = new Set<number>();
    const derived = new Set<number>();
    const need = (counter: number) => {
      const owner = this.sharedWith[counter] ?? counter;
      const at = this.derivedAt.get(owner);
      if (at === undefined) owners.add(owner);
      else if (!derived.has(owner)) {
        derived.add(owner);
        for (const part of at >= 0 ? this.sums[at]!.parts : this.rests[-1 - at]!.others) need(part);
      }
    };
    for (let i = 0; i < wanted.length; i++) need(wanted[i]!);
    const w = set.words;
    const [from, to] = spanOf(w);
    const span = to - from;
    let cost = 0;
    for (const counter of owners) {
      if (this.denseOf[counter]! >= 0) cost += span * 4;
      else if (this.listOf[counter]! >= 0)
        cost += (this.listLengths[this.listOf[counter]!]! * POSTING_COST * span) / this.stride;
    }
    this.words.set(w);
    const { words, lists, listOffsets, listCounters, counts } = this.at;
    const n = this.kernels.popcount(words + from * 4, span);
    if (cost >= n * MEMBER_COST) return null;
    this.counts.fill(0);
    // The wanted bitsets in one pass (eight read side by side: see countColumns), the lists one by one.
    let picked = 0;
    for (const counter of owners) {
      const c = this.denseOf[counter]!;
      const l = this.listOf[counter]!;
      if (c >= 0) {
        this.pickedColumns[picked] = c;
        this.pickedCounters[picked++] = counter;
      } else if (l >= 0)
        this.kernels.countLists(
          words,
          from * 32,
          to * 32,
          lists,
          listOffsets + l * 4,
          1,
          listCounters + l * 4,
          counts,
        );
    }
    this.countPicked(from, to, picked);
    this.derive(this.counts, n, derived);
    const out = new Uint32Array(this.counts.length);
    for (let i = 0; i < wanted.length; i++) {
      const counter = wanted[i]!;
      out[counter] = this.counts[this.sharedWith[counter] ?? counter]!;
    }
    return out;
  }

  /**
   * Sets the derived counters of `counts` (only those in `only`, when given) from the counters
   * they are derived from, counted for a set of `n` members.
   */
  private derive(counts: Uint32Array, n: number, only: ReadonlySet<number> | null): void {
    for (const { counter, parts } of this.sums) {
      if (only && !only.has(counter)) continue;
      let sum = 0;
      for (let i = 0; i < parts.length; i++) sum += counts[parts[i]!]!;
      counts[counter] = sum;
    }
    for (const { counter, others } of this.rests) {
      if (only && !only.has(counter)) continue;
      let rest = n;
      for (let i = 0; i < others.length; i++) rest -= counts[others[i]!]!;
      counts[counter] = rest;
    }
  }

  /** Counts the set (loaded) by the first `picked` columns countOnly listed. */
  private countPicked(from: number, to: number, picked: number): void {
    const { words, columns, pickedColumns, pickedCounters, counts } = this.at;
    this.kernels.countColumns(
      words,
      from,
      to,
      columns,
      pickedColumns,
      picked,
      this.stride,
      pickedCounters,
      counts,
    );
  }

  /** Bytes-equivalent cost of counting by column over words [from, to). */
  private columnCost(from: number, to: number): number {
    const span = to - from;
    return span * 4 * this.denseCount + (this.postings * POSTING_COST * span) / this.stride;
  }
}

/**
 * The words [from, to) of a set holding all its members, in whole 64-bit words (the set's and the
 * columns' padding word is zero).
 */
function spanOf(w: Uint32Array): [number, number] {
  let from = 0;
  while (from < w.length && w[from] === 0) from++;
  let to = w.length;
  while (to > from && w[to - 1] === 0) to--;
  return [from & ~1, to + (to & 1)];
}

/**
 * The columns with distinct documents (the first counter of each), and per counter the counter
 * whose column holds its documents (itself when first): equal columns are read once.
 */
function shareIdentical(
  columns: readonly CounterDocs[],
  counters: number,
): { distinct: CounterDocs[]; sharedWith: Int32Array } {
  const sharedWith = Int32Array.from({ length: counters }, (_, c) => c);
  const distinct: CounterDocs[] = [];
  // Candidates by length and three documents; equal only when every document is.
  const seen = new Map<string, CounterDocs[]>();
  for (const column of columns) {
    const { docs } = column;
    const n = docs.length;
    if (n === 0) {
      distinct.push(column);
      continue;
    }
    const key = `${n}:${docs[0]}:${docs[n >>> 1]}:${docs[n - 1]}`;
    const candidates = seen.get(key) ?? [];
    const same = candidates.find((other) => sameDocs(other.docs, docs));
    if (same) sharedWith[column.counter] = same.counter;
    else {
      candidates.push(column);
      seen.set(key, candidates);
      distinct.push(column);
    }
  }
  return { distinct, sharedWith };
}

function sameDocs(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Counters in at least one document in DENSE_FROM get a bitset, densest first, within the budget;
 * the rest keep their document lists. None at all when the index is too small for columns to pay.
 */
function splitColumns(
  size: number,
  columns: readonly CounterDocs[],
): { dense: CounterDocs[]; sparse: CounterDocs[] } {
  const byDensity = [...columns].sort((a, b) => b.docs.length - a.docs.length);
  const bitsets = COLUMN_BYTES_PER_DOCUMENT * 8;
  const dense = byDensity.filter(
    (c, i) => i < bitsets && c.docs.length > 0 && c.docs.length * DENSE_FROM >= size,
  );
  if (dense.length === 0) return { dense: [], sparse: [] };
  return { dense, sparse: byDensity.slice(dense.length).filter((c) => c.docs.length > 0) };
}
