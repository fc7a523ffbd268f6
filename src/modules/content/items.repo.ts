/** Storage of items with their sources, tags, quotes and attachments. Functions take `db` first. */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { ContentType, Database, ItemRow, TagOrigin } from '../../db/schema.js';
import { visibleItems, visibleListings } from './visibility.js';

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
  readonly language: string;
  readonly types?: readonly ContentType[];
  /** Items tagged with, or issued by, any of these terms. */
  readonly termIds?: readonly number[];
  /** Leave archived items out (the home page shows what is current). */
  readonly excludeArchived?: boolean;
  /** Case-insensitive words that must all occur in title or summary (the simple search). */
  readonly words?: readonly string[];
}

function filtered(db: Db, filter: ListingFilter) {
  let query = db
    .selectFrom('items')
    .where('items.language', '=', filter.language)
    .where(visibleItems(filter.now));
  if (filter.types && filter.types.length > 0) query = query.where('items.type', 'in', filter.types);
  if (filter.excludeArchived) query = query.where('items.status', '!=', 'archived');
  if (filter.termIds && filter.termIds.length > 0) {
    query = query.where('items.id', 'in', termItems(db, filter).select('term_listing.item_id'));
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

/** Visible listing rows of a language under any of the filter's terms. */
function termItems(db: Db, filter: ListingFilter) {
  return db
    .selectFrom('term_listing')
    .where('term_listing.term_id', 'in', filter.termIds ?? [])
    .where('term_listing.language', '=', filter.language)
    .where(visibleListings(filter.now));
}

/** A page of visible items, newest first, with the total count. */
export async function listVisibleItems(
  db: Db,
  filter: ListingFilter,
  page: { limit: number; offset: number },
): Promise<{ items: ListedItem[]; total: number }> {
  const onlyTerms =
    filter.termIds &&
    filter.termIds.length > 0 &&
    !filter.types?.length &&
    !filter.words?.length &&
    !filter.excludeArchived;
  if (onlyTerms) return listTermItems(db, filter, page);
  const [items, count] = await Promise.all([
    filtered(db, filter)
      .select(LISTING_COLUMNS)
      .orderBy('items.visible_from', 'desc')
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

/**
 * A term page: the page of ids comes straight from the term_listing index (already in date order
 * for one term), then only those items are read.
 */
async function listTermItems(
  db: Db,
  filter: ListingFilter,
  page: { limit: number; offset: number },
): Promise<{ items: ListedItem[]; total: number }> {
  const single = filter.termIds!.length === 1;
  const [ids, count] = await Promise.all([
    (single
      ? termItems(db, filter).select(['term_listing.item_id', 'term_listing.visible_from'])
      : termItems(db, filter).select(['term_listing.item_id', 'term_listing.visible_from']).distinct()
    )
      .orderBy('term_listing.visible_from', 'desc')
      .orderBy('term_listing.item_id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    termItems(db, filter)
      .select((eb) =>
        (single ? eb.fn.countAll<number>() : eb.fn.count<number>('term_listing.item_id').distinct()).as('n'),
      )
      .executeTakeFirstOrThrow(),
  ]);
  const order = ids.map((r) => r.item_id);
  const rows =
    order.length > 0
      ? await db.selectFrom('items').select(LISTING_COLUMNS).where('items.id', 'in', order).execute()
      : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    items: order.map((id) => byId.get(id)).filter((r): r is ListedItem => r !== undefined),
    total: Number(count.n),
  };
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

/** The item imported from a legacy URL with this path, whatever its status. */
export function findItemByLegacyPath(db: Db, path: string): Promise<ItemRow | undefined> {
  return db
    .selectFrom('items')
    .selectAll()
    .where('legacy_path', '=', path)
    .orderBy('id')
    .limit(1)
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

/** A tag of an item and who made it: the future editor lists machine-made tags for review. */
export interface ItemTagRow {
  readonly termId: number;
  readonly origin: TagOrigin;
  /** For machine-made tags; null for editors'. */
  readonly confidence: number | null;
}

/** Tags of an item with their origin and confidence, by term id. */
export function listItemTags(db: Db, itemId: number): Promise<ItemTagRow[]> {
  return db
    .selectFrom('item_tags')
    .select(['term_id', 'origin', 'confidence'])
    .where('item_id', '=', itemId)
    .orderBy('term_id')
    .execute()
    .then((rows) =>
      rows.map((r) => ({
        termId: r.term_id,
        origin: r.origin,
        // PostgreSQL keeps a `real` in single precision (0.87 reads 0.8700000047…): six places undo it.
        confidence: r.confidence === null ? null : Math.round(Number(r.confidence) * 1e6) / 1e6,
      })),
    );
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
export function listVisibleTranslations(
  db: Db,
  item: Pick<ItemRow, 'id' | 'translation_key'>,
  now: Date,
): Promise<ListedItem[]> {
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

/**
 * Visible items of the same language sharing the most tags with an item: candidates are the most
 * recent items under each of its tags (index range scans), ranked by tags shared, then by date.
 */
export async function listRelatedItems(
  db: Db,
  itemId: number,
  language: string,
  tagIds: readonly number[],
  now: Date,
  limit: number,
): Promise<ListedItem[]> {
  if (tagIds.length === 0) return [];
  const perTag = await Promise.all(
    tagIds.map((termId) =>
      termItems(db, { now, language, termIds: [termId] })
        .select(['term_listing.item_id', 'term_listing.visible_from'])
        .where('term_listing.item_id', '!=', itemId)
        .orderBy('term_listing.visible_from', 'desc')
        .limit(40)
        .execute(),
    ),
  );
  const score = new Map<number, { shared: number; visibleFrom: string }>();
  for (const row of perTag.flat()) {
    const entry = score.get(row.item_id);
    if (entry) entry.shared += 1;
    else score.set(row.item_id, { shared: 1, visibleFrom: row.visible_from ?? '' });
  }
  const best = [...score.entries()]
    .sort(([a, x], [b, y]) => y.shared - x.shared || y.visibleFrom.localeCompare(x.visibleFrom) || b - a)
    .slice(0, limit)
    .map(([id]) => id);
  if (best.length === 0) return [];
  const rows = await db.selectFrom('items').select(LISTING_COLUMNS).where('items.id', 'in', best).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return best.map((id) => byId.get(id)).filter((r): r is ListedItem => r !== undefined);
}

/** Visible item counts per term (tagged or issued by) in one language, for browse pages. */
export async function countVisibleItemsPerTerm(
  db: Db,
  now: Date,
  language: string,
  termIds: readonly number[],
): Promise<Map<number, number>> {
  if (termIds.length === 0) return new Map();
  const rows = await termItems(db, { now, language, termIds })
    .select(['term_listing.term_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('term_listing.term_id')
    .execute();
  return new Map(rows.map((r) => [r.term_id, Number(r.n)]));
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
