/**
 * Attachment files: their bytes in the database, content-addressed by SHA-256, so identical files
 * are stored once and every app server reads the same bytes. An `attachments` row names its blob
 * by `sha256`; no foreign key, because rows written before this migration (demo, imports) carry
 * only metadata and have no bytes: serving answers 404 for them.
 */
import { type Kysely, PostgresAdapter } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('attachment_blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('bytes', isPostgres ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Removing an attachment asks "does anything else still use these bytes?" before dropping them.
  await db.schema.createIndex('attachments_sha256').on('attachments').column('sha256').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('attachments_sha256').execute();
  await db.schema.dropTable('attachment_blobs').execute();
}
