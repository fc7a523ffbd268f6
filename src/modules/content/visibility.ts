/**
 * The one answer to "may this reader see this item now?". Every public read path — pages,
 * listings, search, facets, feeds, API, sitemaps, cached responses — asks here, so an embargo
 * lifts at its exact instant with no job that must run: visibility is decided when content is read.
 *
 * On every write the item's `visible_from` is derived here from its status and publication
 * instant; every read compares that instant with the clock (in SQL with `visibleItems(now)`, in
 * code with `canRead`). A scheduled item (embargo) has a future `visible_from`.
 */
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Database, ItemStatus } from '../../db/schema.js';

/** Statuses whose items are public once their publication instant has passed. */
export const PUBLIC_STATUSES = [
  'published',
  'scheduled',
  'archived',
] as const satisfies readonly ItemStatus[];

/** A source of the current instant; tests inject one they can move. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Who is reading. Roles with earlier access (editors, preview links) arrive with the newsroom. */
export interface Reader {
  readonly kind: 'public';
}

export const PUBLIC_READER: Reader = { kind: 'public' };

/** The instant from which the public may read an item with this status and publication instant, or null. */
export function visibleFrom(status: ItemStatus, publishedAt: string | null): string | null {
  return (PUBLIC_STATUSES as readonly ItemStatus[]).includes(status) && publishedAt !== null
    ? publishedAt
    : null;
}

/** May `reader` see `item` at `now`? */
export function canRead(
  _reader: Reader,
  item: { readonly status: ItemStatus; readonly published_at: string | null },
  now: Date,
): boolean {
  const from = visibleFrom(item.status, item.published_at);
  return from !== null && from <= now.toISOString();
}

/**
 * The same rule as `canRead`, as a SQL condition on a table carrying the derived `visible_from`
 * (items, term_listing). Instants are fixed-width ISO strings, so text order is time order in
 * both dialects, and NULL (never visible) fails every comparison.
 */
export function visibleItems(now: Date) {
  const instant = now.toISOString();
  return (eb: ExpressionBuilder<Database, 'items'>) => eb('items.visible_from', '<=', instant);
}

/** `visibleItems` for the derived term listing index. */
export function visibleListings(now: Date) {
  const instant = now.toISOString();
  return (eb: ExpressionBuilder<Database, 'term_listing'>) => eb('term_listing.visible_from', '<=', instant);
}

/**
 * The next instant at which some item becomes visible (an embargo lifting), or null.
 * Caches use it as their expiry, so no cached page outlives an embargo.
 */
export async function nextVisibilityChange(db: Kysely<Database>, now: Date): Promise<string | null> {
  const row = await db
    .selectFrom('items')
    .select(sql<string | null>`min(visible_from)`.as('next'))
    .where('visible_from', '>', now.toISOString())
    .executeTakeFirst();
  return row?.next ?? null;
}
