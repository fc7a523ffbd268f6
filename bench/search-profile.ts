/**
 * `npm run bench:search-profile`: where the request thread's time goes on a search, measured on
 * the real server over loopback HTTP — the benchmark's query mix, one request at a time, the
 * server's request thread CPU-profiled (the search index runs in its worker thread, not profiled).
 * Prints the thread's busy time per request, then its self time per function and per package.
 *
 * `--latency` measures instead of profiling (a profiler slows what it watches): per query class,
 * the time the client waited, the time the server held the request (its socket's request event to
 * the response written), the way in (client sends → server sees it) and the way out (response
 * written → client has read it), all on the machine's monotonic clock. Then the slowest twentieth
 * of each class: how much of their excess over the class's median the server accounts for, and how
 * many met a garbage collection on the server's request thread or the client's. This is where
 * "HTTP adds" in bench:search comes from. Last, the CPU per request of each kind of thread (the
 * server's request thread, its search workers, V8's and Node's helpers; the client) and the time
 * each waited for a core (/proc, thread-cpu.ts). `--control` also times GET /health after each search:
 * what a request that does nothing costs on this machine, tail included; `--slowest N` lists the
 * slowest searches with their URLs; `--client http` or `--client fetch` measures through
 * node:http's client or fetch instead of a bare socket (see one-connection.ts for why).
 *
 * `--allocations` samples what the request thread allocates instead of profiling its time (every
 * object, those its young-generation collections free included): bytes per request by function
 * and by package, and the collections per request. A thread that allocates less collects less
 * often, and a collection in the middle of a request is part of the tail "HTTP adds" measures.
 *
 * Why the real server and not `app.inject`: an injected request builds its response as strings
 * that outlive young-generation collections, so a profile through inject showed the collector at
 * ~0.56 ms a request where the server spends ~0.15 ms, and hid the socket write (~0.1–0.45 ms a
 * page on this machine's loopback).
 *
 *   npm run bench:search-profile -- --items 200000 --rounds 5 [--api] [--language en] [--top 30] [--json]
 *     [--load SECONDS]
 *     [--latency [--control] [--slowest N] [--gap MS] [--client http|fetch] [--preload SECONDS]] [--allocations]
 *     [--server-flags="--max-semi-space-size=32 …"]
 */
import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { MALLOC_TUNING, wantsMallocTuning } from '../bin/malloc-tuning.js';
import { loadConfig } from '../src/config.js';
import { InlineHost } from '../src/modules/search/engine/index-host.js';
import { openSite } from '../src/site.js';
import { BENCH_DIR, corpusDatabase } from './corpus-db.js';
import { type OneConnection, oneConnection, rawConnection } from './one-connection.js';
import { apiSearchPath, buildQueryMix, searchPath } from './search-queries.js';
import { readThread, type ThreadCpu, ThreadCpuMeter } from './thread-cpu.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '5' },
    api: { type: 'boolean', default: false },
    latency: { type: 'boolean', default: false },
    /** Sample the request thread's allocations instead of its time. */
    allocations: { type: 'boolean', default: false },
    /**
     * `raw` (one kept-alive bare socket, see one-connection.ts), or to compare, `http` (one kept-alive
     * node:http connection) or `fetch`.
     */
    client: { type: 'string', default: 'raw' },
    /** With --latency: after each search, time a GET /health too (the machine's own tail). */
    control: { type: 'boolean', default: false },
    /** With --latency: list this many of the slowest requests, with their URLs. */
    slowest: { type: 'string', default: '0' },
    /**
     * With --latency: milliseconds the client waits after each response before the next request
     * (a reader's pause), 0 for back to back. Tells a previous request's leftover work in the
     * server from the way in and out themselves.
     */
    gap: { type: 'string', default: '0' },
    /**
     * Untimed passes of the mix after the server's practice and before measuring: its caches warm
     * and V8 finishes compiling the code real requests run (the practice goes through app.inject).
     */
    warm: { type: 'string', default: '20' },
    /** Node/V8 flags for the server process (its stdout is discarded), e.g. --max-semi-space-size=32. */
    'server-flags': { type: 'string', default: '' },
    top: { type: 'string', default: '30' },
    json: { type: 'boolean', default: false },
    /**
     * Profile under load instead of one request at a time: this many seconds of the mix from 10
     * connections at once (autocannon), after 20 s of the same load unprofiled (the JIT settling).
     * The profiler samples by the clock, so a thread waiting for one of two busy cores keeps being
     * sampled where it stopped: read the shares, not the microseconds (bench:search's CPU per
     * request by thread gives those).
     */
    load: { type: 'string' },
    /**
     * With --latency: this many seconds of the mix from LOAD_CONNECTIONS at once before the warm
     * passes, as bench:search loads its server at saturation before timing one request at a time
     * (what a load leaves behind in the server: grown heaps, full caches, V8's work after it).
     */
    preload: { type: 'string', default: '0' },
    /** Every search filtered to items in this language, as the search page's default (see bench:search). */
    language: { type: 'string' },
  },
});
const items = Number(values.items);
if (!['raw', 'http', 'fetch'].includes(values.client)) {
  process.stderr.write(`--client ${values.client}: use raw (the default), http or fetch\n`);
  process.exit(2);
}
/** Connections of the `--load` profile, as bench:search's saturation run; and its unprofiled lead-in. */
const LOAD_CONNECTIONS = 10;
const LOAD_WARM_SECONDS = 20;

/** A route that does next to nothing: its latency is the machine's and the HTTP stack's alone. */
const CONTROL_PATH = '/health';
const rounds = Math.max(1, Number(values.rounds));
const gapMs = Math.max(0, Number(values.gap) || 0);
const warmPasses = Math.max(0, Number(values.warm) || 0);
const preloadSeconds = Math.max(0, Number(values.preload) || 0);
const top = Math.max(1, Number(values.top));
const log = (line: string) => process.stderr.write(`${line}\n`);

const file = await corpusDatabase(items);
const databaseUrl = `sqlite:${file}`;

/**
 * The query mix, drawn from the index's vocabulary: the index is built here once, then dropped. In
 * a function of its own: a suspended top-level await keeps every local of the module's body alive,
 * and the client held the index's ~155 MB of ArrayBuffers (at 200k) through everything it timed.
 */
async function queryMix(): Promise<{ paths: string[]; classes: string[] }> {
  const site = await openSite(loadConfig(process.env, { databaseUrl, logLevel: 'silent' }));
  try {
    const host = new InlineHost(site.database.db, () => site.taxonomy());
    const index = await host.ready();
    const mix = await buildQueryMix(index.mainData, site.taxonomy(), site.database.db);
    const language = values.language ?? null;
    await host.close();
    return {
      paths: mix.queries.map((q) => (values.api ? apiSearchPath(q, language) : searchPath(q, language))),
      classes: mix.queries.map((q) => q.class),
    };
  } finally {
    await site.close();
  }
}

log('Building the query mix…');
const { paths, classes } = await queryMix();

interface ServerTimings {
  requests: { url: string; start: number; end: number; searchMs: number }[];
  collections: { start: number; ms: number; kind?: string }[];
}

interface Reply {
  port?: number;
  prepared?: { searches: number; failed: number; ms: number };
  started?: boolean;
  written?: string;
  timings?: ServerTimings;
}

function reply(child: ChildProcess, key: keyof Reply): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Reply) => {
      if (message[key] === undefined) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`The profiled server exited (${code})`)));
  });
}

const child = fork(path.join(import.meta.dirname, 'profiled-server.ts'), [], {
  execArgv: [
    ...values['server-flags'].split(' ').filter(Boolean),
    '--import',
    path.join(import.meta.dirname, '../bin/run-typescript.js'),
  ],
  env: {
    ...process.env,
    // Tuned as `dateline serve` tunes itself, as bench:search's server is (DATELINE_MALLOC_TUNING=off
    // measures without).
    ...(wantsMallocTuning(['serve'], process.env, process.platform) ? MALLOC_TUNING : {}),
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    // The API's per-address rate limit would answer most of the run with 429s.
    API_RATE_LIMIT: '100000000',
  },
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
});
let connection: OneConnection | undefined;
try {
  const { port } = await reply(child, 'port');
  const base = `http://127.0.0.1:${port}`;
  connection = values.client === 'raw' ? rawConnection(base) : oneConnection(base);
  const keptAlive = connection;
  const get = async (p: string) => {
    if (values.client === 'fetch') {
      const res = await fetch(base + p);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${p} answered HTTP ${res.status}`);
    } else await keptAlive.get(p);
  };
  // Made before the first search: the threads the server starts for searching are told apart.
  const threadCpu = new ThreadCpuMeter(child.pid!);
  log(`Server on ${base}; building its index and practising searches, as \`dateline serve\` starts…`);
  child.send({ kind: 'prepare' });
  const { prepared } = await reply(child, 'prepared');
  log(`  ${prepared!.searches} practice searches in ${(prepared!.ms / 1000).toFixed(1)} s`);
  if (values.latency && preloadSeconds > 0) {
    const loaded = await autocannon({
      url: base,
      connections: LOAD_CONNECTIONS,
      duration: preloadSeconds,
      requests: paths.map((p) => ({ method: 'GET' as const, path: p })),
    });
    log(
      `  ${preloadSeconds} s of load from ${LOAD_CONNECTIONS} connections: ${Math.round(loaded.requests.average)} req/s`,
    );
  }
  // Untimed passes: the server's caches (word bounds, facet counts, statements) warm, and V8
  // compiles the hot code (on its helper threads: the CPU report's "V8 and Node helpers").
  for (let pass = 0; pass < warmPasses; pass++) for (const p of paths) await get(p);
  if (values.latency) {
    child.send({ kind: 'timings' }); // forget the warm-up's
    await reply(child, 'timings');
    const timed: { start: number; end: number }[] = [];
    const control: { start: number; end: number }[] = [];
    // The monotonic clock the server's instants are in (profiled-server.ts).
    const monotonic = () => Number(process.hrtime.bigint()) / 1e6;
    const performanceToMonotonic = monotonic() - performance.now();
    // This process's garbage from building the query mix collected now, not during the timed
    // requests (and before the observer, which would count these collections as the client's).
    collectGarbage();
    const clientCollections: ServerTimings['collections'] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        clientCollections.push({ start: performanceToMonotonic + entry.startTime, ms: entry.duration });
    });
    observer.observe({ entryTypes: ['gc'] });
    threadCpu.begin();
    const clientBefore = clientCpu();
    for (let round = 0; round < rounds; round++)
      for (const p of paths) {
        if (gapMs > 0) await setTimeout(gapMs);
        const start = monotonic();
        await get(p);
        timed.push({ start, end: monotonic() });
        if (values.control) {
          if (gapMs > 0) await setTimeout(gapMs);
          const at = monotonic();
          await get(CONTROL_PATH);
          control.push({ start: at, end: monotonic() });
        }
      }
    const cpu = threadCpu.end(timed.length);
    const clientAfter = clientCpu();
    child.send({ kind: 'timings' });
    observer.disconnect();
    reportLatency(timed, control, (await reply(child, 'timings')).timings!, clientCollections);
    reportCpu(cpu, clientBefore, clientAfter, timed.length);
  } else await profile(get, base);
} finally {
  connection?.close();
  child.kill();
}

/**
 * Profiles the server's request thread over `rounds` passes of the mix one request at a time, or
 * (`--load`) over that many seconds of the mix from LOAD_CONNECTIONS at once, and reports.
 */
async function profile(get: (path: string) => Promise<void>, base: string): Promise<void> {
  const load = (duration: number) =>
    autocannon({
      url: base,
      connections: LOAD_CONNECTIONS,
      duration,
      requests: paths.map((p) => ({ method: 'GET' as const, path: p })),
    });
  if (values.load) await load(LOAD_WARM_SECONDS);
  child.send({ kind: 'timings' }); // forget the warm-up's collections
  await reply(child, 'timings');
  collectGarbage();
  child.send({ kind: 'start', allocations: values.allocations });
  await reply(child, 'started');
  let requests = rounds * paths.length;
  const started = performance.now();
  if (values.load) requests = (await load(Number(values.load))).requests.total;
  else for (let round = 0; round < rounds; round++) for (const p of paths) await get(p);
  const wallMs = performance.now() - started;
  const profileFile = path.join(
    BENCH_DIR,
    values.allocations ? 'search-server.heapprofile' : 'search-server.cpuprofile',
  );
  child.send({ kind: 'stop', file: profileFile });
  await reply(child, 'written');
  child.send({ kind: 'timings' });
  const { collections } = (await reply(child, 'timings')).timings!;
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
  if (values.allocations) reportAllocations(profile, requests, collections, profileFile);
  else report(profile, requests, wallMs, profileFile);
}

/** Where code is: its package (node_modules), else its last two path parts; natives and V8 by name. */
function placeOf(frame: CallFrame): { where: string; name: string } {
  const where = frame.url.includes('node_modules/')
    ? frame.url.split('node_modules/')[1]!.split('/')[0]!
    : frame.url
      ? frame.url.split('/').slice(-2).join('/')
      : frame.functionName;
  const fn = frame.functionName || '(anonymous)';
  return { where, name: frame.url ? `${fn} ${where}:${frame.lineNumber + 1}` : fn };
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

function reportAllocations(
  profile: { head: HeapNode },
  requests: number,
  collections: ServerTimings['collections'],
  profileFile: string,
): void {
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode) => {
    if (node.selfSize > 0) {
      const { where, name } = placeOf(node.callFrame);
      byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
      byPackage.set(where, (byPackage.get(where) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  const kb = (bytes: number) => Number((bytes / 1024 / requests).toFixed(1));
  const ranked = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, bytes]) => ({ name, kbPerRequest: kb(bytes) }));
  const minor = collections.filter((g) => g.kind === 'minor').length;
  const figures = {
    items,
    requests,
    target: values.api ? 'api' : 'page',
    kbPerRequest: kb(total),
    collectionsPerRequest: Number((collections.length / requests).toFixed(3)),
    minorCollectionsPerRequest: Number((minor / requests).toFixed(3)),
    functions: ranked(byFunction),
    packages: ranked(byPackage),
  };
  log(
    `${requests} ${figures.target} requests ${values.load ? `from ${LOAD_CONNECTIONS} connections at once` : 'one at a time'}: the request thread allocated ${figures.kbPerRequest} KB ` +
      `per request (sampled; profile: ${profileFile}); ${figures.collectionsPerRequest} collections per request ` +
      `(${figures.minorCollectionsPerRequest} young-generation)`,
  );
  log('\n KB/request  function');
  for (const f of figures.functions) log(`${String(f.kbPerRequest).padStart(11)}  ${f.name}`);
  log('\n KB/request  file or package');
  for (const f of figures.packages) log(`${String(f.kbPerRequest).padStart(11)}  ${f.name}`);
  if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
}

interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}

function report(profile: CpuProfile, requests: number, wallMs: number, profileFile: string): void {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let busyUs = 0;
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id)!;
    const us = profile.timeDeltas[i] ?? 0;
    if (frame.functionName === '(idle)') return;
    busyUs += us;
    const { where, name } = placeOf(frame);
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byPackage.set(where, (byPackage.get(where) ?? 0) + us);
  });
  const perRequest = (us: number) => Math.round(us / requests);
  const ranked = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, usPerRequest: perRequest(us) }));
  const figures = {
    items,
    requests,
    target: values.api ? 'api' : 'page',
    underLoad: values.load !== undefined,
    msPerRequest: Number((wallMs / requests).toFixed(2)),
    requestThreadBusyMsPerRequest: Number((busyUs / 1000 / requests).toFixed(2)),
    functions: ranked(byFunction),
    packages: ranked(byPackage),
  };
  log(
    `${requests} ${figures.target} requests ${values.load ? `from ${LOAD_CONNECTIONS} connections at once, ${figures.msPerRequest} ms of wall time` : `one at a time: ${figures.msPerRequest} ms`} each; ` +
      `request thread busy ${figures.requestThreadBusyMsPerRequest} ms per request (profile: ${profileFile})`,
  );
  log('\n µs/request  function');
  for (const f of figures.functions) log(`${String(f.usPerRequest).padStart(11)}  ${f.name}`);
  log('\n µs/request  file or package');
  for (const f of figures.packages) log(`${String(f.usPerRequest).padStart(11)}  ${f.name}`);
  if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/** A full collection of this process's heap, where --expose-gc allows (the npm script passes it). */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
}

/** The client's main thread: ms on a core and ms waiting for one (null where unknown). */
function clientCpu(): { cpu: number; wait: number | null } {
  return readThread(process.pid, String(process.pid));
}

/**
 * CPU per search request (its /health with --control included) by thread, and the time each was
 * ready to run but waited for one of the machine's cores: what the threads of one request compete
 * for on two cores.
 */
function reportCpu(
  server: ThreadCpu | null,
  before: ReturnType<typeof clientCpu>,
  after: ReturnType<typeof clientCpu>,
  requests: number,
): void {
  if (!server) return;
  const per = (ms: number) => fixed(ms / requests);
  const client = {
    cpu: per(after.cpu - before.cpu),
    wait: after.wait === null || before.wait === null ? null : per(after.wait - before.wait),
  };
  const waited = (kind: keyof NonNullable<ThreadCpu['waiting']>) =>
    server.waiting ? `, waited ${server.waiting[kind]}` : '';
  log(
    `CPU per search request${values.control ? ' and its /health' : ''}, ms: server request thread ${server.requestThread}` +
      `${waited('requestThread')}; search workers ${server.searchWorkers}${waited('searchWorkers')}; ` +
      `V8 and Node helpers ${server.startThreads}${waited('startThreads')}; client ${client.cpu}` +
      (client.wait === null ? '' : `, waited ${client.wait}`),
  );
}

function nearestRank(sorted: readonly number[], p: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

function fixed(n: number): number {
  return Number(n.toFixed(2));
}

function reportLatency(
  client: readonly { start: number; end: number }[],
  controlClient: readonly { start: number; end: number }[],
  serverTimings: ServerTimings,
  clientCollections: ServerTimings['collections'],
): void {
  const server = {
    ...serverTimings,
    requests: serverTimings.requests.filter((r) => r.url !== CONTROL_PATH),
  };
  const controlServer = serverTimings.requests.filter((r) => r.url === CONTROL_PATH);
  if (server.requests.length !== client.length)
    throw new Error(`The server saw ${server.requests.length} requests, the client sent ${client.length}`);
  interface Sample {
    path: string;
    client: number;
    server: number;
    /** The server's time in SearchService.search: what bench:search times in-process. */
    search: number;
    /** The server's time outside it: the page's own (reading the URL, render, framework, collections). */
    rest: number;
    /** The client's wait less the search: what bench:search's "HTTP adds, paired" takes the p95 of. */
    adds: number;
    /** From the client's send to the server's request event: the request's way in. */
    before: number;
    /** From the response handed to the server's socket to the client's last byte: its way out. */
    after: number;
    /** Collections on the server's request thread, and on the client's, during the client's wait. */
    gcMs: number;
    clientGcMs: number;
  }
  const during = (collections: ServerTimings['collections'], start: number, end: number) =>
    collections.filter((g) => g.start < end && g.start + g.ms > start).reduce((sum, g) => sum + g.ms, 0);
  /** One request as both sides saw it. */
  const sampleOf = (
    path: string,
    c: { start: number; end: number },
    s: { start: number; end: number; searchMs: number },
  ): Sample => ({
    path,
    client: c.end - c.start,
    server: s.end - s.start,
    search: s.searchMs,
    rest: s.end - s.start - s.searchMs,
    adds: c.end - c.start - s.searchMs,
    before: s.start - c.start,
    after: c.end - s.end,
    gcMs: during(server.collections, c.start, c.end),
    clientGcMs: during(clientCollections, c.start, c.end),
  });
  const byClass = new Map<string, Sample[]>();
  const all: Sample[] = [];
  client.forEach((c, i) => {
    const s = server.requests[i]!;
    const path = paths[i % paths.length]!;
    if (s.url !== path) throw new Error(`Request ${i}: the server saw ${s.url}, not ${path}`);
    const sample = sampleOf(path, c, s);
    all.push(sample);
    const cls = classes[i % paths.length]!;
    byClass.set(cls, [...(byClass.get(cls) ?? []), sample]);
  });
  const summary = (cls: string, samples: Sample[]) => {
    const figures = (f: (s: Sample) => number) => {
      const sorted = samples.map(f).sort((a, b) => a - b);
      return { p50: fixed(nearestRank(sorted, 50)), p95: fixed(nearestRank(sorted, 95)) };
    };
    const clientMs = figures((s) => s.client);
    const serverMs = figures((s) => s.server);
    const slowest = [...samples]
      .sort((a, b) => b.client - a.client)
      .slice(0, Math.max(1, Math.ceil(samples.length / 20)));
    const excess = slowest.reduce((sum, s) => sum + (s.client - clientMs.p50), 0);
    const serverExcess = slowest.reduce((sum, s) => sum + (s.server - serverMs.p50), 0);
    const searchMs = figures((s) => s.search);
    const searchExcess = slowest.reduce((sum, s) => sum + (s.search - searchMs.p50), 0);
    return {
      class: cls,
      samples: samples.length,
      client: clientMs,
      server: serverMs,
      search: searchMs,
      rest: figures((s) => s.rest),
      adds: figures((s) => s.adds),
      before: figures((s) => s.before),
      after: figures((s) => s.after),
      slowest: {
        requests: slowest.length,
        meanExcessMs: fixed(excess / slowest.length),
        serverShare: excess > 0 ? fixed(serverExcess / excess) : 0,
        searchShare: excess > 0 ? fixed(searchExcess / excess) : 0,
        withCollection: slowest.filter((s) => s.gcMs > 0).length,
        withClientCollection: slowest.filter((s) => s.clientGcMs > 0).length,
      },
    };
  };
  const rows = [...byClass].map(([cls, samples]) => summary(cls, samples));
  if (controlClient.length > 0) {
    const samples = controlClient.map((c, i) => sampleOf(CONTROL_PATH, c, controlServer[i]!));
    rows.push(summary(`control ${CONTROL_PATH}`, samples));
  }
  const pair = (f: { p50: number; p95: number }, width: number) => `${f.p50} / ${f.p95}`.padEnd(width);
  log(
    `${client.length} ${values.api ? 'api' : 'page'} requests one at a time, ms p50 / p95. ` +
      'Search: the server in SearchService.search (what bench:search times in-process); rest: the ' +
      "server's other time; adds: the client's wait less the search (bench:search's HTTP adds, paired). Before: from the client sending to the server seeing the request; after: " +
      'from the response written to the client reading its end.',
  );
  log(
    'class               client          server          search          rest            adds            before          after           slowest 5%: +ms over p50, server share (search share), with a GC in server / client',
  );
  for (const r of rows)
    log(
      `${r.class.padEnd(18)}  ${pair(r.client, 14)}  ${pair(r.server, 14)}  ${pair(r.search, 14)}  ${pair(r.rest, 14)}  ${pair(r.adds, 14)}  ` +
        `${pair(r.before, 14)}  ${pair(r.after, 14)}  ` +
        `+${r.slowest.meanExcessMs}, ${Math.round(r.slowest.serverShare * 100)}% (${Math.round(r.slowest.searchShare * 100)}%), ` +
        `${r.slowest.withCollection} / ${r.slowest.withClientCollection} of ${r.slowest.requests}`,
    );
  const listed = Number(values.slowest);
  if (listed > 0) {
    log(
      `\nslowest ${listed} searches: client, server, search, before, after (ms), GC ms server / client, URL`,
    );
    for (const r of all.sort((a, b) => b.client - a.client).slice(0, listed))
      log(
        `  ${fixed(r.client)}  ${fixed(r.server)}  ${fixed(r.search)}  ${fixed(r.before)}  ${fixed(r.after)}  ` +
          `${fixed(r.gcMs)} / ${fixed(r.clientGcMs)}  ${r.path}`,
      );
  }
  const total = (collections: ServerTimings['collections']) =>
    fixed(collections.reduce((sum, g) => sum + g.ms, 0));
  const kinds = [...new Set(server.collections.map((g) => g.kind ?? 'other'))].map((kind) => {
    const of = server.collections.filter((g) => (g.kind ?? 'other') === kind);
    return `${kind} ${of.length}, ${total(of)} ms, longest ${fixed(Math.max(...of.map((g) => g.ms)))}`;
  });
  log(
    `collections: server request thread ${server.collections.length}, ${total(server.collections)} ms in all ` +
      `(${kinds.join('; ')}); client ${clientCollections.length}, ${total(clientCollections)} ms`,
  );
  if (values.json)
    process.stdout.write(
      `${JSON.stringify({ items, target: values.api ? 'api' : 'page', classes: rows })}\n`,
    );
}
