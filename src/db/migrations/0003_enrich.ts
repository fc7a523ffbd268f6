/**
 * Machine-made tags and trained models. A tag applied from a suggestion keeps its origin and
 * confidence, so editors can tell it from their own and review it; trained models (the
 * fields-of-work classifier) live in the database so every app server shares the same one.
 * Also the indexes the search accelerator reads along: (published_at, id) to build it newest first
 * in keyset pages, updated_at to catch up with what was written since.
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('item_tags')
    .addColumn('origin', 'text', (c) => c.notNull().defaultTo('editor'))
    .execute();
  await db.schema.alterTable('item_tags').addColumn('confidence', 'real').execute();
  await db.schema
    .createTable('enrich_models')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('trained_at', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('model_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('items_published').on('items').columns(['published_at', 'id']).execute();
  await db.schema.createIndex('items_updated').on('items').column('updated_at').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('items_updated').execute();
  await db.schema.dropIndex('items_published').execute();
  await db.schema.dropTable('enrich_models').execute();
  await db.schema.alterTable('item_tags').dropColumn('confidence').execute();
  await db.schema.alterTable('item_tags').dropColumn('origin').execute();
}
