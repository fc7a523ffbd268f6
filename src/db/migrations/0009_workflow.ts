/**
 * Editorial workflow: reviewers' approvals and comments on items, and preview links (early access
 * to an embargoed item for accredited journalists). Status and publication instant stay on items;
 * every change to them is recorded in the audit log.
 */
import { type Kysely, PostgresAdapter } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  const serial = db.getExecutor().adapter instanceof PostgresAdapter ? 'serial' : 'integer';

  // An approval is of one revision: an edit after it leaves the item "approved, changed since".
  await db.schema
    .createTable('item_approvals')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    // No foreign key to users: like the audit log, the record outlives accounts.
    .addColumn('approved_by', 'integer')
    .addColumn('approved_by_label', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('item_approvals_item')
    .on('item_approvals')
    .columns(['item_id', 'id'])
    .execute();

  await db.schema
    .createTable('item_comments')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('author_id', 'integer')
    .addColumn('author_label', 'text', (c) => c.notNull())
    // Plain text, escaped when shown: a comment never carries markup.
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema
    .createIndex('item_comments_item')
    .on('item_comments')
    .columns(['item_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('preview_links')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    // Only the SHA-256 of the token: a copy of the database opens no preview.
    .addColumn('token_sha256', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('use_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('preview_links_item').on('preview_links').columns(['item_id', 'id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('preview_links').execute();
  await db.schema.dropTable('item_comments').execute();
  await db.schema.dropTable('item_approvals').execute();
}
