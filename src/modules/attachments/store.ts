/**
 * Where attachment bytes live. Content-addressed: a file is stored once under its SHA-256, however
 * many items attach it. Today the database holds them (every app server reads the same bytes, and
 * backups carry them); a large archive can later move them to object storage by implementing this
 * interface, leaving the attachment service and routes unchanged.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface AttachmentStore {
  /**
   * Keeps `bytes` under `sha256` unless they are already there. Called inside the transaction that
   * writes the attachment row, so a failed write leaves neither (an object store would upload
   * first: an orphan object is harmless, a row without bytes is not).
   */
  put(trx: Db, blob: { sha256: string; bytes: Buffer; now: Date }): Promise<void>;
  /** The bytes stored under `sha256`, or undefined. */
  get(db: Db, sha256: string): Promise<Buffer | undefined>;
  /** Drops the bytes under `sha256` when no attachment refers to them any more (same transaction). */
  release(trx: Db, sha256: string): Promise<void>;
}

/** Bytes in the `attachment_blobs` table (BLOB on SQLite, bytea on PostgreSQL). */
export const databaseAttachmentStore: AttachmentStore = {
  async put(trx, { sha256, bytes, now }) {
    await trx
      .insertInto('attachment_blobs')
      .values({ sha256, bytes, byte_size: bytes.length, created_at: now.toISOString() })
      // Updating the key to itself (rather than doing nothing) locks the row on PostgreSQL, so a
      // concurrent `release` of the same bytes waits for this transaction and then sees its row.
      .onConflict((oc) => oc.column('sha256').doUpdateSet((eb) => ({ sha256: eb.ref('excluded.sha256') })))
      .execute();
  },

  async get(db, sha256) {
    const row = await db
      .selectFrom('attachment_blobs')
      .select('bytes')
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return row ? Buffer.from(row.bytes) : undefined;
  },

  async release(trx, sha256) {
    // Lock the blob first (a no-op update works in both dialects): an upload of the same bytes
    // running now either committed before (and is counted below) or waits and inserts them anew.
    await trx.updateTable('attachment_blobs').set({ sha256 }).where('sha256', '=', sha256).execute();
    const used = await trx
      .selectFrom('attachments')
      .select('id')
      .where('sha256', '=', sha256)
      .limit(1)
      .executeTakeFirst();
    if (!used) await trx.deleteFrom('attachment_blobs').where('sha256', '=', sha256).execute();
  },
};
