/**
 * Runs a data-layer suite once per dialect, on real databases: SQLite always, PostgreSQL at
 * DATELINE_TEST_POSTGRES_URL. Each run gets its own SQLite file or PostgreSQL schema, so test
 * files can run in parallel. Under CI=true a missing PostgreSQL fails the run instead of skipping.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { type DatabaseHandle, type DialectName, openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';

export const TEST_POSTGRES_URL = process.env.DATELINE_TEST_POSTGRES_URL;

/** The dialects this run covers, with why one is missing. */
export function testDialects(): DialectName[] {
  if (TEST_POSTGRES_URL) return ['sqlite', 'postgres'];
  if (process.env.CI === 'true') {
    throw new Error('CI=true but DATELINE_TEST_POSTGRES_URL is not set: PostgreSQL tests must run in CI.');
  }
  return ['sqlite'];
}

/** A fresh, migrated, isolated database of the given dialect, and a way to throw it away. */
export interface TestDatabase extends DatabaseHandle {
  /** The URL that opens this same database (for a second handle or a child process). */
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates an empty database (SQLite temp file or new PostgreSQL schema) and migrates it. */
export async function createTestDatabase(dialect: DialectName, migrate = true): Promise<TestDatabase> {
  const id = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  let url: string;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-test-'));
    url = `sqlite:${path.join(dir, 'test.db')}`;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    if (!TEST_POSTGRES_URL) throw new Error('DATELINE_TEST_POSTGRES_URL is not set');
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${id}`);
    await admin.end();
    const u = new URL(TEST_POSTGRES_URL);
    u.searchParams.set('schema', id);
    url = u.toString();
    cleanup = async () => {
      const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${id} CASCADE`);
      await c.end();
    };
  }
  const handle = openDatabase(url);
  if (migrate) await migrateToLatest(handle);
  return {
    ...handle,
    url,
    drop: async () => {
      await handle.close().catch(() => undefined);
      await cleanup();
    },
  };
}

/** `describe` once per dialect; the suite title says which, so test output shows both ran. */
export function describeEachDialect(title: string, suite: (dialect: DialectName) => void): void {
  for (const dialect of testDialects()) {
    describe(`${title} [${dialect}]`, () => suite(dialect));
  }
}
