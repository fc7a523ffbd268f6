/** Runs and inspects migrations with Kysely's Migrator over our ordered in-code list. */
import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { DatelineError } from '../errors.js';
import { MIGRATIONS } from './migrations/index.js';
import type { DatabaseHandle } from './connection.js';
import type { Database } from './schema.js';

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
}

/** Applies every pending migration; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const result: MigrationResultSet = await migrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not yet applied. */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}

/**
 * Brings the schema up to date at start. SQLite is embedded and owned by this process, so it
 * migrates itself; PostgreSQL may be shared by several app servers, so it refuses to start on an
 * old schema unless told to migrate (Miniflux's rule).
 */
export async function ensureSchema(handle: DatabaseHandle, migrateAllowed: boolean): Promise<void> {
  const pending = await pendingMigrations(handle.db);
  if (pending.length === 0) return;
  if (handle.dialect === 'sqlite' || migrateAllowed) {
    await migrateToLatest(handle.db);
    return;
  }
  throw new DatelineError(
    'DL_SCHEMA_OUTDATED',
    `The database has ${pending.length} pending migration(s) (${pending.join(', ')}). ` +
      'Run `npx dateline migrate` or start with MIGRATE_ON_START=true.',
  );
}
