/** A SQLite database with N generated items, built once and reused by benchmarks. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { loadDemoItems } from '../src/modules/demo/demo.service.js';
import { openSite } from '../src/site.js';
import { startProgress } from '../src/cli/progress.js';

export const BENCH_DIR = path.join(import.meta.dirname, 'out');

/**
 * A fingerprint of what shapes a corpus database: the schema, the generator and the content write
 * path. Only those files: any other change (a new module beside them) must not force a rebuild.
 */
function corpusFingerprint(): string {
  const hash = createHash('sha1');
  const sources = [
    ...fs
      .readdirSync(path.join(import.meta.dirname, '../src/db/migrations'))
      .map((f) => `../src/db/migrations/${f}`),
    ...fs
      .readdirSync(path.join(import.meta.dirname, '../src/modules/demo'))
      .map((f) => `../src/modules/demo/${f}`),
    '../src/modules/content/items.service.ts',
    '../src/modules/content/markdown.ts',
    '../src/modules/content/slug.ts',
    '../src/modules/content/visibility.ts',
  ];
  for (const file of sources.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort())
    hash.update(fs.readFileSync(path.join(import.meta.dirname, file)));
  return hash.digest('hex').slice(0, 10);
}

/** Path of a SQLite file holding `items` items of `seed`; generated on first use. */
export async function corpusDatabase(items: number, seed = 1): Promise<string> {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `corpus-${items}-s${seed}-${corpusFingerprint()}.db`);
  const done = `${file}.complete`;
  if (fs.existsSync(done)) return file;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const site = await openSite(loadConfig(process.env, { databaseUrl: `sqlite:${file}`, logLevel: 'silent' }));
  try {
    const progress = startProgress(items, `Generating ${items.toLocaleString('en')} items`);
    await loadDemoItems(site.database.db, site.taxonomy(), site.profile, {
      items,
      seed,
      now: new Date('2026-11-01T00:00:00Z'),
      batchSize: 1000,
      onProgress: (n) => progress.increment(n),
    });
    progress.stop();
  } finally {
    await site.close();
  }
  fs.writeFileSync(done, new Date().toISOString());
  return file;
}
