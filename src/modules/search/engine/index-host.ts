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
import type { EnginePage, EngineQuery, EngineResult, FacetCounts } from './execute.js';
import { LiveIndex } from './live-index.js';
import type { TypedWord } from './spelling.js';
import type { HostReply, HostRequest } from './worker-protocol.js';

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
  ) {}

  async refresh(): Promise<void> {
    if (this.built) await this.built.catchUp();
    else this.built = await LiveIndex.build({ db: this.db, taxonomy: this.taxonomy, analyze: forEachTerm });
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

/** The index in a worker thread that opens `databaseUrl` itself. */
export class WorkerHost implements IndexHost {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, ReplyHandler>();

  constructor(private readonly databaseUrl: string) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    // The worker runs TypeScript like the rest of the code: its entry registers the TypeScript hooks first.
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      workerData: { databaseUrl: this.databaseUrl },
    });
    worker.on('message', (reply: HostReply) => {
      const handle = this.pending.get(reply.id);
      if (handle?.(reply)) this.pending.delete(reply.id);
    });
    // A crashed worker fails what it was asked and is started afresh on the next request.
    const fail = (error: Error) => {
      for (const handle of this.pending.values()) handle(error);
      this.pending.clear();
      if (this.worker === worker) this.worker = null;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new DatelineError('DL_INTERNAL', `search worker exited (${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private send(request: RequestBody, handle: ReplyHandler): void {
    const worker = this.start();
    const id = this.nextId++;
    this.pending.set(id, handle);
    worker.postMessage({ ...request, id } as HostRequest);
  }

  private call<T>(request: RequestBody): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.send(request, (reply) => {
        if (reply instanceof Error) reject(reply);
        else if (!reply.ok) reject(failure(reply.error));
        else resolve(reply.result as T);
        return true;
      });
    });
  }

  refresh(): Promise<void> {
    return this.call({ kind: 'refresh' });
  }

  search(query: EngineQuery, now: number): SearchInProgress {
    let page!: Settle<EnginePage>;
    let facets!: Settle<FacetCounts | null>;
    const inProgress = {
      page: new Promise<EnginePage>((resolve, reject) => (page = { resolve, reject })),
      facets: new Promise<FacetCounts | null>((resolve, reject) => (facets = { resolve, reject })),
    };
    let paged = false;
    this.send({ kind: 'search', query, now }, (reply) => {
      if (reply instanceof Error || !reply.ok) {
        const error = reply instanceof Error ? reply : failure(reply.error);
        if (!paged) page.reject(error);
        facets.reject(error);
        return true;
      }
      if ('part' in reply && reply.part === 'page') {
        paged = true;
        page.resolve(reply.result);
        if (reply.facetsFollow) return false;
        facets.resolve(null);
        return true;
      }
      facets.resolve(reply.result as FacetCounts | null);
      return true;
    });
    return inProgress;
  }

  suggest(words: readonly TypedWord[]): Promise<(string | null)[]> {
    return this.call({ kind: 'suggest', words });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
