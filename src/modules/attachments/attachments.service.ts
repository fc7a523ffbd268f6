/**
 * Attachment files of items: upload (validated by content, stored once per content, written with
 * its row in one transaction), removal, and reading for download. The newsroom editor's uploads
 * and the public download route both go through here.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Config } from '../../config.js';
import type { AttachmentTable, Database } from '../../db/schema.js';
import { bumpContentVersion } from '../../db/site-state.js';
import { DatelineError } from '../../errors.js';
import { type FileKindName, FILE_KINDS, identifyFile, parseFileKinds } from './file-kinds.js';
import { safeFileName, uniqueFileName } from './file-name.js';
import { type AttachmentStore, databaseAttachmentStore } from './store.js';

type Db = Kysely<Database> | Transaction<Database>;

export type AttachmentRow = Selectable<AttachmentTable>;

export interface NewAttachmentFile {
  /** Shown to readers; the uploaded file's name when blank. */
  readonly title?: string;
  /** The name the file was uploaded with; normalized, never trusted. */
  readonly fileName: string;
  readonly bytes: Buffer;
  /** Language of the document (ISO 639-1), when it differs from the item's or matters. */
  readonly language?: string | null;
}

export interface AttachmentPolicy {
  readonly maxBytes: number;
  readonly allowedKinds: readonly FileKindName[];
}

export interface AttachmentWriteOptions extends Partial<Pick<AttachmentPolicy, 'allowedKinds'>> {
  readonly now: Date;
  readonly maxBytes: number;
  readonly store?: AttachmentStore;
}

/** The site's limits from ATTACHMENT_MAX_BYTES and ATTACHMENT_TYPES. */
export function attachmentPolicy(
  config: Pick<Config, 'attachmentMaxBytes' | 'attachmentTypes'>,
): AttachmentPolicy {
  return { maxBytes: config.attachmentMaxBytes, allowedKinds: parseFileKinds(config.attachmentTypes) };
}

const DEFAULT_KINDS = Object.keys(FILE_KINDS) as FileKindName[];
const TITLE_MAX = 300;

/**
 * Validates `file` and attaches it to item `itemId` as its last attachment: bytes stored once per
 * content, row, item's `updated_at` and content version in one transaction — all or nothing.
 * Throws a coded error (DL_ATTACHMENT_EMPTY, DL_ATTACHMENT_TOO_LARGE, DL_ATTACHMENT_TYPE,
 * DL_VALIDATION, DL_NOT_FOUND for an unknown item) before anything is written.
 */
export async function addAttachment(
  db: Kysely<Database>,
  itemId: number,
  file: NewAttachmentFile,
  options: AttachmentWriteOptions,
): Promise<AttachmentRow> {
  const { bytes } = file;
  if (!Buffer.isBuffer(bytes))
    throw new DatelineError('DL_VALIDATION', 'The file must be bytes.', { file: 'bytes' });
  if (bytes.length === 0) throw new DatelineError('DL_ATTACHMENT_EMPTY');
  if (bytes.length > options.maxBytes)
    throw new DatelineError(
      'DL_ATTACHMENT_TOO_LARGE',
      `The file has ${bytes.length} bytes; the site accepts at most ${options.maxBytes}.`,
    );
  const language = file.language?.trim() || null;
  if (language !== null && !/^[a-z]{2}$/u.test(language))
    throw new DatelineError('DL_VALIDATION', 'The language must be a two-letter code such as en.', {
      language: 'two-letter code',
    });
  const name = safeFileName(String(file.fileName ?? ''));
  const kind = await identifyFile(bytes, name.extension, options.allowedKinds ?? DEFAULT_KINDS);
  const extension = name.extension || FILE_KINDS[kind].extensions[0];
  const title = (file.title?.trim() || `${name.stem}.${extension}`).slice(0, TITLE_MAX);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const now = options.now.toISOString();
  const store = options.store ?? databaseAttachmentStore;

  return db.transaction().execute(async (trx) => {
    // Touching the item first locks its row (PostgreSQL), so two uploads to one item take turns
    // choosing the next position and a free name; the new updated_at tells feeds and search.
    const touched = await trx
      .updateTable('items')
      .set({ updated_at: now })
      .where('id', '=', itemId)
      .executeTakeFirst();
    if (Number(touched.numUpdatedRows) === 0)
      throw new DatelineError('DL_NOT_FOUND', `There is no item ${itemId}.`);
    const siblings = await trx
      .selectFrom('attachments')
      .select(['file_name', 'position'])
      .where('item_id', '=', itemId)
      .execute();
    await store.put(trx, { sha256, bytes, now: options.now });
    const row = await trx
      .insertInto('attachments')
      .values({
        item_id: itemId,
        position: siblings.reduce((max, s) => Math.max(max, s.position + 1), 0),
        title,
        file_name: uniqueFileName(
          name.stem,
          extension,
          siblings.map((s) => s.file_name),
        ),
        media_type: FILE_KINDS[kind].mediaType,
        byte_size: bytes.length,
        sha256,
        language,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await bumpContentVersion(trx);
    return row;
  });
}

/**
 * Removes the attachment `fileName` of item `itemId`, and its bytes when no other attachment uses
 * them. Returns false when there was no such attachment (nothing changes then).
 */
export async function removeAttachment(
  db: Kysely<Database>,
  itemId: number,
  fileName: string,
  options: { now: Date; store?: AttachmentStore },
): Promise<boolean> {
  const store = options.store ?? databaseAttachmentStore;
  return db.transaction().execute(async (trx) => {
    const row = await findAttachment(trx, itemId, fileName);
    if (!row) return false;
    await trx
      .updateTable('items')
      .set({ updated_at: options.now.toISOString() })
      .where('id', '=', itemId)
      .execute();
    await trx.deleteFrom('attachments').where('id', '=', row.id).execute();
    await store.release(trx, row.sha256);
    await bumpContentVersion(trx);
    return true;
  });
}

/** The attachment row named `fileName` on item `itemId` (metadata only, no bytes). */
export function findAttachment(db: Db, itemId: number, fileName: string): Promise<AttachmentRow | undefined> {
  return (
    db
      .selectFrom('attachments')
      .selectAll()
      .where('item_id', '=', itemId)
      .where('file_name', '=', fileName)
      // Rows imported before files were stored may repeat a name: the first one wins, always the same.
      .orderBy('position')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst()
  );
}

/**
 * The attachment and its bytes, or undefined when there is no such attachment or its bytes were
 * never stored (metadata imported from an old site). Visibility is the caller's business.
 */
export async function readAttachmentFile(
  db: Db,
  itemId: number,
  fileName: string,
  store: AttachmentStore = databaseAttachmentStore,
): Promise<{ attachment: AttachmentRow; bytes: Buffer } | undefined> {
  const attachment = await findAttachment(db, itemId, fileName);
  if (!attachment) return undefined;
  const bytes = await store.get(db, attachment.sha256);
  return bytes ? { attachment, bytes } : undefined;
}

/**
 * An item's attachments in order, each saying whether its bytes are stored (`stored`), so a page
 * links only files that can be downloaded: rows imported from an old site may have none yet.
 */
export async function listAttachmentsWithFiles(
  db: Db,
  itemId: number,
): Promise<(AttachmentRow & { stored: boolean })[]> {
  const rows = await db
    .selectFrom('attachments')
    .leftJoin('attachment_blobs', 'attachment_blobs.sha256', 'attachments.sha256')
    .selectAll('attachments')
    .select('attachment_blobs.byte_size as stored_size')
    .where('attachments.item_id', '=', itemId)
    .orderBy('attachments.position')
    .orderBy('attachments.id')
    .execute();
  return rows.map(({ stored_size, ...row }) => ({ ...row, stored: stored_size !== null }));
}
