/** Import identity: a content hash per item, and the path of its legacy URL for redirects. */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').addColumn('content_hash', 'text').execute();
  await db.schema.alterTable('items').addColumn('legacy_path', 'text').execute();
  await db.schema.createIndex('items_content_hash').on('items').column('content_hash').execute();
  await db.schema.createIndex('items_legacy_path').on('items').column('legacy_path').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('items_legacy_path').execute();
  await db.schema.dropIndex('items_content_hash').execute();
  await db.schema.alterTable('items').dropColumn('legacy_path').execute();
  await db.schema.alterTable('items').dropColumn('content_hash').execute();
}
