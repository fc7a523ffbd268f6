/**
 * Exact facet counts of a set of documents: per facet term, per content type, per language, per
 * year. Counting reads each member's facets, or for a large set the facet columns (their cost
 * then fixed: facet-count-kernel.ts), so its cost follows the number of documents read up to that
 * cap; the counter reads as few as it can:
 *
 * - A set is counted as the counts of a known SUPERSET minus those of the few documents of the
 *   superset outside the set, whenever that difference is smaller than the set itself.
 * - Known supersets: all visible documents (counted once per visibility state), and the visible
 *   documents of each word the query requires (a frequent word's counts are kept after its first
 *   use, then adjusted to the visibility state by subtracting its few invisible documents). So a
 *   common word matching 800,000 documents is counted by reading almost none, and a phrase of
 *   common words by reading only the documents that hold one word but not the others.
 *
 * - A search filtered by language (the search page filters by its own when the reader names
 *   none) has as supersets those same sets restricted to its languages: a word's documents in
 *   English, a term's. Their counts are kept too, once a large set was counted from one, so the
 *   language filter does not make every common word's search read the other languages' documents.
 *
 * Everything kept is derived from an index segment that never changes, so it never goes stale;
 * only visibility moves, and each cached figure records the visible set it was adjusted to.
 */
import type { Bitset } from './bitset.js';
import { countRecords, countYears } from './facet-records.js';
import type { IndexData, Postings } from './index-data.js';

export interface Counts {
  readonly terms: Uint32Array;
  readonly types: Uint32Array;
  readonly languages: Uint32Array;
  readonly years: Map<number, number>;
}

/** A set counted more cheaply from a superset: the superset, its size and (lazily) its counts. */
interface Superset {
  /** What the superset is (a word, several, a filter), to keep its counts restricted to a language filter. */
  readonly key: string;
  readonly set: Bitset;
  readonly size: number;
  /** Documents read to count the superset itself, when that is not free. */
  readonly cost?: number;
  counts(): Counts;
}

/** Words whose counts are kept (each a few kilobytes: one number per facet term). */
const WORD_COUNTS_KEPT = 512;
/**
 * A filter's counts are computed and kept when a set at least this large is counted with it: the
 * first such search pays for reading the filter's documents, the following ones read only the
 * difference.
 */
const KEEP_FILTER_COUNTS_FROM = 20_000;

/**
 * A superset is also tried in the search's languages when this share of all documents or more
 * are in it and not in the set: restricting it costs a few passes over bitsets of every document
 * (~30 µs at 1M), about as much as counting that many members one by one (~4,000 at 1M).
 */
const RESTRICT_FROM_SHARE = 1 / 256;

/** Counts kept for a set: the visible set they were counted on, and the set's size. */
interface KeptCounts {
  readonly of: Bitset;
  readonly size: number;
  readonly counts: Counts;
}

/** An active filter of a search: its documents, and a key naming it (dimension and values). */
export interface FilterSet {
  readonly key: string;
  readonly set: Bitset;
}

export class FacetCounter {
  /** Counts of all visible documents, for the visible set they were counted on. */
  private visibleCounts: { of: Bitset; size: number; counts: Counts } | null = null;
  /** Counts of every document of a frequent word, visible or not (most recently used last). */
  private readonly wordCounts = new Map<Postings, Counts>();
  /** The same, restricted to a visible set. */
  private readonly visibleWordCounts = new Map<Postings, { of: Bitset; counts: Counts }>();
  /** Counts of the visible documents of a filter, by its key. */
  private readonly filterCounts = new Map<string, KeptCounts>();
  /** Counts of a superset's documents in the languages of a filter, by both keys. */
  private readonly inLanguageCounts = new Map<string, KeptCounts>();
  /** A number per word, naming it in superset keys. */
  private readonly wordKeys = new WeakMap<Postings, number>();
  private nextWordKey = 1;
  /** Sets counted by reading their documents or columns, kept counts aside (diagnostics and tests). */
  setsCounted = 0;

  constructor(
    private readonly data: IndexData,
    /** The bitset of a word's documents (a fresh copy: callers combine it in place). */
    private readonly setOf: (p: Postings) => Bitset,
    private readonly keepFilterCountsFrom = KEEP_FILTER_COUNTS_FROM,
  ) {}

  /**
   * Counts of `set`, a subset of the visible documents `visible` and, for each group of words in
   * `required`, of the documents holding any word of the group (see SearchEngine.requiredGroups),
   * and of each of `filters`' documents; `language`, when one of them is the search's language
   * filter.
   */
  count(
    set: Bitset,
    visible: Bitset,
    required: readonly (readonly Postings[])[],
    filters: readonly FilterSet[] = [],
    language?: FilterSet,
  ): Counts {
    const size = set.count();
    let best: Superset | null = null;
    let bestCost = this.readCost(size);
    const consider = (superset: Superset) => {
      const cost = this.readCost(superset.size - size) + (superset.cost ?? 0);
      if (cost < bestCost) {
        best = superset;
        bestCost = cost;
      }
    };
    /** A superset, and the same in the filter's languages, unless the superset is near exact. */
    const considerInLanguage = (superset: Superset) => {
      consider(superset);
      if (!language || superset.size - size < this.data.size * RESTRICT_FROM_SHARE) return;
      const restricted = this.inLanguageSuperset(superset, language, visible, size);
      if (restricted) consider(restricted);
    };
    consider(this.visibleSuperset(visible));
    // Only frequent words (kept as bitsets) are worth a cached count; rare ones are cheap to read.
    for (const group of required) {
      const head = group[0];
      // Past the best cost, the group's documents are worth trying only in the filter's languages.
      if (!head?.bits || (head.df - size >= bestCost && !language)) continue;
      considerInLanguage(
        group.length === 1 ? this.wordSuperset(head, visible) : this.unionSuperset(group, visible),
      );
    }
    // A filter's documents (a term, a type, a date range) hold the set too; their counts are kept
    // once a large set was counted from them, so the next search with that filter reads little.
    for (const filter of filters) {
      const superset = this.filterSuperset(filter, visible, size);
      if (superset) {
        if (filter === language) consider(superset);
        else considerInLanguage(superset);
      }
    }
    const chosen = best as Superset | null;
    if (!chosen) return this.countMembers(set);
    if (bestCost === 0) return chosen.counts();
    return subtractCounts(chosen.counts(), this.countMembers(chosen.set.clone().andNot(set)));
  }

  /**
   * Counts the visible documents, before any search needs them (the superset of every search).
   */
  warmVisible(visible: Bitset): void {
    this.visibleSuperset(visible);
  }

  /**
   * Counts a frequent word's documents before its first search — only while at most half as
   * many words' counts are kept as may be, so warming never evicts what searches kept. False
   * once that many are (nothing was counted), or for a word too rare to be worth it.
   */
  warmWord(p: Postings): boolean {
    if (!p.bits || this.wordCounts.size >= WORD_COUNTS_KEPT / 2) return false;
    this.allCountsOf(p);
    return true;
  }

  private visibleSuperset(visible: Bitset): Superset {
    let all = this.visibleCounts;
    if (!all || all.of !== visible) {
      all = { of: visible, size: visible.count(), counts: this.countMembers(visible) };
      this.visibleCounts = all;
    }
    const { size, counts } = all;
    return { key: 'visible', set: visible, size, counts: () => counts };
  }

  private wordKey(p: Postings): number {
    let key = this.wordKeys.get(p);
    if (key === undefined) {
      key = this.nextWordKey++;
      this.wordKeys.set(p, key);
    }
    return key;
  }

  private wordSuperset(p: Postings, visible: Bitset): Superset {
    const set = this.setOf(p).and(visible);
    const size = set.count();
    return {
      key: `word:${this.wordKey(p)}`,
      set,
      size,
      counts: () => {
        const kept = this.visibleWordCounts.get(p);
        if (kept && kept.of === visible) return kept.counts;
        const hidden = this.setOf(p).andNot(visible);
        const counts = hidden.isEmpty()
          ? this.allCountsOf(p)
          : subtractCounts(this.allCountsOf(p), this.countMembers(hidden));
        remember(this.visibleWordCounts, p, { of: visible, counts });
        return counts;
      },
    };
  }

  /**
   * The visible documents of any of `words` (the first the most frequent). Each further word adds
   * either the counts of its documents outside the union so far (read), or — for a frequent word,
   * when fewer of its documents are inside the union — its kept counts minus those inside: the
   * forms of one word in several languages rarely share documents, so a union of frequent forms
   * costs next to nothing.
   */
  private unionSuperset(words: readonly Postings[], visible: Bitset): Superset {
    const [head, ...others] = words as [Postings, ...Postings[]];
    const first = this.wordSuperset(head, visible);
    const union = first.set.clone();
    const plus: (() => Counts)[] = [() => first.counts()];
    const minus: (() => Counts)[] = [];
    let cost = 0;
    for (const p of others) {
      const word = this.wordSuperset(p, visible);
      const inside = word.set.clone().and(union);
      const insideSize = inside.count();
      if (p.bits && insideSize < word.size - insideSize) {
        plus.push(() => word.counts());
        if (insideSize > 0) minus.push(() => this.countMembers(inside));
        cost += this.readCost(insideSize);
      } else {
        const outside = word.set.clone().andNot(union);
        plus.push(() => this.countMembers(outside));
        cost += this.readCost(word.size - insideSize);
      }
      union.or(word.set);
    }
    return {
      key: `words:${words.map((p) => this.wordKey(p)).join(',')}`,
      set: union,
      size: union.count(),
      // Reading those documents is part of the price of this superset.
      cost,
      counts: () => {
        let counts = plus[0]!();
        for (const more of plus.slice(1)) counts = addCounts(counts, more());
        for (const less of minus) counts = subtractCounts(counts, less());
        return counts;
      },
    };
  }

  private filterSuperset(filter: FilterSet, visible: Bitset, size: number): Superset | null {
    return this.keptSuperset(
      this.filterCounts,
      filter.key,
      () => filter.set.clone().and(visible),
      visible,
      size,
    );
  }

  /** `superset`'s documents in the languages of `language`, their counts kept as a filter's are. */
  private inLanguageSuperset(
    superset: Superset,
    language: FilterSet,
    visible: Bitset,
    size: number,
  ): Superset | null {
    const key = `${superset.key}|${language.key}`;
    return this.keptSuperset(
      this.inLanguageCounts,
      key,
      () => superset.set.clone().and(language.set),
      visible,
      size,
    );
  }

  /**
   * A superset whose counts are kept in `kept` under `key`: offered when they are kept for this
   * visible set, or when a set of `size` is large enough to be worth keeping them for (the first
   * such search counts the superset whole, the next ones read only the difference).
   */
  private keptSuperset(
    kept: Map<string, KeptCounts>,
    key: string,
    makeSet: () => Bitset,
    visible: Bitset,
    size: number,
  ): Superset | null {
    const entry = kept.get(key);
    const fresh = entry?.of === visible ? entry : undefined;
    if (!fresh && size < this.keepFilterCountsFrom) return null;
    const set = makeSet();
    const setSize = fresh?.size ?? set.count();
    return {
      key,
      set,
      size: setSize,
      counts: () => {
        if (fresh) return fresh.counts;
        const counts = this.countMembers(set);
        remember(kept, key, { of: visible, size: setSize, counts });
        return counts;
      },
    };
  }

  private allCountsOf(p: Postings): Counts {
    let counts = this.wordCounts.get(p);
    if (counts) {
      this.wordCounts.delete(p);
      this.wordCounts.set(p, counts);
      return counts;
    }
    counts = this.countMembers(this.setOf(p));
    remember(this.wordCounts, p, counts);
    return counts;
  }

  /**
   * What counting a set of `members` costs, in members read: counting by column caps it (a set
   * too large to read member by member costs its columns' bytes, whatever its size).
   */
  private readCost(members: number): number {
    return Math.min(members, this.data.facetRecords.kernel.columnCostInMembers);
  }

  /**
   * The counts of the facet ordinals `wanted` alone (the others zero), each from its own column;
   * null when counting the whole set reads less (see FacetCountKernel.countOnly).
   */
  countTermsOnly(set: Bitset, wanted: ArrayLike<number>): Uint32Array | null {
    const { kernel, facets } = this.data.facetRecords;
    return kernel.countOnly(set, wanted)?.subarray(0, facets) ?? null;
  }

  /** The members of `set` in each year, alone (see countYears in facet-records.ts). */
  countYears(set: Bitset): Map<number, number> {
    return countYears(this.data.facetRecords, set);
  }

  /** Counts by reading each member's facets (or the columns): the one place that touches documents. */
  countMembers(set: Bitset): Counts {
    this.setsCounted++;
    const records = this.data.facetRecords;
    const { counters: all, years } = countRecords(records, set);
    return {
      terms: all.subarray(0, records.facets),
      types: all.subarray(records.typeBase, records.typeBase + this.data.types.length),
      languages: all.subarray(records.languageBase, records.languageBase + this.data.languages.length),
      years,
    };
  }
}

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > WORD_COUNTS_KEPT) map.delete(map.keys().next().value as K);
}

function addCounts(all: Counts, more: Counts): Counts {
  const plus = (a: Uint32Array, b: Uint32Array) => a.map((v, i) => v + b[i]!);
  const years = new Map(all.years);
  for (const [year, n] of more.years) years.set(year, (years.get(year) ?? 0) + n);
  return {
    terms: plus(all.terms, more.terms),
    types: plus(all.types, more.types),
    languages: plus(all.languages, more.languages),
    years,
  };
}

export function subtractCounts(all: Counts, some: Counts): Counts {
  const minus = (a: Uint32Array, b: Uint32Array) => a.map((v, i) => v - b[i]!);
  const years = new Map(all.years);
  for (const [year, n] of some.years) {
    const left = (years.get(year) ?? 0) - n;
    if (left > 0) years.set(year, left);
    else years.delete(year);
  }
  return {
    terms: minus(all.terms, some.terms),
    types: minus(all.types, some.types),
    languages: minus(all.languages, some.languages),
    years,
  };
}
