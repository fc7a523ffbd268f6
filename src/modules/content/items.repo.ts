/** Storage of items with their sources, tags, quotes and attachments. Functions take `db` first. */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { ContentType, Database, ItemRow } from '../../db/schema.js';
import { PUBLIC_STATUSES, visibleItems } from './visibility.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Columns a listing shows; bodies are left out so lists stay light. */
export const LISTING_COLUMNS = [
  'items.id',
  'items.type',
  'items.language',
  'items.url_year',
  'items.slug',
  'items.title',
  'items.summary',
  'items.dateline_place',
  'items.published_at',
  'items.status',
  'items.event_starts_at',
  'items.event_ends_at',
  'items.event_venue',
] as const;

export type ListedItem = Pick<
  ItemRow,
  | 'id'
  | 'type'
  | 'language'
  | 'url_year'
  | 'slug'
  | 'title'
  | 'summary'
  | 'dateline_place'
  | 'published_at'
  | 'status'
  | 'event_starts_at'
  | 'event_ends_at'
  | 'event_venue'
>;

export interface ListingFilter {
  readonly now: Date;
  readonly types?: readonly ContentType[];
  readonly language?: string;
  /** Items tagged with, or issued by, any of these terms. */
  readonly termIds?: readonly number[];
  /** Leave archived items out (the home page shows what is current). */
  readonly excludeArchived?: boolean;
  /** Case-insensitive words that must all occur in title or summary (the simple search). */
  readonly words?: readonly string[];
}

function filtered(db: Db, filter: ListingFilter) {
  let query = db.selectFrom('items').where(visibleItems(filter.now));
  if (filter.types && filter.types.length > 0) query = query.where('items.type', 'in', filter.types);
  if (filter.language) query = query.where('items.language', '=', filter.language);
  if (filter.excludeArchived) query = query.where('items.status', '!=', 'archived');
  if (filter.termIds && filter.termIds.length > 0) {
    const ids = filter.termIds;
    query = query.where((eb) =>
      eb.or([
        eb(
          'items.id',
          'in',
          eb.selectFrom('item_tags').select('item_tags.item_id').where('item_tags.term_id', 'in', ids),
        ),
        eb(
          'items.id',
          'in',
          eb
            .selectFrom('item_sources')
            .select('item_sources.item_id')
            .where('item_sources.term_id', 'in', ids),
        ),
      ]),
    );
  }
  for (const word of filter.words ?? []) {
    const pattern = `%${word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(items.title)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(items.summary)`, 'like', sql`${pattern} escape '\\'`),
      ]),
    );
  }
  return query;
}

/** A page of visible items, newest first, with the total count. */
export async function listVisibleItems(
  db: Db,
  filter: ListingFilter,
  page: { limit: number; offset: number },
): Promise<{ items: ListedItem[]; total: number }> {
  const [items, count] = await Promise.all([
    filtered(db, filter)
      .select(LISTING_COLUMNS)
      .orderBy('items.published_at', 'desc')
      .orderBy('items.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    filtered(db, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** Upcoming visible events, soonest first. */
export function listUpcomingEvents(
  db: Db,
  now: Date,
  language: string,
  limit: number,
): Promise<ListedItem[]> {
  return db
    .selectFrom('items')
    .where(visibleItems(now))
    .where('items.type', '=', 'event')
    .where('items.language', '=', language)
    .where('items.event_starts_at', '>=', now.toISOString())
    .select(LISTING_COLUMNS)
    .orderBy('items.event_starts_at', 'asc')
    .limit(limit)
    .execute();
}

/** The item at a stable URL, whatever its status (the caller applies visibility). */
export function findItemByUrl(
  db: Db,
  key: { language: string; type: string; year: number; slug: string },
): Promise<ItemRow | undefined> {
  return db
    .selectFrom('items')
    .selectAll()
    .where('language', '=', key.language)
    .where('type', '=', key.type as ContentType)
    .where('url_year', '=', key.year)
    .where('slug', '=', key.slug)
    .executeTakeFirst();
}

/** An item by id, whatever its status. */
export function findItemById(db: Db, id: number): Promise<ItemRow | undefined> {
  return db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Sources (issuing institutions) of an item, in the order given. */
export function listItemSourceIds(db: Db, itemId: number): Promise<number[]> {
  return db
    .selectFrom('item_sources')
    .select('term_id')
    .where('item_id', '=', itemId)
    .orderBy('position')
    .execute()
    .then((rows) => rows.map((r) => r.term_id));
}

/** Term ids an item is tagged with. */
export function listItemTagIds(db: Db, itemId: number): Promise<number[]> {
  return db
    .selectFrom('item_tags')
    .select('term_id')
    .where('item_id', '=', itemId)
    .orderBy('term_id')
    .execute()
    .then((rows) => rows.map((r) => r.term_id));
}

/** Quotes of an item with their speakers. */
export function listItemQuotes(db: Db, itemId: number) {
  return db
    .selectFrom('quotes')
    .innerJoin('people', 'people.id', 'quotes.person_id')
    .select([
      'quotes.id',
      'quotes.text',
      'quotes.role',
      'people.name as speaker',
      'people.slug as speaker_slug',
    ])
    .where('quotes.item_id', '=', itemId)
    .orderBy('quotes.position')
    .execute();
}

/** Attachments of an item. */
export function listItemAttachments(db: Db, itemId: number) {
  return db.selectFrom('attachments').selectAll().where('item_id', '=', itemId).orderBy('position').execute();
}

/** Visible translations of an item (other items of its translation set). */
export function listVisibleTranslations(db: Db, item: ItemRow, now: Date): Promise<ListedItem[]> {
  if (!item.translation_key) return Promise.resolve([]);
  return db
    .selectFrom('items')
    .where(visibleItems(now))
    .where('items.translation_key', '=', item.translation_key)
    .where('items.id', '!=', item.id)
    .select(LISTING_COLUMNS)
    .orderBy('items.language')
    .execute();
}

/** Visible items of the same language sharing the most tags with `itemId`, newest first among equals. */
export async function listRelatedItems(
  db: Db,
  itemId: number,
  language: string,
  tagIds: readonly number[],
  now: Date,
  limit: number,
): Promise<ListedItem[]> {
  if (tagIds.length === 0) return [];
  const shared = db
    .selectFrom('item_tags')
    .select(['item_tags.item_id', (eb) => eb.fn.countAll<number>().as('shared')])
    .where('item_tags.term_id', 'in', tagIds)
    .where('item_tags.item_id', '!=', itemId)
    .groupBy('item_tags.item_id')
    .orderBy('shared', 'desc')
    .orderBy('item_tags.item_id', 'desc')
    .limit(200)
    .as('candidates');
  return db
    .selectFrom(shared)
    .innerJoin('items', 'items.id', 'candidates.item_id')
    .where(visibleItems(now))
    .where('items.language', '=', language)
    .select(LISTING_COLUMNS)
    .orderBy('candidates.shared', 'desc')
    .orderBy('items.published_at', 'desc')
    .limit(limit)
    .execute();
}

/** Visible item counts per term (tags and sources), for browse pages. */
export async function countVisibleItemsPerTerm(
  db: Db,
  now: Date,
  termIds: readonly number[],
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (termIds.length === 0) return counts;
  const rows = await db
    .selectFrom('item_tags')
    .innerJoin('items', 'items.id', 'item_tags.item_id')
    .where(visibleItems(now))
    .where('item_tags.term_id', 'in', termIds)
    .select(['item_tags.term_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('item_tags.term_id')
    .execute();
  for (const row of rows) counts.set(row.term_id, Number(row.n));
  const sourceRows = await db
    .selectFrom('item_sources')
    .innerJoin('items', 'items.id', 'item_sources.item_id')
    .where(visibleItems(now))
    .where('item_sources.term_id', 'in', termIds)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('item_tags as t')
            .select('t.item_id')
            .whereRef('t.item_id', '=', 'item_sources.item_id')
            .whereRef('t.term_id', '=', 'item_sources.term_id'),
        ),
      ),
    )
    .select(['item_sources.term_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('item_sources.term_id')
    .execute();
  for (const row of sourceRows) counts.set(row.term_id, (counts.get(row.term_id) ?? 0) + Number(row.n));
  return counts;
}

/** Visible item counts per content type in one language. */
export async function countVisibleItemsPerType(
  db: Db,
  now: Date,
  language: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('items')
    .where(visibleItems(now))
    .where('items.language', '=', language)
    .select(['items.type', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('items.type')
    .execute();
  return new Map(rows.map((r) => [r.type, Number(r.n)]));
}

/** True when a slug is free at a URL position. */
export async function isSlugFree(
  db: Db,
  key: { language: string; type: string; year: number; slug: string },
): Promise<boolean> {
  return (await findItemByUrl(db, key)) === undefined;
}

export { PUBLIC_STATUSES };
