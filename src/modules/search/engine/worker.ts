/**
 * A search worker thread. The primary opens its own connection to the site's database, builds the
 * live index there and keeps it current; replicas adopt the primary's index from shared memory
 * (replica-index.ts) and never read the database. Each answers its requests one at a time, in
 * order (a refresh that arrives between searches is applied before the next one).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { forEachTerm } from '../analyze.js';
import type { EngineQuery } from './execute.js';
import type { SegmentedIndex } from './live-index.js';
import { ReplicaIndex } from './replica-index.js';
import type { HostReply, HostRequest, WorkerNotice } from './worker-protocol.js';

const { databaseUrl, role, shared, positionsInMemory } = workerData as {
  databaseUrl: string;
  role?: 'primary' | 'replica';
  /** The primary keeps its main segment in shared memory, for replicas to adopt. */
  shared?: boolean;
  /** Bytes of positions held in memory while building (positions.ts). */
  positionsInMemory?: number;
};

/**
 * A full collection right after the index is (re)built or adopted: building reads every item once,
 * and the garbage it leaves would otherwise stay resident until V8 gets round to it — at a million
 * items, a few hundred megabytes of the server's memory; a replica holds the old segment's shared
 * memory alive until it collects. Runs in this thread, never on the event loop.
 */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** The index this worker answers from, and what only the primary does. */
interface Role {
  /** The index, built first if need be (a replica's must have been adopted). */
  index(): Promise<SegmentedIndex>;
  /** The index as it is now, never building one: null if there is none yet. */
  current(): SegmentedIndex | null;
  handle(request: HostRequest): Promise<HostReply | null>;
}

async function primary(): Promise<Role> {
  // Loaded here, not above: a replica never reads the database, and each module a thread loads is
  // resident memory of its own (a bare worker thread is ~60 MB already).
  const [{ sql }, { openDatabase }, { Taxonomy }, { InlineHost }] = await Promise.all([
    import('kysely'),
    import('../../../db/connection.js'),
    import('../../taxonomy/taxonomy.js'),
    import('./index-host.js'),
  ]);
  const database = openDatabase(databaseUrl);
  // This connection only reads items in id order, to build the index and catch it up; the 64 MB
  // page cache the request thread's connection keeps would be resident memory here for nothing
  // (the server at a million items sits near its memory budget).
  if (database.dialect === 'sqlite') await sql`pragma cache_size = -4096`.execute(database.db);
  let taxonomy = await Taxonomy.load(database.db);
  const host = new InlineHost(database.db, () => taxonomy, {
    shared: shared === true,
    ...(positionsInMemory !== undefined ? { positionsInMemory } : {}),
    onMainReplaced: () => parentPort!.postMessage({ notice: 'mainReplaced' } satisfies WorkerNotice),
  });
  return {
    index: () => host.ready(),
    current: () => host.index,
    async handle(request) {
      if (request.kind === 'refresh') {
        // The taxonomy may have changed with the content (new terms, renames): read it again.
        taxonomy = await Taxonomy.load(database.db);
        await host.refresh();
        return { id: request.id, ok: true, result: null };
      }
      if (request.kind === 'suggest')
        return { id: request.id, ok: true, result: await host.suggest(request.words) };
      if (request.kind === 'snapshot')
        return { id: request.id, ok: true, result: (await host.ready()).snapshot(request.base) };
      throw new Error(`The primary search worker takes no ${request.kind} request`);
    },
  };
}

function replica(): Role {
  let adopted: ReplicaIndex | null = null;
  return {
    async index() {
      if (!adopted) throw new Error('This search worker has no index yet');
      return adopted;
    },
    current: () => adopted,
    async handle(request) {
      if (request.kind !== 'adopt')
        throw new Error(`A replica search worker takes no ${request.kind} request`);
      adopted = ReplicaIndex.adopt(request.snapshot, adopted, forEachTerm);
      // A new main segment is warmed before this worker is given searches (the host waits for this reply).
      if (request.snapshot.main) await adopted.warmUp();
      return { id: request.id, ok: true, result: adopted.holds };
    },
  };
}

const self = role === 'replica' ? replica() : await primary();

/** The main segment the last full collection followed. */
let collectedAfter: unknown = null;

function searchQuery(request: { query: EngineQuery }, countOnly: boolean): EngineQuery {
  // Counting alone: no page (limit 0 skips ranking), every match counted.
  return countOnly ? { ...request.query, offset: 0, limit: 0, facets: true } : request.query;
}

let queue = Promise.resolve();
parentPort!.on('message', (request: HostRequest) => {
  queue = queue.then(async () => {
    /** Null when the request has had its last reply already. */
    let reply: HostReply | null;
    try {
      if (request.kind === 'search') {
        const index = await self.index();
        const { total, hits, facets } = index.searchParts(searchQuery(request, false), request.now);
        // The page goes first: the host reads its rows while the facets are counted here.
        const facetsFollow = request.query.facets;
        const page: HostReply = {
          id: request.id,
          ok: true,
          part: 'page',
          result: { total, hits },
          facetsFollow,
        };
        parentPort!.postMessage(page);
        reply = facetsFollow ? { id: request.id, ok: true, part: 'facets', result: facets() } : null;
      } else if (request.kind === 'count') {
        const index = await self.index();
        reply = {
          id: request.id,
          ok: true,
          result: index.searchParts(searchQuery(request, true), request.now).facets(),
        };
      } else if (request.kind === 'warmth') {
        reply = { id: request.id, ok: true, result: self.current()?.warmth ?? null };
      } else reply = await self.handle(request);
    } catch (error) {
      reply = { id: request.id, ok: false, error: (error as Error).message };
    }
    if (reply) parentPort!.postMessage(reply);
    // A rebuild may have replaced the main segment during this request or in the background
    // since the last one (live-index.ts), or this replica adopted another.
    const index = self.current();
    if (index && index.mainData !== collectedAfter) {
      collectedAfter = index.mainData;
      collectGarbage();
    }
  });
});
