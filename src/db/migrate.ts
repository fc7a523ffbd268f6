/** Runs and inspects migrations with Kysely's Migrator over our ordered in-code list. */
import { type MigrationResultSet, Migrator } from 'kysely';
import { DatelineError } from '../errors.js';
import { MIGRATIONS } from './migrations/index.js';
import type { DatabaseHandle } from './connection.js';

// Kysely's bookkeeping tables live in the handle's own schema: several schemas in one PostgreSQL
// database (tests, tenants) must never see each other's migration lock.
function migrator(handle: Pick<DatabaseHandle, 'db' | 'schema'>): Migrator {
  return new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
    ...(handle.schema ? { migrationTableSchema: handle.schema } : {}),
  });
}

/** Applies every pending migration; throws with the failing migration's name on error. */
export async function migrateToLatest(handle: Pick<DatabaseHandle, 'db' | 'schema'>): Promise<string[]> {
  const result: MigrationResultSet = await migrator(handle).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not yet applied. */
export async function pendingMigrations(handle: Pick<DatabaseHandle, 'db' | 'schema'>): Promise<string[]> {
  const all = await migrator(handle).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}

/**
 * Brings the schema up to date at start. SQLite is embedded and owned by this process, so it
 * migrates itself; PostgreSQL may be shared by several app servers, so it refuses to start on an
 * old schema unless told to migrate (Miniflux's rule).
 */
export async function ensureSchema(handle: DatabaseHandle, migrateAllowed: boolean): Promise<void> {
  const pending = await pendingMigrations(handle);
  if (pending.length === 0) return;
  if (handle.dialect === 'sqlite' || migrateAllowed) {
    await migrateToLatest(handle);
    return;
  }
  throw new DatelineError(
    'DL_SCHEMA_OUTDATED',
    `The database has ${pending.length} pending migration(s) (${pending.join(', ')}). ` +
      'Run `npx dateline migrate` or start with MIGRATE_ON_START=true.',
  );
}
