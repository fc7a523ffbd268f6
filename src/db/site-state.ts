/**
 * A content version stored in the database and bumped on every content or taxonomy write.
 * Page caches and ETags are keyed by it, so a write anywhere invalidates them everywhere.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

const CONTENT_VERSION = 'content_version';

/** The current content version (0 on a fresh database). */
export async function readContentVersion(db: Kysely<Database> | Transaction<Database>): Promise<number> {
  const row = await db
    .selectFrom('site_state')
    .select('value')
    .where('key', '=', CONTENT_VERSION)
    .executeTakeFirst();
  return row ? Number(row.value) : 0;
}

/** Increments the content version; call inside the transaction that writes content. */
export async function bumpContentVersion(db: Kysely<Database> | Transaction<Database>): Promise<number> {
  const next = (await readContentVersion(db)) + 1;
  await db
    .insertInto('site_state')
    .values({ key: CONTENT_VERSION, value: String(next) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(next) }))
    .execute();
  return next;
}
