/**
 * Finds item changes subscribers must hear about and queues them, without touching the content
 * write path (the way the search index catches up by write instant):
 *
 *  - candidates are items written since the last look (updated_at past the watermark, re-reading a
 *    short margin because a write's instant is taken before its transaction commits) and items
 *    whose embargo lifted since the last look (visible_from in (last look, now]);
 *  - each is compared with what subscribers were last told (webhook_item_state): visible now and
 *    never announced (or withdrawn before) → item.published; announced and its revision moved →
 *    item.updated; announced and no longer visible → item.withdrawn;
 *  - the state change and the deliveries for every active subscription to that event are written
 *    in one transaction, and a delivery is unique per (subscription, event, item, fingerprint),
 *    so a rerun or a second server never queues one twice.
 *
 * Visibility is `visible_from <= now` with the injected clock, so a scheduled item is announced at
 * its exact instant and never before. The first look at a database (no watermark yet) marks every
 * item already visible as announced without sending anything: subscribers hear about changes from
 * then on, not the whole archive's history.
 */
import type { Kysely } from 'kysely';
import type { Database, ItemRow } from '../../db/schema.js';
import { itemPath } from '../../web/format.js';
import { visibleItems } from '../content/visibility.js';
import type { WebhookEvent, WebhookItem } from './events.js';

type Db = Kysely<Database>;

/** Writes older than the watermark by less than this are read again (late commits). */
export const LATE_COMMIT_MARGIN_MS = 120_000;
const PAGE_SIZE = 500;
const UPDATED = 'updated_at';
const CHECKED = 'checked_at';

const CANDIDATE_COLUMNS = [
  'id',
  'type',
  'language',
  'url_year',
  'slug',
  'title',
  'published_at',
  'visible_from',
  'updated_at',
  'revision',
] as const;
type Candidate = Pick<ItemRow, (typeof CANDIDATE_COLUMNS)[number]>;

/** The later of two ISO instants. */
const later = (a: string, b: string | null) => (b !== null && b > a ? b : a);

const fingerprintOf = (item: Pick<ItemRow, 'revision' | 'updated_at'>) =>
  `${item.revision}@${item.updated_at}`;

async function readCursor(db: Db): Promise<{ updatedAt: string; checkedAt: string } | null> {
  const rows = await db.selectFrom('webhook_cursor').select(['name', 'value']).execute();
  const map = new Map(rows.map((r) => [r.name, r.value]));
  const updatedAt = map.get(UPDATED);
  const checkedAt = map.get(CHECKED);
  return updatedAt === undefined || checkedAt === undefined ? null : { updatedAt, checkedAt };
}

async function writeCursor(db: Db, cursor: { updatedAt: string; checkedAt: string }): Promise<void> {
  for (const [name, value] of [
    [UPDATED, cursor.updatedAt],
    [CHECKED, cursor.checkedAt],
  ] as const) {
    await db
      .insertInto('webhook_cursor')
      .values({ name, value })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
      .execute();
  }
}

/** First look: everything visible now counts as announced; nothing is sent. */
async function baseline(db: Db, now: Date): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('items')
      .where(visibleItems(now))
      .where('id', '>', after)
      .select(['id', 'revision', 'updated_at'])
      .orderBy('id')
      .limit(PAGE_SIZE)
      .execute();
    if (rows.length === 0) break;
    await db
      .insertInto('webhook_item_state')
      .values(rows.map((r) => ({ item_id: r.id, visible: 1, fingerprint: fingerprintOf(r) })))
      .onConflict((oc) => oc.column('item_id').doNothing())
      .execute();
    after = rows[rows.length - 1]!.id;
  }
  const top = await db
    .selectFrom('items')
    .select((eb) => eb.fn.max('updated_at').as('u'))
    .executeTakeFirst();
  await writeCursor(db, { updatedAt: (top?.u as string | null) ?? '', checkedAt: now.toISOString() });
}

function webhookItem(item: Candidate, publicUrl: string): WebhookItem {
  return {
    id: item.id,
    url: `${publicUrl}${itemPath(item)}`,
    type: item.type,
    language: item.language,
    title: item.title,
    publishedAt: item.published_at,
    updatedAt: item.updated_at,
  };
}

/** The event an item's change means for subscribers, if any. */
function eventFor(
  item: Candidate,
  state: { visible: number; fingerprint: string } | undefined,
  now: string,
): WebhookEvent | null {
  const visible = item.visible_from !== null && item.visible_from <= now;
  if (visible) {
    if (!state || Number(state.visible) === 0) return 'item.published';
    return state.fingerprint === fingerprintOf(item) ? null : 'item.updated';
  }
  return state && Number(state.visible) === 1 ? 'item.withdrawn' : null;
}

/** Compares a page of candidates with their announced state; queues events; returns how many. */
async function announcePage(
  db: Db,
  items: readonly Candidate[],
  now: Date,
  publicUrl: string,
): Promise<number> {
  const instant = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const states = await trx
      .selectFrom('webhook_item_state')
      .selectAll()
      .where(
        'item_id',
        'in',
        items.map((i) => i.id),
      )
      .execute();
    const stateOf = new Map(states.map((s) => [s.item_id, s]));
    const subscriptions = await trx
      .selectFrom('webhook_subscriptions')
      .select(['id', 'events'])
      .where('active', '=', 1)
      .execute();
    let queued = 0;
    for (const item of items) {
      const event = eventFor(item, stateOf.get(item.id), instant);
      if (!event) continue;
      const fingerprint = fingerprintOf(item);
      const visible = event === 'item.withdrawn' ? 0 : 1;
      await trx
        .insertInto('webhook_item_state')
        .values({ item_id: item.id, visible, fingerprint })
        .onConflict((oc) => oc.column('item_id').doUpdateSet({ visible, fingerprint }))
        .execute();
      // When it happened: an embargo lifts at its instant; an edit or withdrawal at its write.
      const occurredAt =
        event === 'item.published' ? later(item.updated_at, item.visible_from) : item.updated_at;
      const payload = JSON.stringify({ event, occurredAt, item: webhookItem(item, publicUrl) });
      const targets = subscriptions.filter((s) => s.events.split(',').includes(event));
      if (targets.length === 0) continue;
      const result = await trx
        .insertInto('webhook_deliveries')
        .values(
          targets.map((s) => ({
            subscription_id: s.id,
            event,
            item_id: item.id,
            fingerprint,
            payload,
            next_attempt_at: instant,
            created_at: instant,
          })),
        )
        .onConflict((oc) => oc.columns(['subscription_id', 'event', 'item_id', 'fingerprint']).doNothing())
        .executeTakeFirst();
      queued += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return queued;
  });
}

/**
 * Looks for changes since the last look and queues deliveries for them; returns how many were
 * queued. Safe to run from several servers at once.
 */
export async function announceChanges(db: Db, now: Date, publicUrl: string): Promise<number> {
  const cursor = await readCursor(db);
  if (!cursor) {
    await baseline(db, now);
    return 0;
  }
  const instant = now.toISOString();
  let queued = 0;
  let highWater = cursor.updatedAt;
  // Items written since the watermark (edits, withdrawals, new items), in (updated_at, id) pages.
  const since =
    cursor.updatedAt === ''
      ? ''
      : new Date(Date.parse(cursor.updatedAt) - LATE_COMMIT_MARGIN_MS).toISOString();
  let after: { updatedAt: string; id: number } | null = null;
  for (;;) {
    const position = after;
    const rows: Candidate[] = await db
      .selectFrom('items')
      .select(CANDIDATE_COLUMNS)
      .where('updated_at', '>', since)
      .$if(position !== null, (q) =>
        q.where((eb) =>
          eb.or([
            eb('updated_at', '>', position!.updatedAt),
            eb.and([eb('updated_at', '=', position!.updatedAt), eb('id', '>', position!.id)]),
          ]),
        ),
      )
      .orderBy('updated_at')
      .orderBy('id')
      .limit(PAGE_SIZE)
      .execute();
    if (rows.length === 0) break;
    queued += await announcePage(db, rows, now, publicUrl);
    const last = rows[rows.length - 1]!;
    after = { updatedAt: last.updated_at, id: last.id };
    if (last.updated_at > highWater) highWater = last.updated_at;
  }
  // Embargoes that lifted since the last look (their items were written earlier).
  if (instant > cursor.checkedAt) {
    let afterId = 0;
    for (;;) {
      const rows: Candidate[] = await db
        .selectFrom('items')
        .select(CANDIDATE_COLUMNS)
        .where('visible_from', '>', cursor.checkedAt)
        .where('visible_from', '<=', instant)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(PAGE_SIZE)
        .execute();
      if (rows.length === 0) break;
      queued += await announcePage(db, rows, now, publicUrl);
      afterId = rows[rows.length - 1]!.id;
    }
  }
  // The clock may be moved back in tests (or by an operator): never move the look-back window back.
  await writeCursor(db, {
    updatedAt: highWater,
    checkedAt: later(cursor.checkedAt, instant),
  });
  return queued;
}
