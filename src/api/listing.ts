/**
 * Keyset-paginated listings of visible items for the API: newest first by (publication instant,
 * id), and events soonest first by (start, id). Filters mirror the search page's parameters;
 * visibility is the shared SQL rule `visibleItems(now)`, so embargoed items, drafts and
 * withdrawn items never reach a page or a count.
 */
import type { Kysely } from 'kysely';
import type { ContentType, Database } from '../db/schema.js';
import { visibleItems } from '../modules/content/visibility.js';
import type { CursorPosition } from './cursor.js';
import { type PresentedRow, presentedColumns } from './item-view.js';
import type { ItemField } from './schemas.js';

export interface ItemFilter {
  readonly now: Date;
  readonly types?: readonly ContentType[];
  readonly languages?: readonly string[];
  /** One entry per vocabulary: items tagged with or issued by any of the term ids (OR within, AND across). */
  readonly termSets?: readonly (readonly number[])[];
  /** Items issued by any of these term ids. */
  readonly sourceIds?: readonly number[];
  /** Inclusive instants on the publication instant (items) or the start (events). */
  readonly from?: string;
  readonly to?: string;
}

function filtered(db: Kysely<Database>, filter: ItemFilter, instant: 'visible_from' | 'event_starts_at') {
  let query = db.selectFrom('items').where(visibleItems(filter.now));
  if (filter.types?.length) query = query.where('items.type', 'in', filter.types);
  if (filter.languages?.length) query = query.where('items.language', 'in', filter.languages);
  if (filter.from) query = query.where(`items.${instant}`, '>=', filter.from);
  if (filter.to) query = query.where(`items.${instant}`, '<=', filter.to);
  for (const termIds of filter.termSets ?? []) {
    query = query.where(
      'items.id',
      'in',
      db
        .selectFrom('term_listing')
        .select('term_listing.item_id')
        .where('term_listing.term_id', 'in', termIds),
    );
  }
  if (filter.sourceIds?.length) {
    query = query.where(
      'items.id',
      'in',
      db
        .selectFrom('item_sources')
        .select('item_sources.item_id')
        .where('item_sources.term_id', 'in', filter.sourceIds),
    );
  }
  return query;
}

/** A page of items (one more than `limit` is read to know whether a next page exists) and the total. */
async function page(
  db: Kysely<Database>,
  filter: ItemFilter,
  order: { column: 'visible_from' | 'event_starts_at'; direction: 'asc' | 'desc' },
  after: CursorPosition | undefined,
  limit: number,
  fields: ReadonlySet<ItemField>,
): Promise<{ rows: PresentedRow[]; hasMore: boolean; total: number }> {
  const { column, direction } = order;
  const beyond = direction === 'desc' ? '<' : '>';
  let rowsQuery = filtered(db, filter, column).select(presentedColumns(fields));
  if (after) {
    rowsQuery = rowsQuery.where((eb) =>
      eb.or([
        eb(`items.${column}`, beyond, after.instant),
        eb.and([eb(`items.${column}`, '=', after.instant), eb('items.id', beyond, after.id)]),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    rowsQuery
      .orderBy(`items.${column}`, direction)
      .orderBy('items.id', direction)
      .limit(limit + 1)
      .execute(),
    filtered(db, filter, column)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit, total: Number(count.n) };
}

/** Visible items, newest first. */
export function listItemsPage(
  db: Kysely<Database>,
  filter: ItemFilter,
  after: CursorPosition | undefined,
  limit: number,
  fields: ReadonlySet<ItemField>,
) {
  return page(db, filter, { column: 'visible_from', direction: 'desc' }, after, limit, fields);
}

/** Visible events starting within the filter's range, soonest first. */
export function listEventsPage(
  db: Kysely<Database>,
  filter: ItemFilter,
  after: CursorPosition | undefined,
  limit: number,
  fields: ReadonlySet<ItemField>,
) {
  return page(
    db,
    { ...filter, types: ['event'] },
    { column: 'event_starts_at', direction: 'asc' },
    after,
    limit,
    fields,
  );
}
