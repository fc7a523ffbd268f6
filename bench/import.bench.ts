/**
 * `npm run bench:import [-- --items 10000 --json]`
 * Imports generated legacy pages (the seed page's form) with the real CLI into a fresh SQLite
 * database, tagging on — countries, mentions and a topic classifier trained first on 2,000 demo
 * items, as a site with an archive would have — and reports pages per second. In the same run, on
 * the same pages:
 * `--dry-run` (extraction and tagging without writing) as the baseline, and a rerun (every page
 * already imported, so every page is skipped by its content hash).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { corpusCatalog } from '../src/modules/demo/demo.service.js';
import { openSite } from '../src/site.js';
import { BENCH_DIR } from './corpus-db.js';
import { legacyPagesFolder } from './legacy-pages.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '10000' },
    json: { type: 'boolean', default: false },
  },
});
const count = Number(values.items);
if (!Number.isInteger(count) || count < 1) throw new Error('--items must be a positive integer');
const log = (line: string) => process.stderr.write(`${line}\n`);
const BIN = path.join(import.meta.dirname, '..', 'bin', 'dateline.js');

interface Run {
  readonly seconds: number;
  readonly pagesPerSecond: number;
  readonly report: string;
}

/** Runs a `dateline` command as a user would, timing the whole command. */
function runCli(databaseUrl: string, args: string[]): Promise<Run> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', CI: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const report =
        /\d+ (?:file|item|record)\(s\).*$/m.exec(stderr)?.[0] ?? stderr.trim().split('\n').pop()!;
      if (code !== 0) return reject(new Error(`${args[0]} exited with ${code}: ${stderr.slice(-2000)}`));
      resolve({ seconds, pagesPerSecond: Math.round(count / seconds), report });
    });
  });
}

fs.mkdirSync(BENCH_DIR, { recursive: true });
// The catalog comes from the profile as a site sees it; a throwaway database is enough for that.
const scratch = path.join(BENCH_DIR, 'import-catalog.db');
const site = await openSite(
  loadConfig(process.env, { databaseUrl: `sqlite:${scratch}`, logLevel: 'silent' }),
);
const catalog = corpusCatalog(site.taxonomy(), site.profile);
log(`Writing ${count.toLocaleString('en')} legacy pages (once; reused afterwards)…`);
const folder = legacyPagesFolder(BENCH_DIR, count, catalog, site.profile);
await site.close();

const dbFile = path.join(BENCH_DIR, `import-${count}.db`);
for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
const databaseUrl = `sqlite:${dbFile}`;

const runImport = (extra: string[] = []) => runCli(databaseUrl, ['import', folder, ...extra]);
log('setup: 2,000 demo items and a trained topic classifier…');
await runCli(databaseUrl, ['demo', '--items', '2000', '--seed', '3']);
const training = await runCli(databaseUrl, ['enrich', 'train']);
log(`  trained in ${training.seconds.toFixed(1)} s`);
log('dry run (extract and tag, write nothing)…');
const dryRun = await runImport(['--dry-run']);
log('import…');
const first = await runImport();
log('rerun (every page already imported)…');
const rerun = await runImport();

const rows = [
  ['dry run (baseline)', dryRun],
  ['import', first],
  ['rerun', rerun],
] as const;
log('');
log(
  `${count.toLocaleString('en')} legacy pages, SQLite, one process (CLI end to end), tagging with a trained classifier`,
);
log('run                     seconds   pages/s   vs dry run   report');
for (const [name, run] of rows) {
  log(
    `${name.padEnd(22)} ${run.seconds.toFixed(1).padStart(8)} ${String(run.pagesPerSecond).padStart(9)} ` +
      `${`${Math.round((run.pagesPerSecond / dryRun.pagesPerSecond) * 100)}%`.padStart(12)}   ${run.report}`,
  );
}
log(`target: import ≥ 200 pages/s — ${first.pagesPerSecond >= 200 ? 'met' : 'NOT met'}`);
if (values.json) {
  process.stdout.write(
    `${JSON.stringify({
      pages: count,
      dryRun: { seconds: dryRun.seconds, pagesPerSecond: dryRun.pagesPerSecond },
      import: { seconds: first.seconds, pagesPerSecond: first.pagesPerSecond },
      rerun: { seconds: rerun.seconds, pagesPerSecond: rerun.pagesPerSecond },
      targetMet: first.pagesPerSecond >= 200,
    })}\n`,
  );
}
