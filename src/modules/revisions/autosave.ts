/**
 * Autosaves: an editor's unsaved form for an item, kept per item and user so a closed tab loses at
 * most a few seconds. Never touches the item and never makes a revision; a real save removes it.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface Autosave {
  readonly itemId: number;
  readonly userId: number;
  readonly savedAt: string;
  readonly baseRevision: number;
  /** The form as typed (the editor's own shape, stored as JSON and handed back as is). */
  readonly form: unknown;
}

/** Stores (or replaces) the user's autosave of an item. */
export async function storeAutosave(db: Db, autosave: Autosave): Promise<void> {
  const values = {
    item_id: autosave.itemId,
    user_id: autosave.userId,
    saved_at: autosave.savedAt,
    base_revision: autosave.baseRevision,
    form: JSON.stringify(autosave.form),
  };
  await db
    .insertInto('item_autosaves')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['item_id', 'user_id']).doUpdateSet({
        saved_at: values.saved_at,
        base_revision: values.base_revision,
        form: values.form,
      }),
    )
    .execute();
}

/** The user's autosave of an item, or undefined. */
export async function findAutosave(db: Db, itemId: number, userId: number): Promise<Autosave | undefined> {
  const row = await db
    .selectFrom('item_autosaves')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    itemId: row.item_id,
    userId: row.user_id,
    savedAt: row.saved_at,
    baseRevision: row.base_revision,
    form: JSON.parse(row.form) as unknown,
  };
}

/** Drops the user's autosave of an item (after a save, or when they discard it). */
export async function discardAutosave(db: Db, itemId: number, userId: number): Promise<void> {
  await db.deleteFrom('item_autosaves').where('item_id', '=', itemId).where('user_id', '=', userId).execute();
}
