/**
 * Rebuilds everything derived from the items tables: each item's visible_from and the
 * term_listing index. The database stays the system of record; this is `dateline reindex`.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { bumpContentVersion } from '../../db/site-state.js';
import { PUBLIC_STATUSES } from './visibility.js';

/** Recomputes derived columns and tables in one transaction; returns the listing rows written. */
export async function rebuildDerived(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // The same rule as visibility.ts visibleFrom(): public statuses are visible from their instant.
    await trx
      .updateTable('items')
      .set({
        visible_from: sql<
          string | null
        >`case when status in (${sql.join(PUBLIC_STATUSES.map((s) => sql.lit(s)))}) then published_at else null end`,
      })
      .execute();
    await trx.deleteFrom('term_listing').execute();
    const terms = trx
      .selectFrom('item_tags')
      .select(['item_tags.item_id', 'item_tags.term_id'])
      .union(trx.selectFrom('item_sources').select(['item_sources.item_id', 'item_sources.term_id']))
      .as('t');
    const result = await trx
      .insertInto('term_listing')
      .columns(['term_id', 'item_id', 'language', 'visible_from'])
      .expression(
        trx
          .selectFrom(terms)
          .innerJoin('items', 'items.id', 't.item_id')
          .select(['t.term_id', 't.item_id', 'items.language', 'items.visible_from']),
      )
      .executeTakeFirst();
    await bumpContentVersion(trx);
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  });
}
