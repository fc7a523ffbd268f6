/**
 * Dateline's server for search-profile.ts: the real app on a loopback port, its request thread's
 * CPU profiled (or its allocations sampled: `start` with `allocations`) between a `start` and a
 * `stop` message from the parent (over IPC). Replies
 * `{ port }` when listening, `{ started: true }`, and `{ written: file }` once the profile is saved.
 *
 * `prepare` builds the search index and practises searches as `dateline serve` does at start
 * (replies `{ prepared: { searches, failed, ms } }`), so what is measured is the server readers meet.
 *
 * It also times every request it serves, from the socket's request event to the response handed
 * to the socket ('finish'), and notes the request thread's garbage collections: `timings` replies
 * `{ timings: { requests, collections } }` (instants in ms of the machine's monotonic clock,
 * comparable with the parent's) and forgets them. Each request also carries `searchMs`: its time in
 * SearchService.search (the index's answer, the hits' rows and snippets: what bench:search times
 * in-process), so the rest of the server's time is the page's own (render, framework, collections).
 * That attribution assumes one request at a time, which is how the parent sends them.
 */
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import { constants, PerformanceObserver, performance } from 'node:perf_hooks';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { SearchService } from '../src/modules/search/search.service.js';
import { prepareSearch } from '../src/web/search-warm-up.js';

const config = loadConfig(process.env, { logLevel: 'silent', host: '127.0.0.1', port: 0 });
const app = await buildApp(config);
// The monotonic clock, which every process on the machine shares: instants the parent can compare.
const monotonic = () => Number(process.hrtime.bigint()) / 1e6;
const performanceToMonotonic = monotonic() - performance.now();
let requests: { url: string; start: number; end: number; searchMs: number }[] = [];
/** `kind`: V8's, as perf_hooks names it (minor: a scavenge; major: mark-compact; incremental, weakcb). */
let collections: { start: number; ms: number; kind: string }[] = [];
const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};
/** Time in SearchService.search since the current request arrived (a miss, "did you mean", counts too). */
let searchMs = 0;
const search = SearchService.prototype.search;
SearchService.prototype.search = async function timedSearch(this: SearchService, request) {
  const start = monotonic();
  try {
    return await search.call(this, request);
  } finally {
    searchMs += monotonic() - start;
  }
};
// Before Fastify's own listener: the request is timed from when the socket delivered it.
app.server.prependListener('request', (req, res) => {
  const start = monotonic();
  searchMs = 0;
  res.once('finish', () => requests.push({ url: req.url ?? '', start, end: monotonic(), searchMs }));
});
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    collections.push({
      start: performanceToMonotonic + entry.startTime,
      ms: entry.duration,
      kind: GC_KINDS[(entry as { detail?: { kind?: number } }).detail?.kind ?? -1] ?? 'other',
    });
}).observe({ entryTypes: ['gc'] });
await app.listen({ host: '127.0.0.1', port: 0 });
const session = new inspector.Session();
session.connect();
await session.post('Profiler.enable');
// 100 µs: fine enough for a request of a few milliseconds, cheap enough not to change it much.
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('HeapProfiler.enable');
/**
 * `allocations`: sample what the thread allocates instead of where its time goes — every object,
 * those young-generation collections free included (what makes a thread collect often), one
 * sample per ALLOCATION_SAMPLE bytes on average.
 */
type Message =
  | { kind: 'prepare' }
  | { kind: 'start'; allocations?: boolean }
  | { kind: 'timings' }
  | { kind: 'stop'; file: string };
const ALLOCATION_SAMPLE = 1024;
let sampling: 'cpu' | 'allocations' = 'cpu';
process.on('message', async (message: Message) => {
  if (message.kind === 'prepare') {
    // As `dateline serve` starts: the index built, then its practice searches (search-warm-up.ts).
    const practice = await prepareSearch(app, config.searchWarmUp);
    process.send!({ prepared: practice });
  } else if (message.kind === 'timings') {
    process.send!({ timings: { requests, collections } });
    requests = [];
    collections = [];
  } else if (message.kind === 'start') {
    sampling = message.allocations ? 'allocations' : 'cpu';
    if (sampling === 'allocations')
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: ALLOCATION_SAMPLE,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    else await session.post('Profiler.start');
    process.send!({ started: true });
  } else if (message.kind === 'stop') {
    const { profile } =
      sampling === 'allocations'
        ? await session.post('HeapProfiler.stopSampling')
        : await session.post('Profiler.stop');
    fs.writeFileSync(message.file, JSON.stringify(profile));
    process.send!({ written: message.file });
  }
});
const address = app.server.address();
process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
