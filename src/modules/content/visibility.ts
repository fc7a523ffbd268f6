/**
 * The one answer to "may this reader see this item now?". Every public read path — pages,
 * listings, search, facets, feeds, API, sitemaps, cached responses — asks here, so an embargo
 * lifts at its exact instant with no job that must run: visibility is decided when content is read.
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

/** May `reader` see `item` at `now`? */
export function canRead(
  _reader: Reader,
  item: { readonly status: ItemStatus; readonly published_at: string | null },
  now: Date,
): boolean {
  return (
    (PUBLIC_STATUSES as readonly ItemStatus[]).includes(item.status) &&
    item.published_at !== null &&
    item.published_at <= now.toISOString()
  );
}

/**
 * The same rule as `canRead`, as a SQL condition on the `items` table for list queries.
 * Instants are fixed-width ISO strings, so text comparison is time comparison in both dialects.
 */
export function visibleItems(now: Date) {
  const instant = now.toISOString();
  return (eb: ExpressionBuilder<Database, 'items'>) =>
    eb.and([eb('items.status', 'in', PUBLIC_STATUSES), eb('items.published_at', '<=', instant)]);
}

/**
 * The next instant at which some item becomes visible (an embargo lifting), or null.
 * Caches use it as their expiry, so no cached page outlives an embargo.
 */
export async function nextVisibilityChange(db: Kysely<Database>, now: Date): Promise<string | null> {
  const row = await db
    .selectFrom('items')
    .select(sql<string | null>`min(published_at)`.as('next'))
    .where('status', 'in', PUBLIC_STATUSES)
    .where('published_at', '>', now.toISOString())
    .executeTakeFirst();
  return row?.next ?? null;
}
