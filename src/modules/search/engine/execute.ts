/**
 * Runs a search over IndexData: match set as bitsets, exact disjunctive facet counts, BM25F
 * ranking or date order, one page of hits. Pure and synchronous: the caller decides which thread
 * it runs on.
 *
 * Disjunctive faceting: each dimension with an active filter (a vocabulary, the content type, the
 * language, the date range) is counted over the matches of every OTHER filter, so a reader sees
 * what widening that filter would add; dimensions without a filter are counted once over the
 * full match set.
 */
import { Bitset, keptSet, SearchScratch } from './bitset.js';
import { facetKey, forEachPosting, type IndexData, type Postings, TITLE_WEIGHT } from './index-data.js';
import { FacetCounter, type FilterSet } from './facet-counts.js';
import { PositionReader, phraseDocuments } from './positions.js';
import { type ClosenessSource, PROXIMITY_WINDOW, proximityPairs, rescoreByCloseness } from './proximity.js';
import { Ranker, type RankedDoc, type RankedWord } from './ranking.js';
import { lowerBound } from './sorted.js';

/** The text part of a query, words already analyzed like the documents. */
export type MatchNode =
  | { readonly kind: 'word'; readonly word: string; readonly field?: 'title' | 'body' }
  | { readonly kind: 'prefix'; readonly prefix: string; readonly field?: 'title' | 'body' }
  | {
      readonly kind: 'phrase';
      readonly words: readonly string[];
      /** Each word's position from the first (stop words leave gaps); consecutive when left out. */
      readonly offsets?: readonly number[];
      readonly field?: 'title' | 'body';
    }
  | { readonly kind: 'and'; readonly children: readonly MatchNode[] }
  | { readonly kind: 'or'; readonly children: readonly MatchNode[] }
  | { readonly kind: 'not'; readonly child: MatchNode }
  /** Items listed under (or, with `source`, issued by) any of these terms: a qualifier inside OR or NOT. */
  | { readonly kind: 'terms'; readonly termIds: readonly number[]; readonly source?: boolean }
  /** Qualifiers inside OR or NOT: a content type, a language, a publication range (ms, inclusive). */
  | { readonly kind: 'type'; readonly type: string }
  | { readonly kind: 'language'; readonly language: string }
  | { readonly kind: 'dates'; readonly from: number; readonly to: number };

/** The facet dimension of issuing sources, beside one dimension per vocabulary. */
export const SOURCE_DIMENSION = 'source';

export interface EngineQuery {
  readonly text: MatchNode | null;
  /**
   * Per facet dimension — a vocabulary slug (items listed under the term) or SOURCE_DIMENSION
   * (items issued by it) — any of its term ids (OR); dimensions combine with AND.
   */
  readonly filters: ReadonlyMap<string, readonly number[]>;
  /** Items with any of these term ids are left out. */
  readonly excludeTerms?: readonly number[];
  readonly types?: readonly string[];
  readonly languages?: readonly string[];
  /** Publication instants, inclusive, in milliseconds since the epoch. */
  readonly from?: number;
  readonly to?: number;
  readonly sort: 'relevance' | 'date';
  readonly offset: number;
  readonly limit: number;
  readonly facets: boolean;
}

export interface FacetCounts {
  /** Dimension (vocabulary slug or SOURCE_DIMENSION) → term id → count (zero counts are absent). */
  readonly terms: ReadonlyMap<string, ReadonlyMap<number, number>>;
  readonly types: ReadonlyMap<string, number>;
  readonly languages: ReadonlyMap<string, number>;
  readonly years: ReadonlyMap<number, number>;
}

export interface EngineHit {
  readonly itemId: number;
  readonly score: number;
  /** Milliseconds since the epoch; lets results of several segments merge in date order. */
  readonly publishedAt: number;
}

export interface EngineResult {
  readonly total: number;
  readonly hits: readonly EngineHit[];
  readonly facets: FacetCounts | null;
}

/** A search's matches counted and its page of hits, without the facets. */
export interface EnginePage {
  readonly total: number;
  readonly hits: readonly EngineHit[];
}

/** A search's page of hits, and a call that counts its facets (null when none were asked for). */
export interface EngineParts extends EnginePage {
  readonly facets: () => FacetCounts | null;
}

/** Where each facet term belongs: term id → vocabulary slug. */
export type VocabularyOfTerm = (termId: number) => string | undefined;

/** A prefix expands to at most this many words (the most frequent), so `a*` stays cheap. */
export const MAX_PREFIX_WORDS = 256;

/**
 * Bytes of phrases' documents an engine keeps: 256 phrases at a million documents (125 KB each),
 * more in a smaller index. A typed phrase is one phrase per distinct analysis in the site's
 * languages (three or four, often), so a reader's phrase takes several.
 */
const PHRASE_BYTES_KEPT = 32 * 1024 * 1024;

/** How far a segment's warming has gone (SearchEngine.warmStep). */
export interface Warmth {
  /** Frequent words whose bounds, impact lists or counts were built ahead of their first search. */
  readonly words: number;
  /** Whether warming is over: every frequent word done, or the caches as full as it may make them. */
  readonly done: boolean;
}

export interface EngineOptions {
  /** Matches from which ranking skips blocks that cannot reach the top (see ranking.ts). */
  readonly blockMaxFrom?: number;
  /** Size of a counted set from which a filter's facet counts are kept (see facet-counts.ts). */
  readonly keepFilterCountsFrom?: number;
  /** Whether large rankings may walk impact lists first (ranking.ts; tests compare with and without). */
  readonly rankByImpact?: boolean;
  /** The most documents an impact list holds (tests make it small to reach the fallback). */
  readonly impactDepth?: number;
  /** The documents an impact list holds until a walk needs more (tests make it small to deepen lists). */
  readonly impactFirstDepth?: number;
  /** How far a walk its gate refuses goes before block-max takes over (tests make it small). */
  readonly floorWalkDepth?: number;
  /**
   * Whether a search filtered by language ranks without the words no document of those languages
   * holds (on by default; tests compare with and without).
   */
  readonly rankFilteredLanguagesOnly?: boolean;
  /** Best matches that closeness may reorder (proximity.ts); 0 ranks by BM25F alone (tests compare). */
  readonly proximityWindow?: number;
}

export class SearchEngine {
  private readonly ranker: Ranker;
  private visibleCache: { now: number; until: number; set: Bitset } | null = null;
  private readonly counter: FacetCounter;
  /** One bitset per content type and per language, built on first use. */
  private readonly columnSets = new Map<string, Bitset>();
  /** The buffers of the bitsets a search makes, reused by the next (see bitset.ts). */
  private readonly scratch = new SearchScratch();
  /** Docs superseded since the build (edited, unpublished): never matched again. */
  private readonly removed: Bitset;
  /** Per facet dimension, its facet ordinals (built on first use). */
  private readonly dimensionFacets = new Map<string, Int32Array>();
  /** Per word, the languages of the documents holding it, one bit a language code (built on first use). */
  private readonly wordLanguages = new WeakMap<Postings, number>();
  private readonly rankFilteredLanguagesOnly: boolean;
  /** Query words left out of rankings because no document of the filtered languages holds them. */
  private wordsLeftOut = 0;
  private readonly positionReader: PositionReader;
  /** Documents of recent phrases, least recently used first. */
  private readonly phraseSets = new Map<string, Bitset>();
  private phrasesRead = 0;
  private readonly proximityWindow: number;
  /** Frequent words not yet warmed, the most frequent last (see warmStep); null before the first step. */
  private warmQueue: Postings[] | null = null;
  /** Which step of its word warming is at (warmStep), and whether the word's earlier steps built anything. */
  private warmPart = 0;
  private warmBuilt = false;
  private wordsWarmed = 0;
  /** Each ordinal's number as added to the builder (positions' key), made on first use. */
  private addedNumbers: Uint32Array | null = null;

  constructor(
    readonly data: IndexData,
    private readonly vocabularyOf: VocabularyOfTerm,
    options: EngineOptions = {},
  ) {
    // Opened now: in another thread, as soon as the index is adopted (positions.ts).
    this.positionReader = new PositionReader(data.positions);
    this.proximityWindow = options.proximityWindow ?? PROXIMITY_WINDOW;
    this.ranker = new Ranker(
      data,
      options.blockMaxFrom,
      options.rankByImpact,
      options.impactDepth,
      options.floorWalkDepth,
      options.impactFirstDepth,
    );
    this.counter = new FacetCounter(data, (p) => this.setOf(p), options.keepFilterCountsFrom);
    this.removed = new Bitset(data.size);
    // One bit a language in a 32-bit mask: an archive in more languages ranks with every word.
    this.rankFilteredLanguagesOnly =
      options.rankFilteredLanguagesOnly !== false && data.languages.length <= 32;
  }

  /** Takes an item out of every result from now on; false if this index does not hold it. */
  remove(itemId: number): boolean {
    const ordinal = this.data.ordinalOf.get(itemId);
    if (ordinal === undefined || this.removed.has(ordinal)) return false;
    this.removed.add(ordinal);
    this.visibleCache = null;
    return true;
  }

  /** How often each ranking strategy ran on this segment. */
  get rankingStrategies(): Readonly<Ranker['strategies']> {
    return this.ranker.strategies;
  }

  /** How far warming has gone: words warmed, and whether it is done (see warmStep). */
  get warmth(): Warmth {
    return { words: this.wordsWarmed, done: this.warmQueue?.length === 0 };
  }

  /** Bytes of block bounds and impact lists the ranking keeps (tests). */
  get rankingCacheBytes(): number {
    return this.ranker.cachedBoundsBytes;
  }

  /** How many query words rankings left out, held by no document of the languages filtered to. */
  get rankingWordsLeftOut(): number {
    return this.wordsLeftOut;
  }

  /** How many sets facet counting has read (the rest came from kept counts). */
  get facetSetsCounted(): number {
    return this.counter.setsCounted;
  }

  /** Ids of the items removed since the build. */
  removedItems(): number[] {
    const out: number[] = [];
    this.removed.each((d) => {
      out.push(this.data.itemId[d]!);
      return undefined;
    });
    return out;
  }

  /** Each facet term's vocabulary (or the sources' dimension), as data another thread can take. */
  vocabularyTable(): [number, string][] {
    const table: [number, string][] = [];
    for (const termId of new Set(this.data.facetTermId)) {
      const vocabulary = this.vocabularyOf(termId);
      if (vocabulary !== undefined) table.push([termId, vocabulary]);
    }
    return table;
  }

  has(itemId: number): boolean {
    const ordinal = this.data.ordinalOf.get(itemId);
    return ordinal !== undefined && !this.removed.has(ordinal);
  }

  /** Docs the public may see at `now`; reused until the next visibility instant. */
  visibleAt(now: number): Bitset {
    const cached = this.visibleCache;
    if (cached && now >= cached.now && now < cached.until) return cached.set;
    const { size, visibleFrom } = this.data;
    const set = keptSet(() => new Bitset(size));
    let until = Number.POSITIVE_INFINITY;
    for (let d = 0; d < size; d++) {
      const v = visibleFrom[d]!;
      if (v <= now) set.add(d);
      else if (v < until) until = v;
    }
    set.andNot(this.removed);
    this.visibleCache = { now, until, set };
    return set;
  }

  /**
   * One step of preparing this segment for searches before they come (see warmUp): first the
   * sets and counts every search starts from (the visible documents, each type's and
   * language's), then the most frequent words, three steps a word: its block bounds, its impact
   * list, its facet counts and languages. Each is what a word's first search would otherwise
   * build while a reader waits: at a million documents tens of milliseconds a common word, and
   * under load many such first searches at once made a just-started server fall behind for
   * seconds. False once nothing is left to warm: the frequent words are done, or the caches are
   * as full as warming may make them.
   */
  warmStep(now: number): boolean {
    return this.scratch.run(() => {
      if (!this.warmQueue) {
        this.counter.warmVisible(this.visibleAt(now));
        for (let code = 0; code < this.data.types.length; code++) this.valueSet(this.data.type, code);
        for (let code = 0; code < this.data.languages.length; code++) this.valueSet(this.data.language, code);
        // Most frequent last: popped first. Only words kept as bitsets are worth it (the rest
        // are cheap to read on first use).
        this.warmQueue = [...this.data.words.values()].filter((p) => p.bits).sort((a, b) => a.df - b.df);
        return true;
      }
      const word = this.warmQueue.at(-1);
      if (!word) return false;
      // A word in three steps, each a few milliseconds at most (a million documents): its block
      // bounds, its impact list, its counts.
      const part = this.warmPart;
      if (part === 0) this.warmBuilt = this.ranker.warmBounds(word);
      else if (part === 1) this.warmBuilt = this.ranker.warmImpact(word) || this.warmBuilt;
      else {
        if (this.rankFilteredLanguagesOnly) this.languagesOf(word);
        this.warmBuilt = this.counter.warmWord(word) || this.warmBuilt;
      }
      if (part < 2) {
        this.warmPart++;
        return true;
      }
      this.warmQueue.pop();
      this.warmPart = 0;
      if (this.warmBuilt) {
        this.wordsWarmed++;
        return true;
      }
      // Neither cache takes more: the rest would build nothing.
      this.warmQueue.length = 0;
      return false;
    });
  }

  /**
   * Warms this segment whole, a step at a time (warmStep), letting the event loop run between
   * steps: an index being built or adopted is warmed before it answers, and a search answered
   * meanwhile by another segment (the old one, during a background rebuild) waits at most a step.
   * At a million documents ~3 s (that session's machine), against a build of minutes.
   */
  async warmUp(): Promise<void> {
    while (this.warmStep(Date.now())) await new Promise((resolve) => setImmediate(resolve));
  }

  search(query: EngineQuery, now: number): EngineResult {
    const { total, hits, facets } = this.searchParts(query, now);
    return { total, hits, facets: facets() };
  }

  /**
   * The search in two steps: the page of hits now, the facet counts when asked. A host in another
   * thread sends the page first, so the hits' rows are read while the facets are counted.
   * `facets` must be called before the index changes or this engine's next search starts (it
   * counts with the sets of this search, whose buffers the next one reuses).
   */
  searchParts(query: EngineQuery, now: number): EngineParts {
    this.scratch.recycle();
    const parts = this.scratch.run(() => this.pageOf(query, now));
    return { ...parts, facets: () => this.scratch.run(parts.facets) };
  }

  private pageOf(query: EngineQuery, now: number): EngineParts {
    const visible = this.visibleAt(now);
    const base = visible.clone();
    if (query.text) base.and(this.match(query.text));
    if (query.excludeTerms?.length) base.andNot(this.termsSet(query.excludeTerms));

    // Each active filter as its own set, so facet passes can leave one out.
    const constraints = new Map<string, FilterSet>();
    const sorted = (values: readonly (string | number)[]) => [...new Set(values)].sort().join(',');
    for (const [dimension, ids] of query.filters)
      if (ids.length > 0)
        constraints.set(dimension, {
          key: `${dimension}:${sorted(ids)}`,
          set: this.termsSet(ids, dimension === SOURCE_DIMENSION),
        });
    if (query.types?.length)
      constraints.set('type', {
        key: `type:${sorted(query.types)}`,
        set: this.columnSet(this.data.type, this.data.types, query.types),
      });
    if (query.languages?.length)
      constraints.set('language', {
        key: `language:${sorted(query.languages)}`,
        set: this.columnSet(this.data.language, this.data.languages, query.languages),
      });
    if (query.from !== undefined || query.to !== undefined) {
      const from = query.from ?? Number.NEGATIVE_INFINITY;
      const to = query.to ?? Number.POSITIVE_INFINITY;
      constraints.set('year', { key: `dates:${from}:${to}`, set: this.dateSet(from, to) });
    }

    const matches = base.clone();
    for (const { set } of constraints.values()) matches.and(set);
    const total = matches.count();
    // No page asked for (a worker counting this search's facets while another ranks it).
    const hits =
      query.limit === 0
        ? []
        : query.sort === 'date' || !query.text
          ? matches.slice(query.offset, query.limit).map((d) => this.hit(d, 0))
          : this.ranked(
              query.text,
              matches,
              total,
              query.offset,
              query.limit,
              this.languageMask(query.languages),
            );
    const text = query.text;
    const facets = () =>
      query.facets
        ? this.facets({
            base,
            constraints,
            matches,
            visible,
            required: text ? this.requiredGroups(text) : [],
            phrases: text ? this.requiredPhrases(text) : [],
          })
        : null;
    return { total, hits, facets };
  }

  // --- matching -------------------------------------------------------------------------------

  private match(node: MatchNode): Bitset {
    const { size } = this.data;
    switch (node.kind) {
      case 'word':
        return this.wordSet(node.word, node.field);
      case 'prefix': {
        const { field } = node;
        const words = this.expandPrefix(node.prefix).map(
          (word): MatchNode => ({ kind: 'word', word, field }),
        );
        return this.union({ kind: 'or', children: words });
      }
      case 'phrase': {
        if (node.words.length === 1) return this.wordSet(node.words[0]!, node.field);
        if (this.positionReader.available) return this.phraseSet(node).clone();
        // Another thread's index whose positions file is gone (positions.ts): all the words.
        const set = Bitset.full(size);
        for (const word of node.words) set.and(this.wordSet(word, node.field));
        return set;
      }
      case 'and': {
        const positive = node.children.filter((c) => c.kind !== 'not');
        const set = positive.length > 0 ? this.match(positive[0]!) : Bitset.full(size);
        for (const child of positive.slice(1)) set.and(this.match(child));
        for (const child of node.children) if (child.kind === 'not') set.andNot(this.match(child.child));
        return set;
      }
      case 'or':
        return this.union(node);
      case 'not':
        return Bitset.full(size).andNot(this.match(node.child));
      case 'terms':
        return this.termsSet(node.termIds, node.source === true);
      case 'type':
        return this.columnSet(this.data.type, this.data.types, [node.type]);
      case 'language':
        return this.columnSet(this.data.language, this.data.languages, [node.language]);
      case 'dates':
        return this.dateSet(node.from, node.to);
    }
  }

  /**
   * An OR's documents. Its words' documents are added straight from their postings, not from
   * copies: a typed word is an OR of its forms, a dozen sets of a million documents at most. Nested
   * ORs (two typed words ORed) are gathered into the same union, so every bitset among them is
   * read in one union (Bitset.union: four a pass), not ORed into sets of their own first.
   */
  private union(node: OrNode): Bitset {
    const bitsets: Uint32Array[] = [];
    const lists: Uint32Array[] = [];
    const gather = (or: OrNode) => {
      for (const child of or.children) {
        if (child.kind === 'or') {
          gather(child);
          continue;
        }
        const postings =
          child.kind === 'word' && child.field !== 'body' && this.postings(child.word, child.field);
        if (postings === false) bitsets.push(this.match(child).words);
        else if (postings?.bits) bitsets.push(postings.bits);
        else if (postings) lists.push(postings.docs!);
      }
    };
    gather(node);
    const set = Bitset.union(this.data.size, bitsets);
    for (const docs of lists) set.addAll(docs);
    return set;
  }

  /**
   * Documents holding the phrase, its words in order with the query's gaps, kept per phrase: the
   * first search of a phrase of common words reads their positions (a few MB each at a million
   * documents), the next ones copy the set.
   */
  private phraseSet(node: PhraseNode): Bitset {
    const offsets = node.offsets ?? node.words.map((_, i) => i);
    const key = phraseKey(node);
    let set = this.phraseSets.get(key);
    if (set) this.phraseSets.delete(key);
    else {
      const { positions, size } = this.data;
      // A phrase none of whose documents holds all its words (a form in a language they are not
      // written in, often) is settled by its words' sets, without reading positions.
      const all = Bitset.full(size);
      for (const word of node.words) all.and(this.wordSet(word, node.field));
      set = keptSet(() =>
        all.isEmpty()
          ? new Bitset(size)
          : phraseDocuments(this.positionReader, positions.ordinalOf, size, node.words, offsets, node.field),
      );
      this.phrasesRead++;
      if ((this.phraseSets.size + 1) * set.words.byteLength > PHRASE_BYTES_KEPT)
        this.phraseSets.delete(this.phraseSets.keys().next().value!);
    }
    this.phraseSets.set(key, set);
    return set;
  }

  /**
   * The kept documents of each phrase every match holds (of alternative phrases, their union):
   * supersets of the matches, so facet counting may start from their counts, kept like a
   * filter's (facet-counts.ts), and a repeated phrase search reads only the documents it lacks.
   */
  private requiredPhrases(node: MatchNode): FilterSet[] {
    switch (node.kind) {
      case 'phrase':
        return node.words.length > 1 && this.positionReader.available
          ? [{ key: `phrase:${phraseKey(node)}`, set: this.phraseSet(node) }]
          : [];
      case 'and':
        return node.children.flatMap((child) => this.requiredPhrases(child));
      case 'or': {
        const each = node.children.map((child) => this.requiredPhrases(child));
        if (each.length === 0 || each.some((sets) => sets.length !== 1)) return [];
        const union = each[0]![0]!.set.clone();
        for (const sets of each.slice(1)) union.or(sets[0]!.set);
        return [{ key: each.map((sets) => sets[0]!.key).join('|'), set: union }];
      }
      default:
        return [];
    }
  }

  /** How many phrases were matched anew, not taken from the kept sets (tests). */
  get phrasesMatched(): number {
    return this.phrasesRead;
  }

  private postings(word: string, field: 'title' | 'body' | undefined): Postings | undefined {
    return field === 'title' ? this.data.titleWords.get(word) : this.data.words.get(word);
  }

  /**
   * Groups of word postings, each group's documents together a superset of the matches: one word
   * every match holds (a word, a phrase's words, the positive words of an AND, a word every
   * alternative of an OR holds), or one word from each alternative of an OR ("particip" OR
   * "participating", the forms of one word in the site's languages). Facet counting starts from them.
   */
  private requiredGroups(node: MatchNode): Postings[][] {
    const single = (p: Postings | undefined) => (p ? [[p]] : []);
    switch (node.kind) {
      case 'word':
        return node.field === 'body' ? [] : single(this.postings(node.word, node.field));
      case 'phrase':
        return node.field === 'body' ? [] : node.words.flatMap((w) => single(this.postings(w, node.field)));
      case 'and':
        return node.children.flatMap((child) => this.requiredGroups(child));
      case 'or': {
        const alternatives = node.children.map((child) =>
          this.requiredGroups(child)
            .filter((g) => g.length === 1)
            .map((g) => g[0]!),
        );
        const [first, ...rest] = alternatives;
        if (!first) return [];
        const shared = first.filter((p) => rest.every((words) => words.includes(p))).map((p) => [p]);
        if (alternatives.some((words) => words.length === 0)) return shared;
        const densest = alternatives.map((words) => words.reduce((a, b) => (b.df > a.df ? b : a)));
        return [...shared, [...new Set(densest)].sort((a, b) => b.df - a.df)];
      }
      default:
        return [];
    }
  }

  private wordSet(word: string, field: 'title' | 'body' | undefined): Bitset {
    const all = this.data.words.get(word);
    if (!all) return new Bitset(this.data.size);
    if (field === 'title') return this.setOf(this.data.titleWords.get(word));
    if (field !== 'body') return this.setOf(all);
    // In the body: more weight than the title alone accounts for.
    const inTitle = this.data.titleWords.get(word);
    const titleTf = new Map<number, number>();
    if (inTitle) forEachPosting(inTitle, (d, i) => titleTf.set(d, inTitle.tf[i]!));
    const set = new Bitset(this.data.size);
    forEachPosting(all, (d, i) => {
      if (all.tf[i]! > (titleTf.get(d) ?? 0) * TITLE_WEIGHT) set.add(d);
    });
    return set;
  }

  private setOf(p: Postings | undefined): Bitset {
    if (!p) return new Bitset(this.data.size);
    return p.bits ? Bitset.copyOf(this.data.size, p.bits) : Bitset.of(this.data.size, p.docs!);
  }

  /** Words starting with `prefix`, most frequent first, at most MAX_PREFIX_WORDS. */
  expandPrefix(prefix: string): string[] {
    const sorted = this.data.sortedWords;
    const found: string[] = [];
    for (let i = lowerBound(sorted, prefix); i < sorted.length && sorted[i]!.startsWith(prefix); i++)
      found.push(sorted[i]!);
    if (found.length <= MAX_PREFIX_WORDS) return found;
    return found
      .sort((a, b) => this.data.words.get(b)!.df - this.data.words.get(a)!.df)
      .slice(0, MAX_PREFIX_WORDS);
  }

  /** Items listed under (or issued by) any of the terms: a frequent term's from its facet column. */
  private termsSet(termIds: readonly number[], source = false): Bitset {
    const set = new Bitset(this.data.size);
    const { kernel } = this.data.facetRecords;
    for (const id of termIds) {
      const ordinal = this.data.facetOrdinal.get(facetKey(id, source));
      // A facet ordinal is its counter in the kernel (facet-records.ts).
      if (ordinal !== undefined && !kernel.addColumnTo(ordinal, set))
        set.addAll(this.data.facetDocs[ordinal]!);
    }
    return set;
  }

  /**
   * Docs whose type (or language) is one of `wanted`. The set of each single value is built once
   * and kept (the index never changes; there are a handful of types and languages); callers get a
   * copy, since matching combines sets in place.
   */
  private columnSet(column: Uint8Array, values: readonly string[], wanted: readonly string[]): Bitset {
    const set = new Bitset(this.data.size);
    for (const value of new Set(wanted)) {
      const code = values.indexOf(value);
      if (code >= 0) set.or(this.valueSet(column, code));
    }
    return set;
  }

  /** The dimension a facet ordinal counts in: its term's vocabulary, or the sources. */
  private dimensionOf(f: number): string | undefined {
    return this.data.facetIsSource[f] ? SOURCE_DIMENSION : this.vocabularyOf(this.data.facetTermId[f]!);
  }

  /** The facet ordinals of a dimension: its vocabulary's terms, or the sources. */
  private facetsOf(dimension: string): Int32Array {
    let ordinals = this.dimensionFacets.get(dimension);
    if (!ordinals) {
      const of: number[] = [];
      for (let f = 0; f < this.data.facetTermId.length; f++)
        if (this.dimensionOf(f) === dimension) of.push(f);
      ordinals = Int32Array.from(of);
      this.dimensionFacets.set(dimension, ordinals);
    }
    return ordinals;
  }

  /** The documents whose type (or language) is `code` in `column`; built on first use, then kept. */
  private valueSet(column: Uint8Array, code: number): Bitset {
    const key = `${column === this.data.type ? 'type' : 'language'}:${code}`;
    let cached = this.columnSets.get(key);
    if (!cached) {
      cached = keptSet(() => new Bitset(this.data.size));
      for (let d = 0; d < column.length; d++) if (column[d] === code) cached.add(d);
      this.columnSets.set(key, cached);
    }
    return cached;
  }

  /** Docs published within [from, to]: a contiguous ordinal range, since ordinals are by date. */
  private dateSet(from: number, to: number): Bitset {
    const published = this.data.publishedAt;
    const set = new Bitset(this.data.size);
    // Newest first: find the first doc at or before `to`, then walk until before `from`.
    let lo = 0;
    let hi = published.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (published[mid]! > to) lo = mid + 1;
      else hi = mid;
    }
    for (let d = lo; d < published.length && published[d]! >= from; d++) set.add(d);
    return set;
  }

  // --- ranking --------------------------------------------------------------------------------

  /**
   * The `k` best matches by BM25F over the query's positive words, ties newest first.
   * `languages`: when the matches are documents of these languages only (one bit a language code),
   * the words no document of theirs holds are left out: they add nothing to any match's score, but
   * ranking would still bound every block by them. A word is analyzed in every language of the
   * site ("participating" → particip in English, participating in German…), and the search page
   * filters by its own language, so most of a query's forms are such words there. At 1M generated
   * items filtered to English (npm run bench:search -- --language en, A/B in one session), page
   * p50: common word 2.05 → 0.33 ms, phrase 5.11 → 1.59, deep page 8.52 → 1.48; same hits.
   */
  private rank(
    text: MatchNode,
    matches: Bitset,
    matchCount: number,
    k: number,
    languages: number | null,
  ): RankedDoc[] {
    // A word named more than once (in several forms of one phrase, in OR alternatives) counts
    // once, at its highest boost: repeating it must not multiply its weight.
    const boosts = new Map<Postings, number>();
    for (const { word, field, boost } of positiveWords(text, this)) {
      const postings = this.postings(word, field);
      if (!postings) continue;
      if (languages !== null && (this.languagesOf(postings) & languages) === 0) {
        if (!boosts.has(postings)) this.wordsLeftOut++;
        continue;
      }
      boosts.set(postings, Math.max(boost, boosts.get(postings) ?? 0));
    }
    const words: RankedWord[] = [...boosts].map(([postings, boost]) => ({
      postings,
      weight: this.ranker.idf(postings.df) * boost,
    }));
    return this.ranker.top(words, matches, matchCount, k);
  }

  /**
   * The page from `offset`: the best `offset + limit` matches, or the best PROXIMITY_WINDOW when a
   * query of several words is ranked, their order then adjusted by closeness (proximity.ts).
   */
  private ranked(
    text: MatchNode,
    matches: Bitset,
    matchCount: number,
    offset: number,
    limit: number,
    languages: number | null,
  ): EngineHit[] {
    const k = offset + limit;
    // A page past the window is in BM25F order whatever the window's order: nothing to rescore.
    const pairs = this.proximityWindow > offset && this.positionReader.available ? proximityPairs(text) : [];
    let docs: RankedDoc[];
    if (pairs.length === 0) docs = this.rank(text, matches, matchCount, k, languages);
    else {
      const best = this.rank(text, matches, matchCount, Math.max(k, this.proximityWindow), languages);
      docs = rescoreByCloseness(best, pairs, this.closenessSource(), this.proximityWindow);
    }
    return docs.slice(offset, k).map(({ doc, score }) => this.hit(doc, score));
  }

  private closenessSource(): ClosenessSource {
    return {
      reader: this.positionReader,
      holds: (word, doc) => {
        const postings = this.data.words.get(word);
        if (!postings) return false;
        if (postings.bits) return (postings.bits[doc >>> 5]! & (1 << (doc & 31))) !== 0;
        const docs = postings.docs!;
        return docs[lowerBound(docs, doc)] === doc;
      },
      added: (doc) => {
        const { ordinalOf } = this.data.positions;
        if (!ordinalOf) return doc;
        if (!this.addedNumbers) {
          const added = new Uint32Array(ordinalOf.length);
          for (let a = 0; a < ordinalOf.length; a++) added[ordinalOf[a]!] = a;
          this.addedNumbers = added;
        }
        return this.addedNumbers[doc]!;
      },
    };
  }

  /** The languages of a filter as a mask of language codes, or null when ranking keeps every word. */
  private languageMask(languages: readonly string[] | undefined): number | null {
    if (!this.rankFilteredLanguagesOnly || !languages?.length) return null;
    let mask = 0;
    for (const language of languages) {
      const code = this.data.languages.indexOf(language);
      if (code >= 0) mask |= 1 << code;
    }
    return mask;
  }

  /** The languages of the documents holding a word, one bit a language code. */
  private languagesOf(postings: Postings): number {
    let mask = this.wordLanguages.get(postings);
    if (mask !== undefined) return mask;
    const { language, languages } = this.data;
    const every = languages.length >= 32 ? -1 : (1 << languages.length) - 1;
    mask = 0;
    if (postings.docs) {
      const { docs } = postings;
      for (let i = 0; i < docs.length && mask !== every; i++) mask |= 1 << language[docs[i]!]!;
    } else {
      // Most frequent words are in every language: stop at the first word of the bitset that
      // completes the mask.
      const bits = postings.bits!;
      for (let w = 0; w < bits.length && mask !== every; w++) {
        let x = bits[w]!;
        while (x !== 0) {
          const low = x & -x;
          mask |= 1 << language[(w << 5) + (31 - Math.clz32(low))]!;
          x ^= low;
        }
      }
    }
    this.wordLanguages.set(postings, mask);
    return mask;
  }

  private hit(doc: number, score: number): EngineHit {
    return { itemId: this.data.itemId[doc]!, score, publishedAt: this.data.publishedAt[doc]! };
  }

  // --- facets ---------------------------------------------------------------------------------

  private facets(sets: {
    base: Bitset;
    constraints: ReadonlyMap<string, FilterSet>;
    matches: Bitset;
    visible: Bitset;
    required: readonly (readonly Postings[])[];
    phrases: readonly FilterSet[];
  }): FacetCounts {
    const { base, constraints, matches, visible, required, phrases } = sets;
    // A set is counted knowing the filters that hold it (all but the one left out), and the
    // phrases every match holds.
    const count = (set: Bitset, leftOut?: string) =>
      this.counter.count(
        set,
        visible,
        required,
        [
          ...[...constraints].filter(([dimension]) => dimension !== leftOut).map(([, filter]) => filter),
          ...phrases,
        ],
        leftOut === 'language' ? undefined : constraints.get('language'),
      );
    const all = count(matches);
    const terms = new Map<string, Map<number, number>>();
    const { facetTermId } = this.data;
    const byVocabulary = (counts: Uint32Array, only?: string) => {
      for (let f = 0; f < counts.length; f++) {
        const c = counts[f]!;
        if (c === 0) continue;
        const termId = facetTermId[f]!;
        const dimension = this.dimensionOf(f);
        if (dimension === undefined || (only !== undefined && dimension !== only)) continue;
        if (only === undefined && constraints.has(dimension)) continue;
        let map = terms.get(dimension);
        if (!map) {
          map = new Map();
          terms.set(dimension, map);
        }
        map.set(termId, c);
      }
    };
    byVocabulary(all.terms);
    let types = all.types;
    let languages = all.languages;
    let years = all.years;
    for (const dimension of constraints.keys()) {
      const widened = base.clone();
      for (const [other, { set }] of constraints) if (other !== dimension) widened.and(set);
      // Only that dimension's counts are shown: a year's is a popcount of its run of documents, a
      // content type's or a language's a popcount of the set AND its documents (a handful of
      // values, where counting every counter of the set would read every facet column).
      if (dimension === 'year') {
        years = this.counter.countYears(widened);
        continue;
      }
      if (dimension === 'type' || dimension === 'language') {
        const [column, names] =
          dimension === 'type'
            ? [this.data.type, this.data.types]
            : [this.data.language, this.data.languages];
        const counts = Uint32Array.from(names, (_, code) => widened.countAnd(this.valueSet(column, code)));
        if (dimension === 'type') types = counts;
        else languages = counts;
        continue;
      }
      // A vocabulary (or the sources): its terms' columns alone, when that reads less than the set.
      const only = this.counter.countTermsOnly(widened, this.facetsOf(dimension));
      byVocabulary(only ?? count(widened, dimension).terms, dimension);
    }
    const named = (counts: Uint32Array, names: readonly string[]) =>
      new Map(names.map((n, i) => [n, counts[i]!] as const).filter(([, c]) => c > 0));
    const yearMap = new Map<number, number>();
    for (const [year, c] of years) yearMap.set(year, c);
    return {
      terms,
      types: named(types, this.data.types),
      languages: named(languages, this.data.languages),
      years: yearMap,
    };
  }
}

type PhraseNode = Extract<MatchNode, { kind: 'phrase' }>;
type OrNode = Extract<MatchNode, { kind: 'or' }>;

/** What tells one phrase's documents from another's: its field, words and offsets. */
function phraseKey(node: PhraseNode): string {
  return `${node.field ?? ''}|${node.words.join(' ')}|${(node.offsets ?? node.words.map((_, i) => i)).join(' ')}`;
}

/** Words that make a doc relevant: everything not under a NOT, with phrases and titles boosted. */
function* positiveWords(
  node: MatchNode,
  engine: SearchEngine,
): Generator<{ word: string; field: 'title' | 'body' | undefined; boost: number }> {
  switch (node.kind) {
    case 'word':
      yield { word: node.word, field: node.field, boost: 1 };
      return;
    case 'prefix':
      for (const word of engine.expandPrefix(node.prefix).slice(0, 16))
        yield { word, field: node.field, boost: 0.5 };
      return;
    case 'phrase':
      for (const word of node.words) yield { word, field: node.field, boost: 1.5 };
      return;
    case 'and':
    case 'or':
      for (const child of node.children) yield* positiveWords(child, engine);
      return;
    default:
      return;
  }
}
