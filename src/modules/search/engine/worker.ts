/**
 * The search worker thread: opens its own connection to the site's database, builds the live
 * index there and answers the host's requests one at a time, in order (a refresh that arrives
 * between searches is applied before the next one).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { sql } from 'kysely';
import { openDatabase } from '../../../db/connection.js';
import { Taxonomy } from '../../taxonomy/taxonomy.js';
import { InlineHost } from './index-host.js';
import type { HostReply, HostRequest } from './worker-protocol.js';

const { databaseUrl } = workerData as { databaseUrl: string };
const database = openDatabase(databaseUrl);
// This connection only reads items in id order, to build the index and catch it up; the 64 MB page
// cache the request thread's connection keeps would be resident memory here for nothing (the
// server at a million items sits near its memory budget).
if (database.dialect === 'sqlite') await sql`pragma cache_size = -4096`.execute(database.db);
let taxonomy = await Taxonomy.load(database.db);
const host = new InlineHost(database.db, () => taxonomy);

/**
 * A full collection right after the index is (re)built: building reads every item once, and the
 * garbage it leaves would otherwise stay resident until V8 gets round to it — at a million items,
 * a few hundred megabytes of the server's memory. Runs in this thread, never on the event loop.
 */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** The main segment the last full collection followed. */
let collectedAfter: unknown = null;

let queue = Promise.resolve();
parentPort!.on('message', (request: HostRequest) => {
  queue = queue.then(async () => {
    /** Null when the request has had its last reply already. */
    let reply: HostReply | null;
    try {
      if (request.kind === 'refresh') {
        // The taxonomy may have changed with the content (new terms, renames): read it again.
        taxonomy = await Taxonomy.load(database.db);
        await host.refresh();
        reply = { id: request.id, ok: true, result: null };
      } else if (request.kind === 'suggest') {
        reply = { id: request.id, ok: true, result: await host.suggest(request.words) };
      } else {
        const index = await host.ready();
        const { total, hits, facets } = index.searchParts(request.query, request.now);
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
      }
    } catch (error) {
      reply = { id: request.id, ok: false, error: (error as Error).message };
    }
    if (reply) parentPort!.postMessage(reply);
    // A rebuild may have replaced the main segment during this request or in the background
    // since the last one (live-index.ts).
    if (host.index && host.index.mainData !== collectedAfter) {
      collectedAfter = host.index.mainData;
      collectGarbage();
    }
  });
});
