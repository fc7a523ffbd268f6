/**
 * Where the live index runs. A search over a million items takes milliseconds of CPU, and Node
 * answers nothing else meanwhile; so by default the index lives in a worker thread with its own
 * database connection, and the event loop only posts queries and receives results (facet maps
 * and a page of hits). The inline host keeps it in the calling thread, for tools and tests.
 */
import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { DatelineError } from '../../../errors.js';
import type { Taxonomy } from '../../taxonomy/taxonomy.js';
import { forEachTerm } from '../analyze.js';
import type { EnginePage, EngineQuery, EngineResult, FacetCounts, Warmth } from './execute.js';
import {
  type IndexSnapshot,
  LiveIndex,
  type LiveIndexSource,
  NO_SEGMENT,
  type SnapshotBase,
} from './live-index.js';
import type { TypedWord } from './spelling.js';
import type { HostReply, HostRequest, WorkerMessage, WorkerNotice } from './worker-protocol.js';

/** A request without its id (distributed over the union). */
type RequestBody = HostRequest extends infer R ? (R extends HostRequest ? Omit<R, 'id'> : never) : never;

/**
 * A search under way: its page of hits, and its facet counts, which may arrive later (a host in
 * another thread counts them while the caller reads the hits' rows). When the page fails, the
 * facets fail too.
 */
export interface SearchInProgress {
  readonly page: Promise<EnginePage>;
  readonly facets: Promise<FacetCounts | null>;
}

export interface IndexHost {
  /** Builds the index on first use, else catches up with what was written since. */
  refresh(): Promise<void>;
  search(query: EngineQuery, now: number): SearchInProgress;
  /** Spelling corrections for typed words (see spelling.ts); null where none is offered. */
  suggest(words: readonly TypedWord[]): Promise<(string | null)[]>;
  close(): Promise<void>;
}

/** The index in this thread. */
export class InlineHost implements IndexHost {
  private built: LiveIndex | null = null;

  /** The index itself, once built (benchmarks and tools read its vocabulary). */
  get index(): LiveIndex | null {
    return this.built;
  }

  constructor(
    private readonly db: Kysely<Database>,
    private readonly taxonomy: () => Taxonomy,
    /** Shared memory and its notices, for a host whose index other search workers adopt. */
    private readonly options: Pick<LiveIndexSource, 'shared' | 'onMainReplaced' | 'positionsInMemory'> = {},
  ) {}

  async refresh(): Promise<void> {
    if (this.built) await this.built.catchUp();
    else
      this.built = await LiveIndex.build({
        db: this.db,
        taxonomy: this.taxonomy,
        analyze: forEachTerm,
        ...this.options,
      });
  }

  /** The index, built first if need be. */
  async ready(): Promise<LiveIndex> {
    if (!this.built) await this.refresh();
    return this.built!;
  }

  search(query: EngineQuery, now: number): SearchInProgress {
    // In one thread nothing overlaps: the whole search, facets included, runs at once.
    const result = this.searchWhole(query, now);
    return { page: result, facets: result.then((r) => r.facets) };
  }

  /** The whole search at once (benchmarks time it). */
  async searchWhole(query: EngineQuery, now: number): Promise<EngineResult> {
    return (await this.ready()).search(query, now);
  }

  async suggest(words: readonly TypedWord[]): Promise<(string | null)[]> {
    if (!this.built) await this.refresh();
    return this.built!.suggest(words);
  }

  async close(): Promise<void> {
    this.built = null;
  }
}

interface Settle<T> {
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

function failure(message: string): Error {
  return new DatelineError('DL_INTERNAL', message);
}

/** Takes the replies to one request; true once it has had its last. */
type ReplyHandler = (reply: HostReply | Error) => boolean;

/** One search worker thread and the replies it owes. */
class SearchWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, ReplyHandler>();
  /** Searches and counts sent to it and not yet fully answered: how busy it is. */
  busy = 0;
  /** A replica's segments (what the next snapshot may leave out); null until it adopted an index. */
  holds: SnapshotBase | null = null;
  /** A replica taking the next snapshot: it answers once that is done. */
  adopting = false;
  /** Whole searches (or pages of split ones) and facet counts sent to it, ever. */
  searches = 0;
  counts = 0;

  constructor(
    private readonly data: {
      databaseUrl: string;
      role: 'primary' | 'replica';
      shared?: boolean;
      positionsInMemory?: number;
    },
    private readonly onNotice: (notice: WorkerNotice) => void = () => {},
  ) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    // The worker runs TypeScript like the rest of the code: its entry registers the TypeScript hooks first.
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: this.data });
    worker.on('message', (message: WorkerMessage) => {
      if ('notice' in message) return this.onNotice(message);
      const handle = this.pending.get(message.id);
      if (handle?.(message)) this.pending.delete(message.id);
    });
    // A crashed worker fails what it was asked and is started afresh on the next request (a
    // replica empty: it adopts the index again before it is given searches).
    const fail = (error: Error) => {
      for (const handle of this.pending.values()) handle(error);
      this.pending.clear();
      this.busy = 0;
      this.holds = null;
      if (this.worker === worker) this.worker = null;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new DatelineError('DL_INTERNAL', `search worker exited (${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  send(request: RequestBody, handle: ReplyHandler): void {
    const worker = this.start();
    const id = this.nextId++;
    this.pending.set(id, handle);
    worker.postMessage({ ...request, id } as HostRequest);
  }

  call<T>(request: RequestBody): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.send(request, (reply) => {
        if (reply instanceof Error) reject(reply);
        else if (!reply.ok) reject(failure(reply.error));
        else resolve(reply.result as T);
        return true;
      });
    });
  }

  /** A request that counts as work under way until it settles. */
  work<T>(request: RequestBody): Promise<T> {
    this.busy++;
    this.counts++;
    return this.call<T>(request).finally(() => {
      this.busy = Math.max(0, this.busy - 1);
    });
  }

  /** A search on this worker: its page, then (when asked for) its facets. */
  search(query: EngineQuery, now: number): SearchInProgress {
    let page!: Settle<EnginePage>;
    let facets!: Settle<FacetCounts | null>;
    const inProgress = {
      page: new Promise<EnginePage>((resolve, reject) => (page = { resolve, reject })),
      facets: new Promise<FacetCounts | null>((resolve, reject) => (facets = { resolve, reject })),
    };
    let paged = false;
    this.busy++;
    this.searches++;
    const done = () => {
      this.busy = Math.max(0, this.busy - 1);
      return true;
    };
    this.send({ kind: 'search', query, now }, (reply) => {
      if (reply instanceof Error || !reply.ok) {
        const error = reply instanceof Error ? reply : failure(reply.error);
        if (!paged) page.reject(error);
        facets.reject(error);
        return done();
      }
      if ('part' in reply && reply.part === 'page') {
        paged = true;
        page.resolve(reply.result);
        if (reply.facetsFollow) return false;
        facets.resolve(null);
        return done();
      }
      facets.resolve(reply.result as FacetCounts | null);
      return done();
    });
    return inProgress;
  }

  /** How far its warming has gone (null: no index yet). */
  warmth(): Promise<Warmth | null> {
    return this.call<Warmth | null>({ kind: 'warmth' });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}

/**
 * The index in worker threads: a primary that opens `databaseUrl` itself, builds the index and
 * keeps it current, and `workers - 1` replicas that adopt it from shared memory (replica-index.ts).
 *
 * Why replicas: one worker runs one search at a time, so under load searches queue behind each
 * other's milliseconds while the machine's other core idles (at a million items on two cores, one
 * worker saturated near 290 searches a second). Each search goes to the least busy worker; and a
 * search with words that arrives when every worker is idle is split: one worker ranks its page
 * while another counts its facets (both find its matches, and they take turns), so a lone search
 * waits for the longer of the two, not their sum.
 */
export class WorkerHost implements IndexHost {
  private readonly primary: SearchWorker;
  private readonly replicas: SearchWorker[];
  /** The last handing of the primary's index to the replicas; the next waits for it. */
  private syncing: Promise<void> = Promise.resolve();
  /** Whether the primary has an index to hand over. */
  private built = false;
  private syncQueued = false;
  /** Split searches so far: whose turn it is to rank the next one's page. */
  private splits = 0;

  constructor(
    databaseUrl: string,
    workers = 1,
    /** Bytes of positions the primary holds in memory while building (positions.ts). */
    positionsInMemory?: number,
  ) {
    const replicas = Math.max(0, Math.floor(workers) - 1);
    const primary = { databaseUrl, role: 'primary', shared: replicas > 0, positionsInMemory } as const;
    this.primary = new SearchWorker(primary, () => {
      void this.sync().catch(() => {});
    });
    this.replicas = Array.from(
      { length: replicas },
      () => new SearchWorker({ databaseUrl, role: 'replica' }),
    );
  }

  async refresh(): Promise<void> {
    await this.primary.call({ kind: 'refresh' });
    this.built = true;
    await this.sync();
  }

  /** Hands the primary's index, as it is now, to every replica (only the segments each lacks). */
  private sync(): Promise<void> {
    const run = this.syncing.then(async () => {
      this.syncQueued = false;
      for (const replica of this.replicas) {
        const snapshot = await this.primary.call<IndexSnapshot>({
          kind: 'snapshot',
          base: replica.holds ?? { mainId: NO_SEGMENT, deltaId: NO_SEGMENT },
        });
        replica.adopting = true;
        try {
          replica.holds = await replica.call<SnapshotBase>({ kind: 'adopt', snapshot });
        } finally {
          replica.adopting = false;
        }
      }
    });
    this.syncing = run.catch(() => {});
    return run;
  }

  /** The workers that can take a search now: the primary, and the replicas holding an index. */
  private ready(): SearchWorker[] {
    const ready = [this.primary];
    for (const replica of this.replicas) {
      if (replica.adopting) continue;
      if (replica.holds) ready.push(replica);
      else if (this.built && !this.syncQueued) {
        // A replica that crashed (or never adopted): hand it the index again, in the background.
        this.syncQueued = true;
        void this.sync().catch(() => {});
      }
    }
    return ready;
  }

  search(query: EngineQuery, now: number): SearchInProgress {
    const ready = this.ready();
    if (ready.length > 1 && query.facets && query.text && ready.every((w) => w.busy === 0)) {
      // The workers take turns ranking: each keeps its own per-word ranking caches (block bounds,
      // impact lists, phrase sets), and a worker that only ever counted would meet them all cold
      // the first time load made it rank (a server just started, its first seconds under load).
      const turn = this.splits++ % ready.length;
      const ranking = ready[turn]!;
      const counting = ready[(turn + 1) % ready.length]!;
      const { page } = ranking.search({ ...query, facets: false }, now);
      const counted = counting.work<FacetCounts | null>({ kind: 'count', query, now });
      // As with one worker: when the page fails, the facets fail too.
      return { page, facets: Promise.all([page, counted]).then(([, facets]) => facets) };
    }
    let least = ready[0]!;
    for (const worker of ready) if (worker.busy < least.busy) least = worker;
    return least.search(query, now);
  }

  suggest(words: readonly TypedWord[]): Promise<(string | null)[]> {
    return this.primary.call({ kind: 'suggest', words });
  }

  /** Per worker, the primary first: searches (or split searches' pages) and facet counts it was sent. */
  workLog(): { searches: number; counts: number }[] {
    return [this.primary, ...this.replicas].map(({ searches, counts }) => ({ searches, counts }));
  }

  /**
   * Per worker, the primary first: how far it has warmed its index (null: no index yet). A worker
   * warms a main segment it builds or adopts before it answers from it; this asks, it does not wait.
   */
  warmth(): Promise<(Warmth | null)[]> {
    return Promise.all([this.primary, ...this.replicas].map((worker) => worker.warmth()));
  }

  async close(): Promise<void> {
    await Promise.all([this.primary, ...this.replicas].map((w) => w.close()));
  }
}
