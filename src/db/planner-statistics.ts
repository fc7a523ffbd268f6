/**
 * PostgreSQL plans queries from table statistics that autovacuum refreshes only now and then. A
 * table bulk-loaded from empty keeps the statistics of a near-empty table for a long time, and the
 * planner then answers the per-item lookup by URL from the wrong index, filtering every item of
 * the language and type (measured on a generated corpus at 40k items: 4.4 ms per lookup instead
 * of 0.02 ms; generation slowed to 200 items/s, and to 550 once analyzed). So bulk writers (the
 * importer, the demo loader) report what they wrote, and the content tables are analyzed each time
 * they have grown by as much again as they held at the last analysis. SQLite needs none of this.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { Database } from './schema.js';

/** Never analyze for fewer new items than this (a small import leaves statistics as they are). */
const MIN_GROWTH = 1000;

interface Growth {
  /** Items in the table at the last analysis (the planner's estimate at first). */
  base: number;
  /** Items written since. */
  written: number;
}

const growthOf = new WeakMap<Kysely<Database>, Growth>();

/**
 * Tells that `count` items were just written through `db`; analyzes the content tables when
 * they have doubled since the last analysis. Returns whether it did.
 */
export async function noteItemsWritten(db: Kysely<Database>, count: number): Promise<boolean> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter) || count <= 0) return false;
  let growth = growthOf.get(db);
  if (!growth) {
    const row = await sql<{
      n: number;
    }>`select greatest(reltuples, 0)::bigint as n from pg_class where oid = to_regclass('items')`.execute(db);
    growth = { base: Number(row.rows[0]?.n ?? 0), written: 0 };
    growthOf.set(db, growth);
  }
  growth.written += count;
  if (growth.written < Math.max(MIN_GROWTH, growth.base)) return false;
  await sql`analyze items, item_tags, item_sources, term_listing`.execute(db);
  growth.base += growth.written;
  growth.written = 0;
  return true;
}
