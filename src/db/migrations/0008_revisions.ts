/**
 * Newsroom items: who wrote an item (authors may edit and submit only their own drafts), every
 * saved revision (a full snapshot, so any two can be compared and any one restored without
 * replaying a chain), and each editor's autosaved, not yet saved form.
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').addColumn('created_by', 'integer').execute();
  await db.schema
    .createTable('item_revisions')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addColumn('saved_by', 'integer')
    .addColumn('saved_by_label', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('item_revisions_pk', ['item_id', 'revision'])
    .execute();
  await db.schema
    .createTable('item_autosaves')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addColumn('base_revision', 'integer', (c) => c.notNull())
    .addColumn('form', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_autosaves_pk', ['item_id', 'user_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('item_autosaves').execute();
  await db.schema.dropTable('item_revisions').execute();
  await db.schema.alterTable('items').dropColumn('created_by').execute();
}
