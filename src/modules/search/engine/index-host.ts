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
import type { EngineQuery, EngineResult } from './execute.js';
import { LiveIndex } from './live-index.js';
import type { TypedWord } from './spelling.js';
import type { HostReply, HostRequest } from './worker-protocol.js';

/** A request without its id (distributed over the union). */
type RequestBody = HostRequest extends infer R ? (R extends HostRequest ? Omit<R, 'id'> : never) : never;

export interface IndexHost {
  /** Builds the index on first use, else catches up with what was written since. */
  refresh(): Promise<void>;
  search(query: EngineQuery, now: number): Promise<EngineResult>;
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

  async search(query: EngineQuery, now: number): Promise<EngineResult> {
    if (!this.built) await this.refresh();
    return this.built!.search(query, now);
  }

  async suggest(words: readonly TypedWord[]): Promise<(string | null)[]> {
    if (!this.built) await this.refresh();
    return this.built!.suggest(words);
  }

  async close(): Promise<void> {
    this.built = null;
  }
}

/** The index in a worker thread that opens `databaseUrl` itself. */
export class WorkerHost implements IndexHost {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly databaseUrl: string) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    // The worker runs TypeScript like the rest of the code: its entry registers tsx first.
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      workerData: { databaseUrl: this.databaseUrl },
    });
    worker.on('message', (reply: HostReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(new DatelineError('DL_INTERNAL', reply.error));
    });
    // A crashed worker fails what it was asked and is started afresh on the next request.
    const fail = (error: Error) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      if (this.worker === worker) this.worker = null;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new DatelineError('DL_INTERNAL', `search worker exited (${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private call<T>(request: RequestBody): Promise<T> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...request, id } as HostRequest);
    });
  }

  refresh(): Promise<void> {
    return this.call({ kind: 'refresh' });
  }

  search(query: EngineQuery, now: number): Promise<EngineResult> {
    return this.call({ kind: 'search', query, now });
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
