/**
 * Newsroom items: who wrote an item (authors may edit and submit only their own drafts), and
 * (filled by the items editor work) every saved revision.
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').addColumn('created_by', 'integer').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').dropColumn('created_by').execute();
}
