/** A SQLite database with N generated items, built once and reused by benchmarks. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
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
 * URL of a PostgreSQL schema holding `items` items of `seed`, made on first use as a copy of the
 * SQLite corpus of the same size and seed (generated first if missing), so both databases are
 * measured on the very same rows. Copying, not generating: the write path inserts an item at a
 * time, about ten statements each, which PostgreSQL's round trips make 150 items/s here (two hours
 * for a million), while the copy moves a few thousand rows per statement. The schema is the same
 * on both databases (text and integer columns; the migrations branch only on serial ids), and the
 * write path itself is tested on both by the data-layer tests. A schema is complete when it has the
 * `bench_corpus_complete` table, written last, so an interrupted copy is dropped and started again.
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
  } finally {
    await admin.end();
  }
  const file = await corpusDatabase(items, seed);
  const client = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.query(`create schema ${schema}`);
  } finally {
    await client.end();
  }
  // The schema's tables, made by the same migrations as the SQLite file's.
  const site = await openSite(
    loadConfig(process.env, { databaseUrl: url.toString(), logLevel: 'silent', migrateOnStart: true }),
  );
  await site.close();
  await copySqliteToPostgres(file, schema);
  return url.toString();
}

/** Rows per INSERT, and the most text one may carry (item bodies run to tens of kilobytes). */
const COPY_ROWS = 5000;
const COPY_BYTES = 8 * 1024 * 1024;

/**
 * Copies every table of the SQLite file into the (migrated) schema: the schema's own rows (seeded
 * taxonomy, state) are replaced, ids are kept and the serial sequences moved past them. Rows go in
 * as one JSON array per statement, which `json_populate_recordset` turns into the table's types.
 */
async function copySqliteToPostgres(file: string, schema: string): Promise<void> {
  const source = new BetterSqlite3(file, { readonly: true });
  const client = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`set search_path to ${schema}`);
    const { rows: columns } = await client.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns
        where table_schema = $1 and table_name not like 'kysely_migration%'
        order by table_name, ordinal_position`,
      [schema],
    );
    const tables = new Map<string, string[]>();
    for (const c of columns) tables.set(c.table_name, [...(tables.get(c.table_name) ?? []), c.column_name]);
    const counts = new Map<string, number>();
    for (const table of tables.keys()) {
      const known = source
        .prepare(`select 1 from sqlite_master where type = 'table' and name = ?`)
        .get(table);
      if (!known) throw new Error(`The SQLite corpus has no table ${table}: regenerate it`);
      counts.set(table, (source.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n);
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const progress = startProgress(total, `Copying ${total.toLocaleString('en')} rows into PostgreSQL`);
    await client.query('begin');
    // Foreign keys are checked by triggers; the copy is of a consistent database, so skip them.
    await client.query('set local session_replication_role = replica');
    await client.query(`truncate ${[...tables.keys()].map((t) => `"${t}"`).join(', ')}`);
    for (const [table, names] of tables) {
      const list = names.map((n) => `"${n}"`).join(', ');
      const insert = `insert into "${table}" (${list}) select ${list} from json_populate_recordset(null::"${table}", $1)`;
      let batch: unknown[] = [];
      let bytes = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        await client.query(insert, [JSON.stringify(batch)]);
        progress.increment(batch.length);
        batch = [];
        bytes = 0;
      };
      for (const row of source.prepare(`select ${list} from "${table}" order by rowid`).iterate()) {
        batch.push(row);
        for (const value of Object.values(row as Record<string, unknown>))
          if (typeof value === 'string') bytes += value.length;
        if (batch.length >= COPY_ROWS || bytes >= COPY_BYTES) await flush();
      }
      await flush();
      // Serial ids were copied as they were: the next one must come after them.
      for (const name of names) {
        const { rows } = await client.query<{ seq: string | null }>(
          'select pg_get_serial_sequence($1, $2) as seq',
          [`${schema}.${table}`, name],
        );
        const seq = rows[0]?.seq;
        if (seq)
          await client.query(
            `select setval('${seq}', coalesce((select max("${name}") from "${table}"), 0) + 1, false)`,
          );
      }
    }
    await client.query('create table bench_corpus_complete (at text not null)');
    await client.query('commit');
    progress.stop();
    await client.query('vacuum analyze');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
    source.close();
  }
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
