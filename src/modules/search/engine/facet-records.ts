/**
 * What facet counting reads of each document, laid out for speed: one fixed-size record per
 * document whose every slot is the index of a counter to add one to — its content type, its
 * language and up to FACET_SLOTS of its facet terms; unused slots point at padding counters
 * nobody reads. Counting a set is then, per member, sixteen loads and increments with no
 * branch and no second array to look up, and the record sits in one cache line. Each slot takes
 * the fewest bytes that can name every counter (facet-count-kernel.ts: one, for most sites).
 *
 * Why not the obvious per-document list (offsets into one array of facet ordinals): counting a
 * sparse set — the documents of a phrase, of a word under two filters — is bound by memory
 * latency, not arithmetic. A list costs two dependent cache misses per document (its offset, then
 * its facets) and a loop whose length the CPU cannot predict, so it cannot run ahead to the next
 * documents' misses; a fixed record costs one miss, and the next documents' loads issue while
 * this one's are outstanding. Measured on the benchmark corpus: 2–3× fewer nanoseconds per document.
 *
 * Documents with more facet terms than fit keep the rest in a small overflow list, added after.
 *
 * Years have no slot: documents are numbered newest first (index-data.ts), so a year is a run of
 * ordinals and its count is the set's bits in that run, a popcount over the set's words (a few
 * microseconds at a million documents). That leaves the slot to a facet term, and the counters few
 * enough for one-byte slots on most sites.
 *
 * The records are built in place in a WebAssembly kernel's memory; the kernel runs the counting
 * loop (facet-count-kernel.ts), the overflow is added here.
 */
import type { Bitset } from './bitset.js';
import { type CountedBy, FacetCountKernel } from './facet-count-kernel.js';

/** Slots per record: a power of two, so a record never straddles two cache lines. */
const SLOT_SHIFT = 4;
const SLOTS = 1 << SLOT_SHIFT;
/** Slots 0–1 hold type and language; the rest hold facet terms. */
export const FACET_SLOTS = SLOTS - 2;

export interface FacetRecords {
  /** `SLOTS` counter indexes per document (in the kernel's memory). */
  readonly records: Uint8Array | Uint16Array | Uint32Array;
  /** Counts sets over the records (facet-count-kernel.ts). */
  readonly kernel: FacetCountKernel;
  /** Number of facet ordinals: counters [0, facets) are the facet terms. */
  readonly facets: number;
  readonly typeBase: number;
  readonly languageBase: number;
  /**
   * Runs of documents of one year: run i is ordinals [runStarts[i], runStarts[i + 1]) of year
   * runYears[i]. One run per year in an index (newest first); any order stays correct, only slower.
   */
  readonly runStarts: Uint32Array;
  readonly runYears: Uint16Array;
  /** Size of a counter array. */
  readonly counters: number;
  /** Documents with facets beyond FACET_SLOTS, ascending, and those facets (CSR). */
  readonly overflowDocs: Uint32Array;
  readonly overflowOffsets: Uint32Array;
  readonly overflowFacets: Uint32Array;
}

export interface FacetColumns {
  readonly size: number;
  readonly type: Uint8Array;
  readonly typeCount: number;
  readonly language: Uint8Array;
  readonly languageCount: number;
  readonly year: Uint16Array;
  /** Per document its facet ordinals: facets[offsets[d] .. offsets[d + 1]). */
  readonly offsets: Uint32Array;
  readonly facetList: Uint32Array;
  readonly facetCount: number;
  /** Per facet ordinal its documents, ascending (the same lists inverted): for counting by column. */
  readonly facetDocs: readonly Uint32Array[];
}

export function buildFacetRecords(c: FacetColumns): FacetRecords {
  // Slots 0–1 never pad: the pad counters are those of slots 2..SLOTS-1.
  const padBase = c.facetCount - 2;
  const typeBase = c.facetCount + FACET_SLOTS;
  const languageBase = typeBase + c.typeCount;
  const counters = languageBase + c.languageCount;
  const runStarts: number[] = [];
  const runYears: number[] = [];
  for (let d = 0; d < c.size; d++)
    if (d === 0 || c.year[d] !== c.year[d - 1]) {
      runStarts.push(d);
      runYears.push(c.year[d]!);
    }
  runStarts.push(c.size);
  const types = Array.from({ length: c.typeCount }, (_, t) => typeBase + t);
  const languages = Array.from({ length: c.languageCount }, (_, l) => languageBase + l);
  // Every document has one type and one language: the largest of each is counted as the rest.
  const kernel = new FacetCountKernel(
    c.size,
    SLOTS,
    counters,
    [
      ...c.facetDocs.map((docs, f) => ({ counter: f, docs })),
      ...documentsOf(c.type, c.typeCount).map((docs, t) => ({ counter: typeBase + t, docs })),
      ...documentsOf(c.language, c.languageCount).map((docs, l) => ({ counter: languageBase + l, docs })),
    ],
    [types, languages],
  );
  const records = kernel.records;
  const overflowDocs: number[] = [];
  const overflowOffsets: number[] = [0];
  const overflowFacets: number[] = [];
  for (let d = 0; d < c.size; d++) {
    const at = d << SLOT_SHIFT;
    records[at] = typeBase + c.type[d]!;
    records[at + 1] = languageBase + c.language[d]!;
    let slot = 2;
    const end = c.offsets[d + 1]!;
    for (let k = c.offsets[d]!; k < end; k++) {
      if (slot < SLOTS) records[at + slot++] = c.facetList[k]!;
      else overflowFacets.push(c.facetList[k]!);
    }
    if (overflowFacets.length > overflowOffsets[overflowOffsets.length - 1]!) {
      overflowDocs.push(d);
      overflowOffsets.push(overflowFacets.length);
    }
    // Each slot pads with a counter of its own: one shared counter would chain every increment.
    for (; slot < SLOTS; slot++) records[at + slot] = padBase + slot;
  }
  return {
    records,
    kernel,
    facets: c.facetCount,
    typeBase,
    languageBase,
    runStarts: Uint32Array.from(runStarts),
    runYears: Uint16Array.from(runYears),
    counters,
    overflowDocs: Uint32Array.from(overflowDocs),
    overflowOffsets: Uint32Array.from(overflowOffsets),
    overflowFacets: Uint32Array.from(overflowFacets),
  };
}

/** Per value of a column of small numbers, the documents holding it, ascending. */
function documentsOf(column: Uint8Array, values: number): Uint32Array[] {
  const sizes = new Uint32Array(values);
  for (const v of column) sizes[v]!++;
  const lists = Array.from(sizes, (n) => new Uint32Array(n));
  const fill = new Uint32Array(values);
  for (let d = 0; d < column.length; d++) lists[column[d]!]![fill[column[d]!]!++] = d;
  return lists;
}

/**
 * Adds one to every counter of every member of `set` — by the kernel, by member or by column (see
 * facet-count-kernel.ts), then, by member, the overflow — and counts its members of each year
 * (zero years left out). `by` forces one way (tests).
 */
export function countRecords(
  r: FacetRecords,
  set: Bitset,
  by?: CountedBy,
): { counters: Uint32Array; years: Map<number, number> } {
  const { counts, n, by: how } = r.kernel.count(set, by);
  // Counting by column counted every facet term, those past the record too.
  if (how === 'members') addOverflow(r, set, r.kernel.members, n, counts);
  return { counters: counts, years: yearsOfLoaded(r) };
}

/**
 * The members of `set` in each year (zero years left out), and nothing else: what a search
 * filtered by dates shows for its date facet, counted without the date filter (a popcount of
 * each year's run of ordinals, where counting every counter of that set would read its columns).
 */
export function countYears(r: FacetRecords, set: Bitset): Map<number, number> {
  r.kernel.load(set);
  return yearsOfLoaded(r);
}

/** Per year, the members of the set the kernel holds in that year's run of ordinals. */
function yearsOfLoaded(r: FacetRecords): Map<number, number> {
  const years = new Map<number, number>();
  for (let i = 0; i < r.runYears.length; i++) {
    const inRun = r.kernel.countBits(r.runStarts[i]!, r.runStarts[i + 1]!);
    if (inRun > 0) years.set(r.runYears[i]!, (years.get(r.runYears[i]!) ?? 0) + inRun);
  }
  return years;
}

/** The facets that did not fit: by the overflow list or by the members, whichever is shorter. */
function addOverflow(
  r: FacetRecords,
  set: Bitset,
  members: Uint32Array,
  n: number,
  counts: Uint32Array,
): void {
  const { overflowDocs, overflowOffsets, overflowFacets } = r;
  const add = (i: number) => {
    for (let k = overflowOffsets[i]!; k < overflowOffsets[i + 1]!; k++) counts[overflowFacets[k]!]!++;
  };
  if (overflowDocs.length === 0) return;
  if (overflowDocs.length <= n) {
    for (let i = 0; i < overflowDocs.length; i++) if (set.has(overflowDocs[i]!)) add(i);
    return;
  }
  // Both ascending: walk the members, advancing in the overflow list by binary search.
  let lo = 0;
  for (let j = 0; j < n && lo < overflowDocs.length; j++) {
    const d = members[j]!;
    let hi = overflowDocs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (overflowDocs[mid]! < d) lo = mid + 1;
      else hi = mid;
    }
    if (overflowDocs[lo] === d) add(lo);
  }
}
