/**
 * Comments on items: what reviewers and editors tell the author, and the author's replies. Plain
 * text (escaped wherever shown); each one is in the audit log with its item.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, ItemCommentTable } from '../../db/schema.js';
import { DatelineError } from '../../errors.js';
import { type AuditActor, recordAudit } from '../accounts/audit.js';
import { can, type Role } from '../accounts/roles.js';

export type CommentRow = Selectable<ItemCommentTable>;

export const MAX_COMMENT_LENGTH = 5000;

/** A comment's text, trimmed and checked; null when there is none. */
export function cleanComment(raw: string | null | undefined): string | null {
  const text = (raw ?? '').replace(/\r\n?/g, '\n').trim();
  if (text === '') return null;
  if (text.length > MAX_COMMENT_LENGTH)
    throw new DatelineError('DL_VALIDATION', `A comment has at most ${MAX_COMMENT_LENGTH} characters.`, {
      comment: `at most ${MAX_COMMENT_LENGTH} characters`,
    });
  return text;
}

/** Whoever may review (items.comment), and the item's own author, may comment on it. */
export function mayComment(
  user: { readonly userId: number | null; readonly role: Role },
  item: { readonly created_by: number | null },
): boolean {
  return can(user.role, 'items.comment') || (user.userId !== null && item.created_by === user.userId);
}

/** Inserts a comment in the caller's transaction; returns its id. */
export async function insertComment(
  trx: Transaction<Database> | Kysely<Database>,
  itemId: number,
  body: string,
  actor: AuditActor,
  now: Date,
): Promise<number> {
  const row = await trx
    .insertInto('item_comments')
    .values({
      item_id: itemId,
      author_id: actor.userId,
      author_label: actor.label,
      body,
      created_at: now.toISOString(),
      resolved_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds a comment to an item, with its audit entry; DL_NOT_FOUND, DL_FORBIDDEN or DL_VALIDATION otherwise. */
export async function addComment(
  db: Kysely<Database>,
  itemId: number,
  input: {
    readonly body: string | null;
    readonly actor: AuditActor & { readonly role: Role };
    readonly now: Date;
  },
): Promise<number> {
  const body = cleanComment(input.body);
  if (body === null)
    throw new DatelineError('DL_VALIDATION', 'A comment needs some text.', { comment: 'is required' });
  return db.transaction().execute(async (trx) => {
    const item = await trx
      .selectFrom('items')
      .select(['id', 'created_by'])
      .where('id', '=', itemId)
      .executeTakeFirst();
    if (!item) throw new DatelineError('DL_NOT_FOUND', 'There is no such item.');
    if (!mayComment({ userId: input.actor.userId, role: input.actor.role }, item))
      throw new DatelineError(
        'DL_FORBIDDEN',
        'Only reviewers, editors and the item’s author may comment on it.',
      );
    const id = await insertComment(trx, itemId, body, input.actor, input.now);
    await recordAudit(trx, {
      actor: input.actor,
      action: 'item.comment',
      subjectType: 'item',
      subjectId: itemId,
      detail: { commentId: id, length: body.length },
      at: input.now,
    });
    return id;
  });
}

/** An item's comments, oldest first (a conversation reads top-down). */
export function listComments(db: Kysely<Database>, itemId: number): Promise<CommentRow[]> {
  return db
    .selectFrom('item_comments')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
