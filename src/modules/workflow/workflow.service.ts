/**
 * Status and publication-instant changes of items, one transaction each: the rule from the
 * transition table, the optimistic revision check, the derived visibility (items.visible_from and
 * the item's term_listing rows), updated_at and revision for webhooks, search and editors' forms,
 * the content version for caches, the optional comment and the audit entry commit or fail together.
 *
 * Nothing here runs at an embargo's instant: a scheduled item carries `visible_from` = its
 * publication instant, and every public read compares that with the clock.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, ItemRow, ItemStatus } from '../../db/schema.js';
import { bumpContentVersion } from '../../db/site-state.js';
import { DatelineError } from '../../errors.js';
import { type AuditActor, recordAudit } from '../accounts/audit.js';
import type { Role } from '../accounts/roles.js';
import { visibleFrom } from '../content/visibility.js';
import { cleanComment, insertComment } from './comments.js';
import { parseInstant } from './instants.js';
import { refusal, TRANSITIONS, type WorkflowAction, workflowState } from './transitions.js';

/** Someone acting in the newsroom: the audit actor plus the role that decides what they may do. */
export interface WorkflowActor extends AuditActor {
  readonly role: Role;
}

export interface TransitionRequest {
  readonly action: WorkflowAction;
  /** The revision the actor saw; a different one means someone changed the item meanwhile. */
  readonly expectedRevision: number;
  /** The embargo instant for `schedule` (ISO-8601 with a zone, or a Date); later than `now`. */
  readonly publishAt?: string | Date | null;
  /** A note for the item's comments (required to return a draft). */
  readonly comment?: string | null;
  readonly actor: WorkflowActor;
  readonly now: Date;
}

export interface TransitionResult {
  readonly action: WorkflowAction;
  readonly from: ItemStatus;
  readonly to: ItemStatus;
  readonly item: ItemRow;
}

async function lockedItem(trx: Transaction<Database>, itemId: number): Promise<ItemRow> {
  const item = await trx.selectFrom('items').selectAll().where('id', '=', itemId).executeTakeFirst();
  if (!item) throw new DatelineError('DL_NOT_FOUND', 'There is no such item.');
  return item;
}

/**
 * Takes `action` on the item, or throws a coded error and changes nothing: DL_NOT_FOUND,
 * DL_FORBIDDEN (role or not their item), DL_CONFLICT (stale revision), DL_WORKFLOW_TRANSITION
 * (not from this state), DL_VALIDATION (comment, malformed instant), DL_SCHEDULE_PAST.
 */
export async function transitionItem(
  db: Kysely<Database>,
  itemId: number,
  request: TransitionRequest,
): Promise<TransitionResult> {
  const { action, actor, now } = request;
  const rule = TRANSITIONS[action];
  if (!rule) throw new DatelineError('DL_BAD_REQUEST', 'Unknown workflow action.');
  const comment = cleanComment(request.comment);
  if (rule.comment === 'required' && comment === null)
    throw new DatelineError('DL_VALIDATION', 'Say what needs to change: a comment is required.', {
      comment: 'is required',
    });
  const nowIso = now.toISOString();
  let publishAt: string | null = null;
  if (rule.instant === 'future') {
    if (request.publishAt === undefined || request.publishAt === null || request.publishAt === '')
      throw new DatelineError('DL_VALIDATION', 'A publication instant is required to schedule.', {
        publishAt: 'is required',
      });
    publishAt = parseInstant(request.publishAt);
    if (publishAt <= nowIso)
      throw new DatelineError(
        'DL_SCHEDULE_PAST',
        `The publication instant ${publishAt} is not in the future (now ${nowIso}); use “Publish now” to publish at once.`,
      );
  }

  return db.transaction().execute(async (trx) => {
    const item = await lockedItem(trx, itemId);
    const who = { userId: actor.userId, role: actor.role };
    const refused = refusal(action, who, item, now);
    if (refused?.code === 'DL_FORBIDDEN') throw new DatelineError('DL_FORBIDDEN', refused.detail);
    if (item.revision !== request.expectedRevision)
      throw new DatelineError(
        'DL_CONFLICT',
        `The item was changed meanwhile (revision ${item.revision}, you saw ${request.expectedRevision}); reload it and decide again.`,
      );
    if (refused) throw new DatelineError(refused.code, refused.detail);
    const from = workflowState(item, now);

    if (action === 'approve') {
      await trx
        .insertInto('item_approvals')
        .values({
          item_id: item.id,
          revision: item.revision,
          approved_by: actor.userId,
          approved_by_label: actor.label,
          approved_at: nowIso,
        })
        .execute();
      if (comment) await insertComment(trx, item.id, comment, actor, now);
      await recordAudit(trx, {
        actor,
        action: 'item.approve',
        subjectType: 'item',
        subjectId: item.id,
        detail: { title: item.title, state: from, revision: item.revision },
        at: now,
      });
      return { action, from, to: item.status, item };
    }

    const publishedAt =
      rule.instant === 'future' ? publishAt : rule.instant === 'now' ? nowIso : item.published_at;
    const status = rule.to;
    const visible = visibleFrom(status, publishedAt);
    const updated = await trx
      .updateTable('items')
      .set({
        status,
        published_at: publishedAt,
        visible_from: visible,
        updated_at: nowIso,
        revision: item.revision + 1,
      })
      .where('id', '=', item.id)
      // A concurrent writer that committed after our read loses nothing: this matches no row.
      .where('revision', '=', item.revision)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw new DatelineError('DL_CONFLICT', 'The item was changed meanwhile; reload it and decide again.');
    // The item's terms do not change here, only when its listings become visible.
    await trx
      .updateTable('term_listing')
      .set({ visible_from: visible })
      .where('item_id', '=', item.id)
      .execute();
    await bumpContentVersion(trx);
    if (comment) await insertComment(trx, item.id, comment, actor, now);
    await recordAudit(trx, {
      actor,
      action: `item.${action}`,
      subjectType: 'item',
      subjectId: item.id,
      detail: {
        title: item.title,
        from,
        to: status,
        ...(publishedAt !== item.published_at || rule.instant ? { publishAt: publishedAt } : {}),
        revision: item.revision + 1,
        ...(comment ? { comment: comment.slice(0, 200) } : {}),
      },
      at: now,
    });
    const after = await lockedItem(trx, item.id);
    return { action, from, to: status, item: after };
  });
}

/** The latest approval of an item, and whether it is of the current revision. */
export async function latestApproval(db: Kysely<Database>, item: Pick<ItemRow, 'id' | 'revision'>) {
  const row = await db
    .selectFrom('item_approvals')
    .selectAll()
    .where('item_id', '=', item.id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { ...row, current: row.revision === item.revision } : null;
}

export interface QueueEntry {
  readonly id: number;
  readonly title: string;
  readonly type: string;
  readonly language: string;
  readonly status: ItemStatus;
  readonly publishedAt: string | null;
  readonly updatedAt: string;
  readonly author: string | null;
}

/**
 * The review queue: items waiting in review (oldest first: longest waiting) and items whose
 * embargo has not lifted yet (soonest first), at `now`.
 */
export async function reviewQueue(
  db: Kysely<Database>,
  now: Date,
): Promise<{ inReview: QueueEntry[]; scheduled: QueueEntry[] }> {
  const base = db
    .selectFrom('items')
    .leftJoin('users', 'users.id', 'items.created_by')
    .select([
      'items.id',
      'items.title',
      'items.type',
      'items.language',
      'items.status',
      'items.published_at as publishedAt',
      'items.updated_at as updatedAt',
      'users.username as author',
    ]);
  const inReview = await base
    .where('items.status', '=', 'in_review')
    .orderBy('items.updated_at')
    .orderBy('items.id')
    .limit(200)
    .execute();
  const scheduled = await base
    .where('items.status', '=', 'scheduled')
    .where('items.published_at', '>', now.toISOString())
    .orderBy('items.published_at')
    .orderBy('items.id')
    .limit(200)
    .execute();
  return { inReview, scheduled };
}
