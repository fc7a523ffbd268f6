/**
 * The search accelerator kept current while the site is written to, log-structured: a large main
 * segment built from the whole database, and a small delta segment holding items written since.
 * A write supersedes the item's old version in whichever segment holds it (a removal bit) and
 * puts the new version in the delta, rebuilt from its few documents on each catch-up; when the
 * delta grows past a limit, everything is rebuilt into one main segment. Results of the two
 * segments are merged: counts and facets add up, hits merge by score or date.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { releaseFreedMemoryLater } from '../../../freed-memory.js';
import type { Taxonomy } from '../../taxonomy/taxonomy.js';
import type {
  EngineHit,
  EngineParts,
  EngineQuery,
  EngineResult,
  FacetCounts,
  VocabularyOfTerm,
  Warmth,
} from './execute.js';
import { SearchEngine } from './execute.js';
import { type Analyzer, IndexBuilder, type IndexData, type IndexedDocument } from './index-data.js';
import { changedSince, currentWatermark, loadIndex, type Watermark } from './load.js';
import { type IndexTransfer, sharedPlace, transferOf } from './shared-index.js';
import { correctionOf, isBetter, type SpellingCandidate, type TypedWord, UNKNOWN_WORD } from './spelling.js';

/** Past this many documents in the delta, a catch-up rebuilds the main segment instead. */
export const DELTA_LIMIT = 5_000;

/**
 * A main segment of at least this many documents is rebuilt in the background while the old one
 * keeps answering: at a million items a rebuild takes minutes, and searches must not wait that
 * long. Smaller ones rebuild in well under a second, and the caller waits for an exact index.
 */
export const BACKGROUND_REBUILD_FROM = 50_000;

export interface LiveIndexSource {
  readonly db: Kysely<Database>;
  readonly taxonomy: () => Taxonomy;
  readonly analyze: Analyzer;
  /** Overrides BACKGROUND_REBUILD_FROM (tests). */
  readonly backgroundRebuildFrom?: number;
  /** Told how many documents a background rebuild has read, page by page; awaited (it may pace it). */
  readonly onRebuildProgress?: (loaded: number) => void | Promise<void>;
  /**
   * Keep the main segment's arrays in shared memory, so other search workers can adopt it
   * (shared-index.ts, snapshot).
   */
  readonly shared?: boolean;
  /** Bytes of positions held in memory while building before they go to a file (positions.ts). */
  readonly positionsInMemory?: number;
  /**
   * Told when a background rebuild has replaced the main segment and caught up after it (other
   * workers must adopt it: until then they answer from the old one).
   */
  readonly onMainReplaced?: () => void;
}

/**
 * What a search worker that does not build the index needs to answer as this one does (see
 * ReplicaIndex): the main segment (shared memory), the items removed from it since, the delta
 * segment's documents, and each segment's facet terms' vocabularies. A segment the receiver
 * already holds (same id) is left out.
 */
export interface IndexSnapshot {
  readonly mainId: string;
  readonly main: { readonly data: IndexTransfer; readonly vocabularies: VocabularyTable } | null;
  /** Item ids superseded in the main segment. */
  readonly removed: readonly number[];
  readonly deltaId: string;
  readonly delta: { readonly docs: IndexedDocument[]; readonly vocabularies: VocabularyTable } | null;
}

/** Term id → vocabulary slug of each facet term of a segment (VocabularyOfTerm as data). */
export type VocabularyTable = readonly (readonly [number, string])[];

/** Ids of the segments a snapshot's receiver holds (NO_SEGMENT: none). */
export interface SnapshotBase {
  readonly mainId: string;
  readonly deltaId: string;
}

/** The id of no segment: what a new replica holds, and a live index's delta before its first catch-up. */
export const NO_SEGMENT = '';
/**
 * A segment's id, unique across threads and their restarts: a search worker started again after a
 * crash numbers its segments afresh, and a replica must not take them for the ones it holds.
 */
const segmentId = () => randomUUID();

/** A main segment and the small delta of items written since, searched as one. */
export class SegmentedIndex {
  constructor(
    protected main: SearchEngine,
    protected delta: SearchEngine | null = null,
  ) {}

  /** The main segment's data, read-only: its vocabulary and documents (benchmarks, tools). */
  get mainData(): IndexData {
    return this.main.data;
  }

  get size(): number {
    return this.main.data.size + (this.delta?.data.size ?? 0);
  }

  /**
   * A correction for each typed word: null when it is known in either segment (the delta's words
   * count too: a word just published is not a misspelling) or has no index form to judge (a stop
   * word); UNKNOWN_WORD when no document holds it and nothing is close enough; else the closest
   * written form.
   */
  suggest(words: readonly TypedWord[]): (string | null)[] {
    return words.map((word) => {
      const segments = [this.main.data, ...(this.delta ? [this.delta.data] : [])];
      let best: SpellingCandidate | null = null;
      for (const data of segments) {
        const candidate = correctionOf(data, word);
        if (candidate === null) return null;
        if (candidate && isBetter(candidate, best)) best = candidate;
      }
      return best?.surface ?? (word.forms.length > 0 ? UNKNOWN_WORD : null);
    });
  }

  /** Words starting with `prefix` in either segment. */
  expandPrefix(prefix: string): string[] {
    return [...new Set([...this.main.expandPrefix(prefix), ...(this.delta?.expandPrefix(prefix) ?? [])])];
  }

  /** Warms the main segment (SearchEngine.warmUp); the delta is small, its first searches cheap. */
  warmUp(): Promise<void> {
    return this.main.warmUp();
  }

  /** How far the main segment's warming has gone. */
  get warmth(): Warmth {
    return this.main.warmth;
  }

  search(query: EngineQuery, now: number): EngineResult {
    const { total, hits, facets } = this.searchParts(query, now);
    return { total, hits, facets: facets() };
  }

  /** The page of hits now and the facets when asked (see SearchEngine.searchParts). */
  searchParts(query: EngineQuery, now: number): EngineParts {
    if (!this.delta) return this.main.searchParts(query, now);
    // Each segment returns its best offset+limit; the merged page is cut from their union.
    const wide = { ...query, offset: 0, limit: query.offset + query.limit };
    const a = this.main.searchParts(wide, now);
    const b = this.delta.searchParts(wide, now);
    const byDate = query.sort === 'date' || !query.text;
    const hits = mergeHits(a.hits, b.hits, byDate).slice(query.offset, query.offset + query.limit);
    return {
      total: a.total + b.total,
      hits,
      facets: () => {
        const main = a.facets();
        const delta = b.facets();
        return main && delta ? addFacets(main, delta) : (main ?? delta);
      },
    };
  }
}

export class LiveIndex extends SegmentedIndex {
  private deltaDocs = new Map<number, IndexedDocument>();
  private mainId = segmentId();
  private deltaId = NO_SEGMENT;
  /** A rebuild running in the background, if any (see BACKGROUND_REBUILD_FROM). */
  private rebuilding: Promise<void> | null = null;
  /** The last catch-up asked for; the next one starts when it ends. */
  private catchingUp: Promise<void> = Promise.resolve();

  private constructor(
    private readonly source: LiveIndexSource,
    main: SearchEngine,
    /** Items written at or after this mark may not be in the index yet; null: none existed. */
    private watermark: Watermark | null,
    /** The hierarchy the documents' ancestors were resolved with (see hierarchyKey). */
    private hierarchy: string,
  ) {
    super(main);
  }

  /** Builds the main segment from the whole database. */
  static async build(source: LiveIndexSource, onProgress?: (loaded: number) => void): Promise<LiveIndex> {
    // Read the watermark first: anything written during the build is caught up afterwards.
    const watermark = await currentWatermark(source.db);
    const taxonomy = source.taxonomy();
    const data = await loadIndex(
      source.db,
      taxonomy,
      source.analyze,
      onProgress,
      source.shared ? sharedPlace() : undefined,
      source.positionsInMemory,
    );
    const main = new SearchEngine(data, vocabularyOf(taxonomy));
    // Part of the build: a segment answers its first searches warm (SearchEngine.warmUp).
    await main.warmUp();
    return new LiveIndex(source, main, watermark, hierarchyKey(taxonomy));
  }

  /**
   * Settles when no background rebuild is running (after the one running now and the catch-up
   * that follows it); rejects if that rebuild failed.
   */
  async idle(): Promise<void> {
    while (this.rebuilding) await this.rebuilding;
  }

  /**
   * Brings the index up to date with every item written since the last catch-up; while a
   * background rebuild runs, the index stays as it was until the rebuild replaces it.
   */
  catchUp(): Promise<void> {
    // One at a time: the catch-up that follows a background rebuild may meet one a search asked for.
    const run = this.catchingUp.then(() => this.catchUpNow());
    this.catchingUp = run.catch(() => {});
    return run;
  }

  private async catchUpNow(): Promise<void> {
    if (this.rebuilding) return;
    const { db } = this.source;
    const taxonomy = this.source.taxonomy();
    // Documents carry their terms' ancestors (so a group's counts roll up); a term moved in the
    // hierarchy changes them for every item under it, so the whole index is rebuilt.
    if (hierarchyKey(taxonomy) !== this.hierarchy) return this.rebuild();
    const next = await currentWatermark(db);
    if (next === null) return;
    // No shortcut when the newest write instant and id are what they were: another item can be
    // written in the same millisecond as the newest one (changedSince looks at that instant).
    // Re-reading an item written exactly at the watermark is harmless: a document replaces itself.
    const changed =
      this.watermark === null
        ? null
        : await changedSince(db, taxonomy, this.watermark, DELTA_LIMIT - this.deltaDocs.size);
    if (changed === null) return this.rebuild();
    if (changed.ids.length === 0) return;
    for (const id of changed.ids) {
      this.main.remove(id);
      this.deltaDocs.delete(id);
    }
    for (const doc of changed.documents) this.deltaDocs.set(doc.itemId, doc);
    this.delta =
      this.deltaDocs.size > 0
        ? deltaEngine([...this.deltaDocs.values()], this.source.analyze, vocabularyOf(taxonomy))
        : null;
    this.deltaId = segmentId();
    this.watermark = next;
  }

  private async rebuild(): Promise<void> {
    if (this.size < (this.source.backgroundRebuildFrom ?? BACKGROUND_REBUILD_FROM)) {
      this.replaceWith(await LiveIndex.build(this.source));
      return;
    }
    // The old segments answer meanwhile (stale by the writes that called for the rebuild, which
    // were too many to apply). Then a catch-up from the rebuild's own watermark brings in what was
    // written while it ran: searches have gone on marking those versions as seen.
    this.rebuilding = (async () => {
      try {
        this.replaceWith(await LiveIndex.build(this.source, this.source.onRebuildProgress));
      } finally {
        this.rebuilding = null;
      }
      try {
        await this.catchUp();
      } finally {
        this.source.onMainReplaced?.();
      }
    })();
    // Failures surface through idle() and the next rebuild; the old index keeps answering.
    this.rebuilding.catch(() => {});
  }

  private replaceWith(rebuilt: LiveIndex): void {
    // The build's freed buffers stay resident in the allocator's heaps until trimmed (freed-memory.ts).
    void releaseFreedMemoryLater();
    this.main = rebuilt.main;
    this.watermark = rebuilt.watermark;
    this.hierarchy = rebuilt.hierarchy;
    this.delta = null;
    this.deltaDocs = new Map();
    this.mainId = segmentId();
    this.deltaId = segmentId();
  }

  /**
   * This index as another search worker adopts it (ReplicaIndex), less the segments `base`
   * already holds. The main segment must be in shared memory (LiveIndexSource.shared).
   */
  snapshot(base: SnapshotBase): IndexSnapshot {
    return {
      mainId: this.mainId,
      main:
        base.mainId === this.mainId
          ? null
          : { data: transferOf(this.main.data), vocabularies: this.main.vocabularyTable() },
      removed: this.main.removedItems(),
      deltaId: this.deltaId,
      delta:
        base.deltaId === this.deltaId
          ? null
          : { docs: [...this.deltaDocs.values()], vocabularies: this.delta?.vocabularyTable() ?? [] },
    };
  }
}

/** A delta segment of `docs` (few: up to DELTA_LIMIT), numbered newest first. */
export function deltaEngine(
  docs: readonly IndexedDocument[],
  analyze: Analyzer,
  vocabularies: VocabularyOfTerm,
): SearchEngine {
  const builder = new IndexBuilder(analyze);
  const sorted = [...docs].sort(
    (a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt) || b.itemId - a.itemId,
  );
  for (const doc of sorted) builder.add(doc);
  return new SearchEngine(builder.build(), vocabularies);
}

const hierarchyKeys = new WeakMap<Taxonomy, string>();

/** Every term's parent, as one string: equal keys mean documents resolve the same ancestors. */
function hierarchyKey(taxonomy: Taxonomy): string {
  let key = hierarchyKeys.get(taxonomy);
  if (key === undefined) {
    const parts: string[] = [];
    for (const vocabulary of taxonomy.vocabularies)
      for (const term of taxonomy.termsOf(vocabulary.id)) parts.push(`${term.id}>${term.parentId ?? ''}`);
    key = parts.sort().join(',');
    hierarchyKeys.set(taxonomy, key);
  }
  return key;
}

function vocabularyOf(taxonomy: Taxonomy): VocabularyOfTerm {
  return (id) => taxonomy.term(id)?.vocabularySlug;
}

function mergeHits(a: readonly EngineHit[], b: readonly EngineHit[], byDate: boolean): EngineHit[] {
  const key = (h: EngineHit) => (byDate ? h.publishedAt : h.score);
  return [...a, ...b].sort((x, y) => key(y) - key(x) || y.publishedAt - x.publishedAt || y.itemId - x.itemId);
}

function addCounts<K>(a: ReadonlyMap<K, number>, b: ReadonlyMap<K, number>): Map<K, number> {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

function addFacets(a: FacetCounts, b: FacetCounts): FacetCounts {
  const terms = new Map<string, ReadonlyMap<number, number>>();
  for (const vocabulary of new Set([...a.terms.keys(), ...b.terms.keys()]))
    terms.set(
      vocabulary,
      addCounts(a.terms.get(vocabulary) ?? new Map(), b.terms.get(vocabulary) ?? new Map()),
    );
  return {
    terms,
    types: addCounts(a.types, b.types),
    languages: addCounts(a.languages, b.languages),
    years: addCounts(a.years, b.years),
  };
}
