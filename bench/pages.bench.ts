import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { corpusDatabase } from './corpus-db.js';
import { startBenchServer, untilReady } from './server-process.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
  },
});
const items = Number(values.items);
const duration = Number(values.duration);
const connections = Number(values.connections);
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Figures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

async function load(url: string, paths: string[], headers: Record<string, string> = {}): Promise<Figures> {
  const run = (seconds: number) =>
    autocannon({
      url,
      connections,
      duration: seconds,
      headers,
      requests: paths.map((p) => ({ method: 'GET', path: p })),
    });
  await run(2); // warm-up: JIT, page cache, SQLite page cache
  const result = await run(duration);
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

const file = await corpusDatabase(items);
const sqlite = new Database(file, { readonly: true });
const itemPaths = (
  sqlite
    .prepare(
      `select language, type, url_year, slug from items where status in ('published','archived') and published_at <= ? and language = 'en'
       order by id limit 500`,
    )
    .all(new Date().toISOString()) as { language: string; type: string; url_year: number; slug: string }[]
).map((r) => `/${r.language}/${r.type}/${r.url_year}/${r.slug}`);
const popularTerm = sqlite
  .prepare(
    `select v.slug as vocabulary, t.slug as term, count(*) as n from item_tags it join terms t on t.id = it.term_id
     join vocabularies v on v.id = t.vocabulary_id where v.slug = 'countries' group by it.term_id order by n desc limit 1`,
  )
  .get() as { vocabulary: string; term: string; n: number };
sqlite.close();
const termPath = `/en/${popularTerm.vocabulary}/${popularTerm.term}`;
const itemPath = itemPaths[0]!;

const databaseUrl = `sqlite:${file}`;
const bare = await startBenchServer('bare');
const app = await startBenchServer('app', { DATABASE_URL: databaseUrl });
const uncached = await startBenchServer('app', { DATABASE_URL: databaseUrl, PAGE_CACHE_ENTRIES: '0' });
try {
  // Term listings are searches: measured once the servers' indexes are built and warmed.
  await Promise.all([untilReady(app.url), untilReady(uncached.url)]);
  const etag = (await fetch(`${app.url}${itemPath}`)).headers.get('etag') ?? '';
  log(`Corpus: ${items.toLocaleString('en')} items; ${duration}s per scenario, ${connections} connections`);
  const scenarios: [string, () => Promise<Figures>][] = [
    ['bare route', () => load(bare.url, ['/'])],
    ['home', () => load(app.url, ['/en/'])],
    ['item page', () => load(app.url, [itemPath])],
    ['item pages, 500 distinct', () => load(app.url, itemPaths)],
    [`term listing (${termPath}, ${popularTerm.n} items)`, () => load(app.url, [termPath])],
    ['304 revalidation', () => load(app.url, [itemPath], { 'if-none-match': etag })],
    ['item pages, cache off', () => load(uncached.url, itemPaths)],
    ['term listing, cache off', () => load(uncached.url, [termPath])],
  ];
  const results: Record<string, Figures & { ratioToBare: number }> = {};
  let baseline = 0;
  for (const [name, run] of scenarios) {
    const figures = await run();
    if (name === 'bare route') baseline = figures.requestsPerSecond;
    results[name] = { ...figures, ratioToBare: Number((figures.requestsPerSecond / baseline).toFixed(3)) };
    log(
      `${name.padEnd(52)} ${String(figures.requestsPerSecond).padStart(7)} req/s  p50 ${String(figures.p50Ms).padStart(3)} ms  p99 ${String(figures.p99Ms).padStart(3)} ms  ${((figures.requestsPerSecond / baseline) * 100).toFixed(1).padStart(5)}% of bare${figures.non2xx || figures.errors ? `  (non-2xx ${figures.non2xx}, errors ${figures.errors})` : ''}`,
    );
  }
  const summary = { items, durationSeconds: duration, connections, scenarios: results };
  if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
} finally {
  for (const s of [bare, app, uncached]) s.child.kill();
}
