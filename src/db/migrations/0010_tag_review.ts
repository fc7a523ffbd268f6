/**
 * Tag review: editors accept or reject machine-made tags. A rejection is remembered per item and
 * term, so that tagging the item again (a re-import, a later enrichment run) never brings back a
 * tag an editor has already turned down.
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('item_tag_rejections')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('term_id', 'integer', (c) => c.notNull().references('terms.id').onDelete('cascade'))
    // No foreign key to users: like the audit log, a rejection outlives the account that made it.
    .addColumn('rejected_by', 'integer')
    .addColumn('rejected_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_tag_rejections_pk', ['item_id', 'term_id'])
    .execute();
  // The review queue lists machine-made tags lowest confidence first.
  await db.schema
    .createIndex('item_tags_review')
    .on('item_tags')
    .columns(['origin', 'confidence', 'item_id', 'term_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('item_tags_review').execute();
  await db.schema.dropTable('item_tag_rejections').execute();
}
