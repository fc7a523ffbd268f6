/** A SQLite database with N generated items, built once and reused by benchmarks. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
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

/** Where PostgreSQL corpora are kept: a schema per corpus in this database. */
export const BENCH_POSTGRES_URL =
  process.env.DATELINE_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * URL of a PostgreSQL schema holding `items` items of `seed`, generated on first use. A schema is
 * complete when it has the `bench_corpus_complete` table, written last, so an interrupted build
 * is dropped and started again.
 */
export async function corpusPostgres(items: number, seed = 1): Promise<string> {
  const schema = `bench_c${items}_s${seed}_${corpusFingerprint()}`;
  const url = new URL(BENCH_POSTGRES_URL);
  url.searchParams.set('schema', schema);
  const admin = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  await admin.connect();
  try {
    const complete = await admin.query(
      `select 1 from information_schema.tables where table_schema = $1 and table_name = 'bench_corpus_complete'`,
      [schema],
    );
    if (complete.rowCount) return url.toString();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const site = await openSite(
    loadConfig(process.env, { databaseUrl: url.toString(), logLevel: 'silent', migrateOnStart: true }),
  );
  try {
    const progress = startProgress(items, `Generating ${items.toLocaleString('en')} items in PostgreSQL`);
    await loadDemoItems(site.database.db, site.taxonomy(), site.profile, {
      items,
      seed,
      now: new Date('2026-11-01T00:00:00Z'),
      batchSize: 1000,
      onProgress: (n) => progress.increment(n),
    });
    progress.stop();
    await sql`create table bench_corpus_complete (at text not null)`.execute(site.database.db);
    await sql`vacuum analyze`.execute(site.database.db);
  } finally {
    await site.close();
  }
  return url.toString();
}

/** Size on disk of a corpus database in MB: the SQLite file with its WAL, or the schema's relations. */
export async function corpusSizeMb(databaseUrl: string): Promise<number> {
  if (databaseUrl.startsWith('sqlite:')) {
    const file = databaseUrl.slice('sqlite:'.length);
    const bytes = [file, `${file}-wal`].reduce(
      (sum, f) => sum + (fs.existsSync(f) ? fs.statSync(f).size : 0),
      0,
    );
    return Math.round(bytes / 1048576);
  }
  const schema = new URL(databaseUrl).searchParams.get('schema') ?? 'public';
  const client = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ bytes: string }>(
      `select coalesce(sum(pg_total_relation_size(c.oid)), 0) as bytes
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relkind in ('r', 'm')`,
      [schema],
    );
    return Math.round(Number(rows[0]?.bytes ?? 0) / 1048576);
  } finally {
    await client.end();
  }
}
