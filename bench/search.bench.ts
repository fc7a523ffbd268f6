import fs from 'node:fs';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config.js';
import type { EngineQuery, EngineResult } from '../src/modules/search/engine/execute.js';
import { InlineHost, WorkerHost } from '../src/modules/search/engine/index-host.js';
import type { LiveIndex } from '../src/modules/search/engine/live-index.js';
import { positionBytes } from '../src/modules/search/engine/positions.js';
import { type SearchRequest, SearchService } from '../src/modules/search/search.service.js';
import { openSite, type Site } from '../src/site.js';
import { corpusDatabase, corpusPostgres, corpusSizeMb } from './corpus-db.js';
import { rawConnection } from './one-connection.js';
import { type MachineSpeed, machineSpeedText, measureMachineSpeed } from './machine-speed.js';
import { pacedLoad } from './paced-load.js';
import { startBenchServer, untilReady } from './server-process.js';
import { type ThreadCpu, ThreadCpuMeter } from './thread-cpu.js';
import { type BaselineResult, ftsDatabase, MiniSearchBaseline, NaiveSql } from './search-baselines.js';
import {
  apiSearchPath,
  type BenchQuery,
  buildQueryMix,
  COMMON_CLASSES,
  filterMap,
  QUERY_CLASSES,
  type QueryClass,
  type QueryMix,
  searchPath,
} from './search-queries.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '1000000' },
    'minisearch-items': { type: 'string' },
    rounds: { type: 'string', default: '5' },
    duration: { type: 'string', default: '10' },
    /** Seconds of load at saturation before the saturation and fixed-rate runs (the code settling). */
    'warm-seconds': { type: 'string', default: '20' },
    /**
     * Untimed passes of the mix, one request at a time (search page and API in turn), between that
     * load and the timed one-at-a-time passes: the server's leftover work from the load is done
     * and its code settled for requests arriving one by one (bench:search-profile's --warm).
     */
    'settle-passes': { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    rate: { type: 'string', default: '200' },
    'skip-naive': { type: 'boolean', default: false },
    'skip-minisearch': { type: 'boolean', default: false },
    'skip-http': { type: 'boolean', default: false },
    /** Skip timing the search as the server runs it, in its worker thread (the base of "HTTP adds"). */
    'skip-worker': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    database: { type: 'string', default: 'sqlite' },
    /**
     * Every search filtered to items in this language, as the search page filters by its own
     * when the reader asks for none (default: every language, `lang=any`).
     */
    language: { type: 'string' },
  },
});
if (values.database !== 'sqlite' && values.database !== 'postgres') {
  process.stderr.write('--database must be sqlite or postgres\n');
  process.exit(2);
}
/** The baselines read the SQLite corpus file (FTS5, MiniSearch's loader): SQLite runs only. */
const onPostgres = values.database === 'postgres';
const language = values.language ?? null;
if (language && (!values['skip-naive'] || !values['skip-minisearch'])) {
  // The baselines search every language: their ratios would compare different searches.
  process.stderr.write('--language needs --skip-naive and --skip-minisearch\n');
  process.exit(2);
}
const pagePath = (q: BenchQuery) => searchPath(q, language);
const apiPath = (q: BenchQuery) => apiSearchPath(q, language);
const items = Number(values.items);
const miniItems = Math.min(items, Number(values['minisearch-items'] ?? Math.min(items, 200_000)));
const rounds = Math.max(1, Number(values.rounds));
const duration = Number(values.duration);
const connections = Number(values.connections);
const warmSeconds = Math.max(0, Number(values['warm-seconds']));
const settlePasses = Math.max(0, Number(values['settle-passes']));
/** The offered load of the fixed-rate HTTP run (requests per second). */
const rate = Number(values.rate);
/**
 * Connections the fixed-rate run may open (paced-load.ts): requests past them wait for one, and
 * that wait counts in their latency, since it counts from when each was due.
 */
const RATE_CONNECTIONS = 64;
/** A baseline class stops after this many queries once one of them took longer than SLOW_MS. */
const SLOW_MS = 2000;
const SLOW_CAP = 3;

const log = (line: string) => process.stderr.write(`${line}\n`);
const mb = (bytes: number) => Math.round(bytes / 1048576);
const ms = (value: number) => Number(value.toFixed(value < 10 ? 2 : 1));
const seconds = (since: number) => Number(((performance.now() - since) / 1000).toFixed(1));
const gc = (globalThis as { gc?: () => void }).gc;
const fullGc = () => {
  if (!gc) return;
  gc();
  gc();
};

/** Nearest-rank percentile of unsorted samples. */
function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Timing {
  p50: number;
  p95: number;
  p99: number;
  meanHits: number;
  queries: number;
  samples: number;
  /** Set when the class was cut short because its queries were too slow. */
  capped?: string;
  /**
   * Our engine alone (EngineQuery → ids and facets), without parsing, row reads and snippets; and
   * its two steps' medians: the page of hits (matching and ranking), then the facet counts.
   */
  engine?: { p50: number; p95: number; pageP50: number; facetsP50: number };
  /**
   * Each query's first search (the untimed warm-up pass): what a reader meets before the engine's
   * caches hold the query's words and phrases (a phrase's documents are kept after it: positions.ts).
   */
  first?: { p50: number; max: number };
}

function timing(samples: number[], totals: number[], queries: number, capped?: string): Timing {
  return {
    p50: ms(percentile(samples, 50)),
    p95: ms(percentile(samples, 95)),
    p99: ms(percentile(samples, 99)),
    meanHits: Math.round(totals.reduce((a, b) => a + b, 0) / Math.max(1, totals.length)),
    queries,
    samples: samples.length,
    ...(capped ? { capped } : {}),
  };
}

/**
 * The inline host, timing each engine call: the engine's share of a search (no parse, DB read,
 * snippets), split into the page of hits and the facet counts (the two steps a worker host answers
 * in two replies).
 */
class TimedHost extends InlineHost {
  lastMs = 0;
  lastPageMs = 0;
  lastFacetsMs = 0;

  override async searchWhole(query: EngineQuery, now: number): Promise<EngineResult> {
    const index = await this.ready();
    const started = performance.now();
    const { total, hits, facets } = index.searchParts(query, now);
    const paged = performance.now();
    const result = { total, hits, facets: facets() };
    const ended = performance.now();
    this.lastMs = ended - started;
    this.lastPageMs = paged - started;
    this.lastFacetsMs = ended - paged;
    return result;
  }
}

function byClass(queries: readonly BenchQuery[]): Map<QueryClass, BenchQuery[]> {
  const map = new Map<QueryClass, BenchQuery[]>();
  for (const c of QUERY_CLASSES) map.set(c, []);
  for (const q of queries) map.get(q.class)!.push(q);
  return map;
}

function request(query: BenchQuery): SearchRequest {
  return {
    q: query.q,
    language: 'en',
    ...(language ? { languages: [language] } : {}),
    filters: filterMap(query),
    types: query.types,
    offset: query.offset,
    limit: query.limit,
    facets: true,
  };
}

/**
 * Our engine through SearchService: a warm-up pass over every query, then `rounds` timed passes.
 * `host`: the inline host timing the engine's share, or null when the index is elsewhere (a worker).
 * `order`: 'class' runs each class's queries round after round before the next class's (the
 * table's in-process figures); 'mix' runs the whole mix round after round, as the HTTP passes
 * send it. At a million items the order matters: a class's own postings and block bounds stay in
 * the processor's caches while it repeats, and the mix evicts them.
 */
async function runOurs(
  service: SearchService,
  host: TimedHost | null,
  queries: readonly BenchQuery[],
  order: 'class' | 'mix' = 'class',
): Promise<Map<QueryClass, Timing>> {
  let empty = 0;
  const firsts = new Map<QueryClass, number[]>();
  for (const q of queries) {
    const started = performance.now();
    const r = await service.search(request(q));
    const list = firsts.get(q.class) ?? [];
    list.push(performance.now() - started);
    firsts.set(q.class, list);
    if (r.total === 0) empty++;
    if (!r.facets) throw new Error(`No facets for ${q.q}`);
  }
  if (empty > 0) log(`  note: ${empty} of ${queries.length} queries match nothing`);
  interface Samples {
    samples: number[];
    engine: number[];
    pages: number[];
    facets: number[];
    totals: number[];
  }
  const classes = new Map<QueryClass, Samples>();
  const time = async (q: BenchQuery, round: number) => {
    let c = classes.get(q.class);
    if (!c) {
      c = { samples: [], engine: [], pages: [], facets: [], totals: [] };
      classes.set(q.class, c);
    }
    const started = performance.now();
    const result = await service.search(request(q));
    c.samples.push(performance.now() - started);
    if (host) {
      c.engine.push(host.lastMs);
      c.pages.push(host.lastPageMs);
      c.facets.push(host.lastFacetsMs);
    }
    if (round === 0) c.totals.push(result.total);
  };
  if (order === 'mix') {
    for (let r = 0; r < rounds; r++) for (const q of queries) await time(q, r);
  } else
    for (const list of byClass(queries).values())
      for (let r = 0; r < rounds; r++) for (const q of list) await time(q, r);
  const out = new Map<QueryClass, Timing>();
  for (const [cls, list] of byClass(queries)) {
    const c = classes.get(cls);
    if (!c) continue;
    const { samples, engine, pages, facets, totals } = c;
    const first = firsts.get(cls) ?? [];
    out.set(cls, {
      ...timing(samples, totals, list.length),
      first: { p50: ms(percentile(first, 50)), max: ms(Math.max(...first)) },
      ...(host
        ? {
            engine: {
              p50: ms(percentile(engine, 50)),
              p95: ms(percentile(engine, 95)),
              pageP50: ms(percentile(pages, 50)),
              facetsP50: ms(percentile(facets, 50)),
            },
          }
        : {}),
    });
  }
  return out;
}

/**
 * The same searches through SearchService as the server runs them: the index in its worker threads
 * (SEARCH_IN_WORKER and SEARCH_WORKERS, as the server's configuration has them), so each search
 * also pays for posting the query there and for its replies; one at a time, so with two workers
 * each search with words is split (page in one, facets in the other); and in the order the HTTP
 * passes send them (the mix, round after round). This,
 * not the inline figures, is what an HTTP request's search costs, so it is what "HTTP adds" is
 * measured against: HTTP p95 minus it is the page's and the transport's share.
 */
async function runOursInWorker(
  queries: readonly BenchQuery[],
): Promise<{ buildSeconds: number; workers: number; timings: Map<QueryClass, Timing> }> {
  const site = await openCorpusSite(corpusUrl);
  // The worker is unref'd (a server's listening socket keeps its process alive): so is nothing else here.
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    const workers = Math.max(1, site.config.searchWorkers);
    const service = new SearchService(site, new WorkerHost(corpusUrl, workers));
    try {
      const started = performance.now();
      await service.current();
      const buildSeconds = seconds(started);
      return { buildSeconds, workers, timings: await runOurs(service, null, queries, 'mix') };
    } finally {
      await service.close();
    }
  } finally {
    clearInterval(keepAlive);
    await site.close();
  }
}

/** A baseline, once per query after one untimed query per class; slow classes are capped. */
function runBaseline(
  name: string,
  queries: readonly BenchQuery[],
  run: (q: BenchQuery) => BaselineResult,
): Map<QueryClass, Timing> {
  const out = new Map<QueryClass, Timing>();
  for (const [cls, list] of byClass(queries)) {
    if (list.length === 0) continue;
    const warm = performance.now();
    run(list[0]!);
    const warmMs = performance.now() - warm;
    const samples: number[] = [];
    const totals: number[] = [];
    let slow = warmMs > SLOW_MS ? 1 : 0;
    let capped: string | undefined;
    for (const q of list) {
      if (slow > 0 && samples.length >= SLOW_CAP) {
        capped = `capped at ${samples.length} of ${list.length} queries (> ${SLOW_MS / 1000} s each)`;
        break;
      }
      const started = performance.now();
      const result = run(q);
      const elapsed = performance.now() - started;
      samples.push(elapsed);
      totals.push(result.total);
      if (elapsed > SLOW_MS) slow++;
    }
    out.set(cls, timing(samples, totals, list.length, capped));
    log(`  ${name} ${cls}: p50 ${ms(percentile(samples, 50))} ms${capped ? ` (${capped})` : ''}`);
  }
  return out;
}

async function openCorpusSite(databaseUrl: string): Promise<Site> {
  return openSite(loadConfig(process.env, { databaseUrl, logLevel: 'silent' }));
}

/** The main segment's data: the vocabulary the query mix is drawn from. */
function indexData(index: LiveIndex) {
  return index.mainData;
}

// --- HTTP --------------------------------------------------------------------------------------

/** A process's resident memory now (VmRSS), or the most it has had (VmHWM), in MB. */
function rssOf(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
}

interface HttpFigures {
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  serverIndexBuildSeconds: number;
  /** Seconds until the server's /ready answered 200: its index built and its practice searches run. */
  serverReadySeconds: number;
  /** One connection, one request at a time, warm (after an untimed pass): per class. */
  sequentialP50: Record<string, number>;
  sequentialP95: Record<string, number>;
  /** The same, through the open API (/api/v1/search: the same search as JSON, no page to render). */
  apiSequentialP50: Record<string, number>;
  apiSequentialP95: Record<string, number>;
  /**
   * Per class, the p95 of what each of those requests added to its own search: the client's wait
   * less the server's time in SearchService.search for that request (its Server-Timing header).
   * Paired request by request, so a slow search in one pass and a fast one in the other do not
   * count as HTTP's (the p95s above come from separate passes of a long-tailed distribution).
   */
  sequentialAddsP95: Record<string, number>;
  apiSequentialAddsP95: Record<string, number>;
  /**
   * A request that does nothing (GET /health), as many times, one at a time, in a pass of its own:
   * the floor this machine's loopback, scheduling and HTTP stack put under every figure above.
   */
  controlSequential: { p50: number; p95: number };
  /**
   * A fixed offered load (`--rate`) rather than as fast as the server answers: the latency a reader
   * sees at that load. At saturation (the figures above) latency is only the queue of the
   * connections (connections ÷ throughput), whatever the server does.
   */
  atRate: RateFigures;
  /**
   * The same fixed load for the FIRST_SECONDS right after the server says it is ready (/ready),
   * before any other request of the mix: what readers meet after a start or a restart. The index
   * is warmed before it answers (SearchEngine.warmUp) and the server has practised searches of its
   * own (web/search-warm-up.ts); what each of the mix's queries builds on first use (a phrase's
   * documents) is still cold.
   */
  firstSeconds: RateFigures;
  /** The load at saturation before the runs above it, in windows: the server's code settling. */
  warming: WarmWindow[];
  /** The saturation run's server CPU per request, by thread (null off Linux). */
  cpuPerRequest: ThreadCpu | null;
  /** The same for the search pages sent one at a time (sequentialP95): the code settled or not. */
  sequentialCpuPerRequest: ThreadCpu | null;
  serverRssMb: number;
  /** The most the server was resident at any time (its index build's end, mostly). */
  serverPeakRssMb: number;
  urls: number;
  durationSeconds: number;
  connections: number;
}

interface RateFigures {
  offered: number;
  /** Answers per second from the first request's due time to the last answer. */
  achieved: number;
  /** The most requests outstanding at once during the run. */
  peakOutstanding: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
}

interface WarmWindow {
  requestsPerSecond: number;
  cpuPerRequest: ThreadCpu | null;
}

/** Seconds of each window of the warming load (HttpFigures.warming). */
const WARM_WINDOW_SECONDS = 5;

/**
 * "; CPU per request: request thread 2.2 ms, search workers 2.2, V8 and Node helpers 0.2 (waiting
 * for a core: 0.4, 0.3, 0.1)", or "".
 */
function cpuText(cpu: ThreadCpu | null): string {
  if (!cpu) return '';
  return (
    `; CPU per request: request thread ${cpu.requestThread} ms, search workers ${cpu.searchWorkers}, ` +
    `V8 and Node helpers ${cpu.startThreads}` +
    (cpu.waiting
      ? ` (waiting for a core: ${cpu.waiting.requestThread}, ${cpu.waiting.searchWorkers}, ${cpu.waiting.startThreads})`
      : '')
  );
}

/** Seconds of the fixed-rate run right after the server is ready (HttpFigures.firstSeconds). */
const FIRST_SECONDS = 10;

async function atRate(url: string, paths: readonly string[], seconds: number): Promise<RateFigures> {
  const paced = await pacedLoad({
    url,
    paths,
    rate,
    durationSeconds: seconds,
    maxConnections: RATE_CONNECTIONS,
  });
  if (paced.errors || paced.non2xx)
    throw new Error(`The fixed-rate run had ${paced.errors} errors, ${paced.non2xx} non-2xx answers`);
  const latencies = paced.latencies;
  return {
    offered: rate,
    achieved: Number((latencies.length / Math.max(seconds, paced.elapsedSeconds)).toFixed(1)),
    peakOutstanding: paced.peakOutstanding,
    p50: ms(percentile(latencies, 50)),
    p95: ms(percentile(latencies, 95)),
    p99: ms(percentile(latencies, 99)),
    requests: latencies.length,
  };
}

async function runHttp(databaseUrl: string, queries: readonly BenchQuery[]): Promise<HttpFigures> {
  const paths = queries.map(pagePath);
  // The API's per-address rate limit would answer most of a load test with 429s.
  // Made before the server builds its index: the threads that starts (the search workers) are told
  // apart from the ones the process had.
  let threadCpu!: ThreadCpuMeter;
  const server = await startBenchServer(
    'app',
    { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', API_RATE_LIMIT: '100000000' },
    (pid) => {
      threadCpu = new ThreadCpuMeter(pid);
    },
  );
  try {
    // The server builds its index at start, then practises searches (src/web/search-warm-up.ts)
    // before its /ready answers 200, as `dateline serve` does.
    const { indexSeconds: serverIndexBuildSeconds, readySeconds: serverReadySeconds } = await untilReady(
      server.url,
    );
    log(
      `  server index built after ${serverIndexBuildSeconds} s, ready (practice searches done) after ${serverReadySeconds} s`,
    );
    // At once, as traffic meets a server that has just started.
    const firstSeconds = await atRate(server.url, paths, FIRST_SECONDS);
    log(
      `  first ${FIRST_SECONDS} s at ${rate} req/s: p95 ${firstSeconds.p95} ms, ${firstSeconds.achieved} answered/s`,
    );
    // One request at a time (timed after the warming load, below): the latency of each class
    // without queueing behind others, after one untimed pass, as in-process (the server's first
    // use of a word builds its caches). One kept-alive bare socket, not fetch or node:http's
    // client: see one-connection.ts.
    const oneAtATime = async (path: (q: BenchQuery) => string) => {
      const sequential = new Map<QueryClass, number[]>();
      // Each request's wait less the search's own time in the server (its Server-Timing header).
      const paired = new Map<QueryClass, number[]>();
      const connection = rawConnection(server.url);
      try {
        for (let round = 0; round <= rounds; round++)
          for (const q of queries) {
            const t = performance.now();
            await connection.get(path(q));
            const elapsed = performance.now() - t;
            if (round === 0) continue;
            sequential.set(q.class, [...(sequential.get(q.class) ?? []), elapsed]);
            const timing = /search;dur=([\d.]+)/.exec(
              String(connection.lastHeaders?.['server-timing'] ?? ''),
            );
            if (timing) paired.set(q.class, [...(paired.get(q.class) ?? []), elapsed - Number(timing[1])]);
          }
      } finally {
        connection.close();
      }
      const perClass = (p: number, of = sequential) =>
        Object.fromEntries([...of].map(([c, l]) => [c, ms(percentile(l, p))]));
      return {
        p50: perClass(50),
        p95: perClass(95),
        addsP95: perClass(95, paired),
        all: [...sequential.values()].flat(),
      };
    };
    const requests = paths.map((p) => ({ method: 'GET' as const, path: p }));
    // Load as at saturation until the server's code has settled: after a start, V8 compiles the hot
    // code on background threads while the load runs, and for the first ~15 s of load on two cores
    // that took as much CPU per request as the searches did (docs/ARCHITECTURE.md, Known limits).
    // The windows show it settle.
    const warming: WarmWindow[] = [];
    for (let s = 0; s < warmSeconds; s += WARM_WINDOW_SECONDS) {
      threadCpu.begin();
      const window = await autocannon({
        url: server.url,
        connections,
        duration: WARM_WINDOW_SECONDS,
        requests,
      });
      warming.push({
        requestsPerSecond: Math.round(window.requests.average),
        cpuPerRequest: threadCpu.end(window.requests.total),
      });
      log(
        `  warming at saturation: ${warming.at(-1)!.requestsPerSecond} req/s` +
          `${cpuText(warming.at(-1)!.cpuPerRequest)}`,
      );
    }
    // One request at a time once the code has settled: the HTTP adds of a server that has been
    // answering readers, not of one still compiling (measured one at a time before the warming
    // load, the V8 helper threads took ~1.8 ms of CPU per search at 200k on the same two cores,
    // and the request thread ~1.1 ms more than settled: docs/ARCHITECTURE.md, Known limits).
    // First `settlePasses` untimed passes one at a time, as search-profile's --warm: that one,
    // after 30 such passes, paired every class within 3 ms at 1M where this benchmark, timing
    // after one pass, did not (what the load leaves behind in the server is the suspect).
    const settleStarted = performance.now();
    const settling = rawConnection(server.url);
    try {
      for (let pass = 0; pass < settlePasses; pass++)
        for (const q of queries) {
          await settling.get(pagePath(q));
          await settling.get(apiPath(q));
        }
    } finally {
      settling.close();
    }
    if (settlePasses > 0)
      log(`  ${settlePasses} untimed passes one request at a time in ${seconds(settleStarted)} s`);
    // This process's own garbage (the in-process passes) is collected first, not during them.
    fullGc();
    threadCpu.begin();
    const page = await oneAtATime(pagePath);
    // Per page request sent, the untimed pass included.
    const sequentialCpu = threadCpu.end((rounds + 1) * queries.length);
    const control = await oneAtATime(() => '/health');
    const api = await oneAtATime(apiPath);
    const latencies: number[] = [];
    threadCpu.begin();
    // Without a callback the instance is both an event emitter and a promise of the result.
    const instance = autocannon({
      url: server.url,
      connections,
      duration,
      requests,
    }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
    const result = await instance;
    const saturationCpu = threadCpu.end(result.requests.total);
    const steady = await atRate(server.url, paths, duration);
    return {
      requestsPerSecond: Math.round(result.requests.average),
      p50: ms(percentile(latencies, 50)),
      p95: ms(percentile(latencies, 95)),
      p99: ms(percentile(latencies, 99)),
      requests: latencies.length,
      errors: result.errors,
      non2xx: result.non2xx,
      serverIndexBuildSeconds,
      serverReadySeconds,
      sequentialP50: page.p50,
      sequentialP95: page.p95,
      apiSequentialP50: api.p50,
      apiSequentialP95: api.p95,
      sequentialAddsP95: page.addsP95,
      apiSequentialAddsP95: api.addsP95,
      controlSequential: { p50: ms(percentile(control.all, 50)), p95: ms(percentile(control.all, 95)) },
      atRate: steady,
      firstSeconds,
      warming,
      cpuPerRequest: saturationCpu,
      sequentialCpuPerRequest: sequentialCpu,
      serverRssMb: rssOf(server.child.pid!),
      serverPeakRssMb: rssOf(server.child.pid!, 'VmHWM'),
      urls: paths.length,
      durationSeconds: duration,
      connections,
    };
  } finally {
    server.child.kill();
  }
}

// --- the run -----------------------------------------------------------------------------------

log(
  `Search benchmark: ${items.toLocaleString('en')} items${language ? `, every search in ${language} items only` : ''}; heap limit ${mb(v8.getHeapStatistics().heap_size_limit)} MB; ` +
    `GC ${gc ? 'exposed' : 'not exposed (run with --expose-gc for RSS after GC)'}`,
);
const file = onPostgres ? '' : await corpusDatabase(items);
const corpusUrl = onPostgres ? await corpusPostgres(items) : `sqlite:${file}`;
const databaseMb = await corpusSizeMb(corpusUrl);
log(`Corpus database (${values.database}): ${databaseMb.toLocaleString('en')} MB`);
const now = new Date().toISOString();
/** The machine's speed at the issue's reference loops, taken before the in-process passes. */
let machine: MachineSpeed | null = null;

interface FullCorpusFigures {
  indexBuildSeconds: number;
  /** Word positions (exact phrases): in memory, and in the builder's file (positions.ts). */
  positionsMb: { inMemory: number; inFile: number };
  rssBeforeMb: number;
  rssMb: number;
  rssAfterGcMb: number | null;
  heapUsedMb: number;
  indexedDocuments: number;
  mix: QueryMix;
  ours: Map<QueryClass, Timing>;
  naive: Map<QueryClass, Timing> | null;
  fts: ReturnType<typeof ftsDatabase> | null;
}

/** Steps 1–3 on the full corpus; the index is dropped when this returns. */
async function fullCorpus(): Promise<FullCorpusFigures> {
  // 1. Our index, built in-process.
  const site = await openCorpusSite(corpusUrl);
  try {
    // The index in this thread (not the default worker), so the query mix can read its vocabulary.
    const host = new TimedHost(site.database.db, () => site.taxonomy());
    const service = new SearchService(site, host);
    fullGc();
    const rssBeforeMb = mb(process.memoryUsage().rss);
    log('Building the search index…');
    const buildStarted = performance.now();
    const index = await service.current();
    if (!index) throw new Error('The search index is not in this thread');
    const indexBuildSeconds = seconds(buildStarted);
    const rssMb = mb(process.memoryUsage().rss);
    fullGc();
    const rssAfterGcMb = gc ? mb(process.memoryUsage().rss) : null;
    const heapUsedMb = mb(process.memoryUsage().heapUsed);
    const data = indexData(index);
    const bytes = positionBytes(data.positions);
    const positionsMb = { inMemory: mb(bytes.inMemory), inFile: mb(bytes.inFile) };
    log(
      `  ${data.size.toLocaleString('en')} documents, ${data.words.size.toLocaleString('en')} words in ${indexBuildSeconds} s; ` +
        `RSS ${rssBeforeMb} → ${rssMb} MB${rssAfterGcMb !== null ? ` (${rssAfterGcMb} MB after GC)` : ''}`,
    );

    // 2. The query mix, and our engine on it.
    const mix = await buildQueryMix(data, site.taxonomy(), site.database.db);
    for (const [k, v] of Object.entries(mix.notes)) log(`  ${k}: ${v}`);
    // Measured now, just before the passes it gives the scale of (the index built, nothing else running).
    machine = measureMachineSpeed();
    log(`  ${machineSpeedText(machine)}`);
    log(`Our engine: ${mix.queries.length} queries × ${rounds} rounds…`);
    const ours = await runOurs(service, host, mix.queries);

    // 3. Naive SQL.
    let naive: Map<QueryClass, Timing> | null = null;
    let fts: ReturnType<typeof ftsDatabase> | null = null;
    if (!values['skip-naive'] && !onPostgres) {
      log('Naive SQL (FTS5)…');
      fts = ftsDatabase(file);
      log(
        `  FTS5 table ${fts.cached ? 'cached (built' : 'built'} in ${fts.buildSeconds.toFixed(1)} s${fts.cached ? ')' : ''}`,
      );
      const sql = new NaiveSql(fts.file, file, now);
      try {
        naive = runBaseline('naive', mix.queries, (q) => sql.run(q));
      } finally {
        sql.close();
      }
    }
    await service.close();
    return {
      indexBuildSeconds,
      positionsMb,
      rssBeforeMb,
      rssMb,
      rssAfterGcMb,
      heapUsedMb,
      indexedDocuments: data.size,
      mix,
      ours,
      naive,
      fts,
    };
  } finally {
    await site.close();
  }
}

const {
  indexBuildSeconds,
  positionsMb,
  rssBeforeMb,
  rssMb,
  rssAfterGcMb,
  heapUsedMb,
  indexedDocuments,
  mix,
  ours,
  naive,
  fts,
} = await fullCorpus();
const queries = mix.queries;
fullGc();

// 4. MiniSearch, with our engine on the same subset. In a function of its own, as steps 1–3: a
// suspended top-level await keeps the module body's locals alive, and MiniSearch's index (nearly
// 2 GB of heap at 200k) would have stayed in this process, the HTTP client, through its passes.
interface MiniSearchFigures {
  items: number;
  buildSeconds: number;
  heapMb: number;
  timings: Map<QueryClass, Timing>;
  ours: Map<QueryClass, Timing>;
}
async function miniSearchRun(): Promise<MiniSearchFigures> {
  const miniFile = miniItems === items ? file : await corpusDatabase(miniItems);
  let oursOnSubset = ours;
  if (miniFile !== file) {
    log(`Our engine on the ${miniItems.toLocaleString('en')}-item corpus…`);
    const subsetSite = await openCorpusSite(`sqlite:${miniFile}`);
    try {
      const subsetHost = new TimedHost(subsetSite.database.db, () => subsetSite.taxonomy());
      const subsetService = new SearchService(subsetSite, subsetHost);
      oursOnSubset = await runOurs(subsetService, subsetHost, queries);
      await subsetService.close();
    } finally {
      await subsetSite.close();
    }
    fullGc();
  }
  log(`MiniSearch on ${miniItems.toLocaleString('en')} items…`);
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const baseline = MiniSearchBaseline.build(miniFile, now, (n) =>
    log(`  MiniSearch indexed ${n.toLocaleString('en')}`),
  );
  const buildSeconds = seconds(started);
  fullGc();
  const heapMb = mb(process.memoryUsage().heapUsed - heapBefore);
  log(`  ${baseline.size.toLocaleString('en')} documents in ${buildSeconds} s, heap +${heapMb} MB`);
  try {
    return {
      items: miniItems,
      buildSeconds,
      heapMb,
      timings: runBaseline('minisearch', queries, (q) => baseline.run(q)),
      ours: oursOnSubset,
    };
  } finally {
    baseline.close();
  }
}
const mini: MiniSearchFigures | null =
  !values['skip-minisearch'] && !onPostgres ? await miniSearchRun() : null;
fullGc();

// 5. Our engine as the server runs it: in its worker threads.
let inWorker: Awaited<ReturnType<typeof runOursInWorker>> | null = null;
if (!values['skip-worker']) {
  log(
    `Our engine in its worker threads, as the server runs it, in the HTTP passes' order: ${queries.length} queries × ${rounds} rounds…`,
  );
  inWorker = await runOursInWorker(queries);
  log(`  ${inWorker.workers} worker(s); the index built (and handed over) in ${inWorker.buildSeconds} s`);
  fullGc();
}

// 6. HTTP.
let http: HttpFigures | null = null;
/**
 * Per class: HTTP p95 (one request at a time) minus in-process p95 as the server runs the search
 * (in its worker thread; the inline p95 without --skip-worker's figures).
 */
let httpAddsP95: Record<string, number> | null = null;
/** The same through the open API. */
let apiAddsP95: Record<string, number> | null = null;
/** HTTP p95 minus the inline in-process p95 (the table's), for comparison with earlier runs. */
let httpAddsP95OverInline: Record<string, number> | null = null;
/** What HTTP added to each request's own search, p95 per class (see HttpFigures.sequentialAddsP95). */
let httpAddsP95Paired: Record<string, number> | null = null;
let apiAddsP95Paired: Record<string, number> | null = null;
let apiAddsP95OverInline: Record<string, number> | null = null;
if (!values['skip-http']) {
  const client = process.memoryUsage();
  // What this process, the HTTP client, still holds: a large heap makes its own collections long.
  log(
    `HTTP: ${queries.length} search URLs, ${connections} connections, ${duration} s… ` +
      `(this client: heap ${mb(client.heapUsed)} MB, ArrayBuffers ${mb(client.arrayBuffers)} MB)`,
  );
  http = await runHttp(corpusUrl, queries);
}

// 7. Report.
const ratio = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && b > 0 ? Number((a / b).toFixed(a / b < 10 ? 2 : 1)) : null;
const classes: Record<string, unknown> = {};
const speedupOverNaive: Record<string, number | null> = {};
const oursOverMiniSearch: Record<string, number | null> = {};
/** Our engine alone (ids and exact facets: what MiniSearch returns) over MiniSearch, for reference. */
const engineOverMiniSearch: Record<string, number | null> = {};
const rows: string[][] = [];
for (const cls of QUERY_CLASSES) {
  const o = ours.get(cls);
  if (!o) continue;
  const n = naive?.get(cls);
  const m = mini?.timings.get(cls);
  const om = mini?.ours.get(cls);
  const w = inWorker?.timings.get(cls);
  speedupOverNaive[cls] = ratio(n?.p95, o.p95);
  oursOverMiniSearch[cls] = ratio(om?.p95, m?.p95);
  engineOverMiniSearch[cls] = ratio(om?.engine?.p95, m?.p95);
  classes[cls] = {
    ...o,
    ...(n ? { naive: n } : {}),
    ...(w ? { worker: w } : {}),
    ...(m && om
      ? { minisearch: { ...m, oursOnSubset: { p50: om.p50, p95: om.p95, p99: om.p99, engine: om.engine } } }
      : {}),
  };
  rows.push([
    cls,
    String(o.queries),
    String(o.p50),
    String(o.p95),
    String(o.p99),
    o.engine ? `${o.engine.p50} / ${o.engine.p95}` : '–',
    o.engine ? `${o.engine.pageP50} / ${o.engine.facetsP50}` : '–',
    w ? `${w.p50} / ${w.p95}` : '–',
    o.meanHits.toLocaleString('en'),
    n ? `${n.p50} / ${n.p95}${n.capped ? '*' : ''}` : '–',
    n ? n.meanHits.toLocaleString('en') : '–',
    speedupOverNaive[cls] === null ? '–' : `${speedupOverNaive[cls]}×`,
    m && om ? `${om.p95} / ${m.p95}` : '–',
    oursOverMiniSearch[cls] === null ? '–' : String(oursOverMiniSearch[cls]),
    http?.sequentialP50[cls] !== undefined ? `${http.sequentialP50[cls]} / ${http.sequentialP95[cls]}` : '–',
    http?.apiSequentialP50[cls] !== undefined
      ? `${http.apiSequentialP50[cls]} / ${http.apiSequentialP95[cls]}`
      : '–',
  ]);
}
const header = [
  'class',
  'n',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'engine p50/p95',
  'page/facets p50',
  'worker, mix p50/p95',
  'mean hits',
  'naive p50/p95',
  'naive hits',
  'naive/ours p95',
  `ours/MS p95 @${mini ? `${Math.round(mini.items / 1000)}k` : '–'}`,
  'ours/MS',
  'HTTP 1-conn p50/p95',
  'API 1-conn p50/p95',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
const out: string[] = [];
out.push('');
out.push(
  `Search on ${values.database}: ${items.toLocaleString('en')} items (${indexedDocuments.toLocaleString('en')} indexed), database ${databaseMb.toLocaleString('en')} MB, index built in ${indexBuildSeconds} s, ` +
    `RSS ${rssMb} MB after build${rssAfterGcMb !== null ? `, ${rssAfterGcMb} MB after GC` : ' (no --expose-gc: before GC)'} ` +
    `(${rssBeforeMb} MB before), heap used ${heapUsedMb} MB; word positions ${positionsMb.inFile.toLocaleString('en')} MB in a file, ${positionsMb.inMemory.toLocaleString('en')} MB in memory (skip entries included)`,
);
if (machine) out.push(machineSpeedText(machine));
out.push(line(header));
out.push(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) out.push(line(r));
const capped = [...(naive ?? new Map<QueryClass, Timing>())].filter(([, t]) => t.capped);
for (const [cls, t] of capped) out.push(`* naive ${cls}: ${t.capped}`);
if (fts)
  out.push(
    `Naive SQL: FTS5 table built in ${fts.buildSeconds.toFixed(1)} s${fts.cached ? ' (cached from an earlier run)' : ''}`,
  );
{
  // In-process targets: SQLite p50 ≤ 5 ms and p95 ≤ 20 ms in every class; PostgreSQL p95 ≤ 50 ms.
  const timings = [...ours.values()];
  const worstP50 = Math.max(...timings.map((t) => t.p50));
  const worstP95 = Math.max(...timings.map((t) => t.p95));
  const met = onPostgres ? worstP95 <= 50 : worstP50 <= 5 && worstP95 <= 20;
  out.push(
    `Target in-process, every class (${onPostgres ? 'PostgreSQL: p95 ≤ 50 ms' : 'SQLite: p50 ≤ 5 ms, p95 ≤ 20 ms'}): ` +
      `worst p50 ${worstP50} ms, worst p95 ${worstP95} ms — ${met ? 'met' : 'NOT met'}`,
  );
  out.push(
    'First search of each query (the untimed warm-up pass, in-process), p50/max ms: ' +
      [...ours]
        .filter(([, t]) => t.first)
        .map(([cls, t]) => `${cls} ${t.first!.p50}/${t.first!.max}`)
        .join(', '),
  );
  if (inWorker) {
    const inWorkerTimings = [...inWorker.timings.values()];
    const workerP50 = Math.max(...inWorkerTimings.map((t) => t.p50));
    const workerP95 = Math.max(...inWorkerTimings.map((t) => t.p95));
    const workerMet = onPostgres ? workerP95 <= 50 : workerP50 <= 5 && workerP95 <= 20;
    out.push(
      `The same as the server runs them (the index in ${inWorker.workers} worker thread${inWorker.workers > 1 ? 's' : ''}, built there in ${inWorker.buildSeconds} s; ` +
        'the whole mix round after round, as HTTP sends it): ' +
        `worst p50 ${workerP50} ms, worst p95 ${workerP95} ms — ${workerMet ? 'met' : 'NOT met'}`,
    );
  }
}
const commonSpeedups = COMMON_CLASSES.map((c) => speedupOverNaive[c]).filter((x): x is number => x !== null);
if (commonSpeedups.length > 0)
  out.push(
    `Target ours ≥ 10× faster than naive SQL at p95 on common-word classes (${COMMON_CLASSES.join(', ')}): ` +
      `min ${Math.min(...commonSpeedups)}× — ${Math.min(...commonSpeedups) >= 10 ? 'met' : 'NOT met'}`,
  );
if (mini) {
  const worst = Math.max(...Object.values(oursOverMiniSearch).filter((x): x is number => x !== null));
  out.push(
    `MiniSearch on ${mini.items.toLocaleString('en')} items: built in ${mini.buildSeconds} s, heap +${mini.heapMb} MB; ` +
      `target ours p95 ≤ 0.5× MiniSearch: worst class ${worst} — ${worst <= 0.5 ? 'met' : 'NOT met'} ` +
      `(our engine alone, ids and facets as MiniSearch gives, without parsing, rows and snippets: worst ` +
      `${Math.max(...Object.values(engineOverMiniSearch).filter((x): x is number => x !== null))})`,
  );
}
if (http)
  out.push(
    `HTTP /en/search (${http.urls} URLs, ${http.connections} connections, ${http.durationSeconds} s): ` +
      `saturated at ${http.requestsPerSecond} req/s, p50 ${http.p50} ms, p95 ${http.p95} ms, p99 ${http.p99} ms, ` +
      `server RSS ${http.serverRssMb} MB (peak ${http.serverPeakRssMb})${http.errors || http.non2xx ? `, errors ${http.errors}, non-2xx ${http.non2xx}` : ''}` +
      `${cpuText(http.cpuPerRequest)}; after ${warmSeconds} s of the same load, whose ${WARM_WINDOW_SECONDS} s ` +
      `windows answered ${http.warming.map((w) => w.requestsPerSecond).join(', ')} req/s`,
  );
if (http) {
  // The target is a latency at a load: ≥ 200 searches a second answered at p95 ≤ 50 ms.
  const r = http.atRate;
  const met = r.offered >= 200 && r.achieved >= r.offered * 0.99 && r.p95 <= 50;
  out.push(
    `HTTP /en/search at a fixed ${r.offered} req/s (open loop, evenly spaced, up to ${RATE_CONNECTIONS} connections, ` +
      `${http.durationSeconds} s; latency from each request's due time): ` +
      `answered ${r.achieved} req/s, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms; ` +
      `target ≥ 200 req/s at p95 ≤ 50 ms: ${met ? 'met' : 'NOT met'}`,
  );
  const f = http.firstSeconds;
  out.push(
    `HTTP /en/search at ${f.offered} req/s in the first ${FIRST_SECONDS} s after the server is ready ` +
      `(index built after ${http.serverIndexBuildSeconds} s, ready after ${http.serverReadySeconds} s; ` +
      `before any other request of the mix): answered ${f.achieved} req/s, p50 ${f.p50} ms, p95 ${f.p95} ms, p99 ${f.p99} ms`,
  );
}
if (http) {
  // What the HTTP round trip adds to a search's p95, one request at a time (target ≤ 3 ms): for
  // the search page (rendered HTML) and for the open API (the same search as JSON).
  // The base is the search as the server runs it (its worker thread); the inline figure follows,
  // for comparison with runs before the worker pass existed.
  const base = inWorker?.timings ?? ours;
  const over = (sequentialP95: Record<string, number>, timings: Map<QueryClass, Timing>) =>
    Object.fromEntries([...timings].map(([cls, t]) => [cls, ms((sequentialP95[cls] ?? Number.NaN) - t.p95)]));
  const addedBy = (sequentialP95: Record<string, number>, what: string) => {
    const added = over(sequentialP95, base);
    const worst = Math.max(...Object.values(added));
    const inline = over(sequentialP95, ours);
    out.push(
      `HTTP ${what} one request at a time: p95 minus in-process p95 ${inWorker ? '(worker, as the server runs it)' : '(inline)'}, ` +
        `worst class +${worst} ms (${Object.entries(added)
          .map(([c, v]) => `${c} +${v}`)
          .join(', ')}); target ≤ 3 ms: ${worst <= 3 ? 'met' : 'NOT met'}` +
        (inWorker ? `; minus the inline p95 instead: worst +${Math.max(...Object.values(inline))} ms` : ''),
    );
    return { added, inline };
  };
  out.push(
    `HTTP GET /health one request at a time (does nothing: this machine's floor under the two lines below): ` +
      `p50 ${http.controlSequential.p50} ms, p95 ${http.controlSequential.p95} ms`,
  );
  if (http.sequentialCpuPerRequest)
    out.push(
      `HTTP /en/search one request at a time, after ${warmSeconds} s of load at saturation and ${settlePasses} untimed passes (the code settled)` +
        cpuText(http.sequentialCpuPerRequest),
    );
  const page = addedBy(http.sequentialP95, '/en/search');
  const api = addedBy(http.apiSequentialP95, '/api/v1/search');
  httpAddsP95 = page.added;
  apiAddsP95 = api.added;
  httpAddsP95OverInline = page.inline;
  apiAddsP95OverInline = api.inline;
  // The same requests paired one by one: each one's wait less its own search (Server-Timing).
  const pairedBy = (adds: Record<string, number>, what: string) => {
    const worst = Math.max(...Object.values(adds));
    out.push(
      `HTTP ${what} one request at a time, paired: p95 of each request's wait minus its own search's time ` +
        `in the server (Server-Timing), worst class +${worst} ms (${Object.entries(adds)
          .map(([c, v]) => `${c} +${v}`)
          .join(', ')}); target ≤ 3 ms: ${worst <= 3 ? 'met' : 'NOT met'}`,
    );
  };
  pairedBy(http.sequentialAddsP95, '/en/search');
  pairedBy(http.apiSequentialAddsP95, '/api/v1/search');
  httpAddsP95Paired = http.sequentialAddsP95;
  apiAddsP95Paired = http.apiSequentialAddsP95;
}
process.stdout.write(`${out.join('\n')}\n`);

if (values.json) {
  const summary = {
    database: values.database,
    language,
    databaseMb,
    items,
    indexedDocuments,
    indexBuildSeconds,
    positionsMb,
    rssMb,
    rssAfterGcMb,
    rssBeforeBuildMb: rssBeforeMb,
    heapUsedMb,
    rounds,
    settlePasses,
    machine,
    queryMix: mix.notes,
    classes,
    naiveFtsBuildSeconds: fts ? Number(fts.buildSeconds.toFixed(1)) : null,
    minisearch: mini ? { items: mini.items, buildSeconds: mini.buildSeconds, heapMb: mini.heapMb } : null,
    http,
    workerIndexBuildSeconds: inWorker?.buildSeconds ?? null,
    searchWorkers: inWorker?.workers ?? null,
    httpAddsP95,
    apiAddsP95,
    httpAddsP95OverInline,
    apiAddsP95OverInline,
    httpAddsP95Paired,
    apiAddsP95Paired,
    ratios: {
      naiveP95OverOursP95: speedupOverNaive,
      oursP95OverMiniSearchP95: oursOverMiniSearch,
      oursEngineP95OverMiniSearchP95: engineOverMiniSearch,
    },
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
