/**
 * `npm run bench:search-profile`: where the request thread's time goes on a search, measured on
 * the real server over loopback HTTP — the benchmark's query mix, one request at a time, the
 * server's request thread CPU-profiled (the search index runs in its worker thread, not profiled).
 * Prints the thread's busy time per request, then its self time per function and per package.
 *
 * Why the real server and not `app.inject`: an injected request builds its response as strings
 * that outlive young-generation collections, so a profile through inject showed the collector at
 * ~0.56 ms a request where the server spends ~0.15 ms, and hid the socket write (~0.1–0.45 ms a
 * page on this machine's loopback).
 *
 *   npm run bench:search-profile -- --items 200000 --rounds 5 [--api] [--top 30] [--json]
 */
import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { InlineHost } from '../src/modules/search/engine/index-host.js';
import { openSite } from '../src/site.js';
import { BENCH_DIR, corpusDatabase } from './corpus-db.js';
import { apiSearchPath, buildQueryMix, searchPath } from './search-queries.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '5' },
    api: { type: 'boolean', default: false },
    top: { type: 'string', default: '30' },
    json: { type: 'boolean', default: false },
  },
});
const items = Number(values.items);
const rounds = Math.max(1, Number(values.rounds));
const top = Math.max(1, Number(values.top));
const log = (line: string) => process.stderr.write(`${line}\n`);

const file = await corpusDatabase(items);
const databaseUrl = `sqlite:${file}`;

// The query mix is drawn from the index's vocabulary: built here once, then dropped.
log('Building the query mix…');
const site = await openSite(loadConfig(process.env, { databaseUrl, logLevel: 'silent' }));
let paths: string[];
try {
  const host = new InlineHost(site.database.db, () => site.taxonomy());
  const index = await host.ready();
  const mix = await buildQueryMix(index.mainData, site.taxonomy(), site.database.db);
  paths = mix.queries.map(values.api ? apiSearchPath : searchPath);
  await host.close();
} finally {
  await site.close();
}

interface Reply {
  port?: number;
  started?: boolean;
  written?: string;
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
  execArgv: ['--import', path.join(import.meta.dirname, '../bin/run-typescript.js')],
  // The API's per-address rate limit would answer most of the run with 429s.
  env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', API_RATE_LIMIT: '100000000' },
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
});
try {
  const { port } = await reply(child, 'port');
  const base = `http://127.0.0.1:${port}`;
  const get = async (p: string) => {
    const res = await fetch(base + p);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${p} answered HTTP ${res.status}`);
  };
  log(`Server on ${base}; building its index…`);
  await get(paths[0]!);
  // Two untimed passes: the server's caches (word bounds, facet counts, statements) warm.
  for (let pass = 0; pass < 2; pass++) for (const p of paths) await get(p);
  child.send({ kind: 'start' });
  await reply(child, 'started');
  const started = performance.now();
  for (let round = 0; round < rounds; round++) for (const p of paths) await get(p);
  const wallMs = performance.now() - started;
  const profileFile = path.join(BENCH_DIR, 'search-server.cpuprofile');
  child.send({ kind: 'stop', file: profileFile });
  await reply(child, 'written');
  report(JSON.parse(fs.readFileSync(profileFile, 'utf8')), rounds * paths.length, wallMs, profileFile);
} finally {
  child.kill();
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
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
    // Code by package (node_modules) or by its last two path parts; natives and V8 by name.
    const where = frame.url.includes('node_modules/')
      ? frame.url.split('node_modules/')[1]!.split('/')[0]!
      : frame.url
        ? frame.url.split('/').slice(-2).join('/')
        : frame.functionName;
    const fn = frame.functionName || '(anonymous)';
    const name = frame.url ? `${fn} ${where}:${frame.lineNumber + 1}` : fn;
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
    msPerRequest: Number((wallMs / requests).toFixed(2)),
    requestThreadBusyMsPerRequest: Number((busyUs / 1000 / requests).toFixed(2)),
    functions: ranked(byFunction),
    packages: ranked(byPackage),
  };
  log(
    `${requests} ${figures.target} requests one at a time: ${figures.msPerRequest} ms each; ` +
      `request thread busy ${figures.requestThreadBusyMsPerRequest} ms per request (profile: ${profileFile})`,
  );
  log('\n µs/request  function');
  for (const f of figures.functions) log(`${String(f.usPerRequest).padStart(11)}  ${f.name}`);
  log('\n µs/request  file or package');
  for (const f of figures.packages) log(`${String(f.usPerRequest).padStart(11)}  ${f.name}`);
  if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
}
