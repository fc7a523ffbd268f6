/**
 * Preview links: early access to one item before its embargo lifts (for accredited journalists)
 * or while it is still being written. The link carries a random 256-bit token; only its SHA-256
 * is stored, so the token is shown once, and a copy of the database opens nothing. A link expires,
 * can be revoked at once, and every creation, revocation and use is in the audit log.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, ItemRow, PreviewLinkTable } from '../../db/schema.js';
import { DatelineError } from '../../errors.js';
import { type AuditActor, recordAudit } from '../accounts/audit.js';
import { can, type Role } from '../accounts/roles.js';

export type PreviewLinkRow = Selectable<PreviewLinkTable>;
type Actor = AuditActor & { readonly role: Role };

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const MAX_LABEL_LENGTH = 200;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** Authors share links to their own items; editors and admins to any. */
export function mayManagePreviewLinks(
  user: { readonly userId: number | null; readonly role: Role },
  item: { readonly created_by: number | null },
): boolean {
  if (!can(user.role, 'preview_links.create')) return false;
  return can(user.role, 'items.write_any') || (user.userId !== null && item.created_by === user.userId);
}

function guard(actor: Actor, item: Pick<ItemRow, 'created_by'>): void {
  if (!can(actor.role, 'preview_links.create'))
    throw new DatelineError('DL_FORBIDDEN', `Your role (${actor.role}) does not allow preview_links.create.`);
  if (!mayManagePreviewLinks({ userId: actor.userId, role: actor.role }, item))
    throw new DatelineError('DL_FORBIDDEN', 'You may share preview links to your own items only.');
}

async function itemFor(db: Kysely<Database>, itemId: number) {
  const item = await db
    .selectFrom('items')
    .select(['id', 'title', 'status', 'created_by'])
    .where('id', '=', itemId)
    .executeTakeFirst();
  if (!item) throw new DatelineError('DL_NOT_FOUND', 'There is no such item.');
  return item;
}

export interface NewPreviewLink {
  /** Who the link is for (a journalist's name and outlet). */
  readonly label: string;
  readonly expiresAt: string;
  readonly actor: Actor;
  readonly now: Date;
  /** The longest a link may live, in days (PREVIEW_LINK_MAX_DAYS). */
  readonly maxDays: number;
}

/** Creates a link; returns it with its token, which is never shown again. */
export async function createPreviewLink(
  db: Kysely<Database>,
  itemId: number,
  input: NewPreviewLink,
): Promise<{ link: PreviewLinkRow; token: string }> {
  const label = input.label.trim();
  const problems: Record<string, string> = {};
  if (label === '') problems.label = 'is required: who is the link for?';
  else if (label.length > MAX_LABEL_LENGTH) problems.label = `must be at most ${MAX_LABEL_LENGTH} characters`;
  const now = input.now.toISOString();
  const latest = new Date(input.now.getTime() + Math.max(1, input.maxDays) * 86_400_000).toISOString();
  if (input.expiresAt <= now) problems.expiresAt = 'must be in the future';
  else if (input.expiresAt > latest) problems.expiresAt = `must be at most ${input.maxDays} days ahead`;
  return db.transaction().execute(async (trx) => {
    const item = await itemFor(trx, itemId);
    guard(input.actor, item);
    if (item.status === 'withdrawn')
      throw new DatelineError('DL_WORKFLOW_TRANSITION', 'A withdrawn item cannot be previewed.');
    if (Object.keys(problems).length > 0)
      throw new DatelineError(
        'DL_VALIDATION',
        Object.entries(problems)
          .map(([f, m]) => `${f === 'label' ? 'Recipient' : 'Expiry'} ${m}.`)
          .join(' '),
        problems,
      );
    const token = randomBytes(32).toString('base64url');
    const link = await trx
      .insertInto('preview_links')
      .values({
        item_id: itemId,
        token_sha256: sha256(token),
        label,
        created_by: input.actor.userId,
        created_by_label: input.actor.label,
        created_at: now,
        expires_at: input.expiresAt,
        revoked_at: null,
        last_used_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor: input.actor,
      action: 'preview_link.create',
      subjectType: 'item',
      subjectId: itemId,
      detail: { linkId: link.id, label, expiresAt: input.expiresAt },
      at: input.now,
    });
    return { link, token };
  });
}

/** Revokes a link of the item at once (a second revocation changes nothing). */
export async function revokePreviewLink(
  db: Kysely<Database>,
  itemId: number,
  linkId: number,
  input: { readonly actor: Actor; readonly now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const item = await itemFor(trx, itemId);
    guard(input.actor, item);
    const link = await trx
      .selectFrom('preview_links')
      .select(['id', 'label', 'revoked_at'])
      .where('id', '=', linkId)
      .where('item_id', '=', itemId)
      .executeTakeFirst();
    if (!link) throw new DatelineError('DL_NOT_FOUND', 'There is no such preview link.');
    if (link.revoked_at !== null) return;
    await trx
      .updateTable('preview_links')
      .set({ revoked_at: input.now.toISOString() })
      .where('id', '=', linkId)
      .execute();
    await recordAudit(trx, {
      actor: input.actor,
      action: 'preview_link.revoke',
      subjectType: 'item',
      subjectId: itemId,
      detail: { linkId, label: link.label },
      at: input.now,
    });
  });
}

/** An item's links, newest first. */
export function listPreviewLinks(db: Kysely<Database>, itemId: number): Promise<PreviewLinkRow[]> {
  return db
    .selectFrom('preview_links')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('id', 'desc')
    .execute();
}

/** The state of a link at `now`, for lists. */
export function linkState(link: PreviewLinkRow, now: Date): 'active' | 'expired' | 'revoked' {
  if (link.revoked_at !== null) return 'revoked';
  return link.expires_at <= now.toISOString() ? 'expired' : 'active';
}

/**
 * Opens a preview: the item and the link when the token is valid now, after counting and
 * auditing the use. Unknown or malformed tokens are DL_NOT_FOUND; a known link that expired,
 * was revoked, or whose item was withdrawn is DL_PREVIEW_EXPIRED / DL_PREVIEW_REVOKED (the
 * refusal is audited too: someone holds a dead link). No error names the item.
 */
export async function openPreview(
  db: Kysely<Database>,
  token: string,
  visit: { readonly now: Date; readonly ip: string },
): Promise<{ item: ItemRow; link: PreviewLinkRow }> {
  if (!TOKEN_SHAPE.test(token)) throw new DatelineError('DL_NOT_FOUND');
  return db
    .transaction()
    .execute(async (trx) => {
      const link = await trx
        .selectFrom('preview_links')
        .selectAll()
        .where('token_sha256', '=', sha256(token))
        .executeTakeFirst();
      if (!link) throw new DatelineError('DL_NOT_FOUND');
      const item = await trx
        .selectFrom('items')
        .selectAll()
        .where('id', '=', link.item_id)
        .executeTakeFirstOrThrow();
      const state = item.status === 'withdrawn' ? 'revoked' : linkState(link, visit.now);
      const actor = { userId: null, label: `preview:${link.id}`, ip: visit.ip };
      if (state !== 'active') {
        await recordAudit(trx, {
          actor,
          action: 'preview_link.refused',
          subjectType: 'item',
          subjectId: item.id,
          detail: {
            linkId: link.id,
            label: link.label,
            reason: item.status === 'withdrawn' ? 'withdrawn' : state,
          },
          at: visit.now,
        });
        return { refused: state } as const;
      }
      const now = visit.now.toISOString();
      await trx
        .updateTable('preview_links')
        .set((eb) => ({ use_count: eb('use_count', '+', 1), last_used_at: now }))
        .where('id', '=', link.id)
        .execute();
      await recordAudit(trx, {
        actor,
        action: 'preview_link.use',
        subjectType: 'item',
        subjectId: item.id,
        detail: { linkId: link.id, label: link.label },
        at: visit.now,
      });
      return { item, link: { ...link, use_count: link.use_count + 1, last_used_at: now } };
    })
    .then((result) => {
      // The refusal's audit entry is committed; only then is the reader told.
      if ('refused' in result)
        throw new DatelineError(result.refused === 'expired' ? 'DL_PREVIEW_EXPIRED' : 'DL_PREVIEW_REVOKED');
      return result;
    });
}
