/** Storage of item revisions (one row per save, a full snapshot each). Functions take `db` first. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, ItemRevisionTable } from '../../db/schema.js';
import { changedFields } from './diff.js';
import { parseSnapshot, type RevisionSnapshot } from './snapshot.js';

type Db = Kysely<Database> | Transaction<Database>;

export type ItemRevisionRow = Selectable<ItemRevisionTable>;

/** A revision as pages show it. */
export interface ItemRevision {
  readonly itemId: number;
  readonly revision: number;
  readonly savedAt: string;
  readonly savedBy: number | null;
  readonly savedByLabel: string;
  readonly summary: string;
  readonly snapshot: RevisionSnapshot;
}

function toRevision(row: ItemRevisionRow): ItemRevision {
  return {
    itemId: row.item_id,
    revision: row.revision,
    savedAt: row.saved_at,
    savedBy: row.saved_by,
    savedByLabel: row.saved_by_label,
    summary: row.summary,
    snapshot: parseSnapshot(row.snapshot),
  };
}

/** Every recorded revision of an item, newest first. */
export async function listRevisions(db: Db, itemId: number): Promise<ItemRevision[]> {
  const rows = await db
    .selectFrom('item_revisions')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('revision', 'desc')
    .execute();
  return rows.map(toRevision);
}

/** One recorded revision, or undefined. */
export async function findRevision(
  db: Db,
  itemId: number,
  revision: number,
): Promise<ItemRevision | undefined> {
  const row = await db
    .selectFrom('item_revisions')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('revision', '=', revision)
    .executeTakeFirst();
  return row ? toRevision(row) : undefined;
}

/** The newest recorded revision below `revision`, to say what a save changed. */
async function previousRevision(db: Db, itemId: number, revision: number): Promise<ItemRevision | undefined> {
  const row = await db
    .selectFrom('item_revisions')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('revision', '<', revision)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toRevision(row) : undefined;
}

/**
 * Records revision `revision` of an item with its snapshot; the summary names the fields that
 * changed since the previous recorded revision ('created' for the first).
 */
export async function recordRevision(
  db: Db,
  entry: {
    readonly itemId: number;
    readonly revision: number;
    readonly savedAt: Date | string;
    readonly savedBy: number | null;
    readonly savedByLabel: string;
    readonly snapshot: RevisionSnapshot;
    /** Overrides the computed summary (e.g. for a state recorded after the fact). */
    readonly summary?: string;
  },
): Promise<void> {
  const previous = await previousRevision(db, entry.itemId, entry.revision);
  const summary =
    entry.summary ?? (previous ? changedFields(previous.snapshot, entry.snapshot).join(', ') : 'created');
  await db
    .insertInto('item_revisions')
    .values({
      item_id: entry.itemId,
      revision: entry.revision,
      saved_at: typeof entry.savedAt === 'string' ? entry.savedAt : entry.savedAt.toISOString(),
      saved_by: entry.savedBy,
      saved_by_label: entry.savedByLabel,
      snapshot: JSON.stringify(entry.snapshot),
      summary,
    })
    .execute();
}
