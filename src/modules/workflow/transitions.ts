/**
 * The editorial workflow as one table: each action, the states it starts from, the state it leads
 * to and the permission it needs. Pages, routes and the service all read it, so what the panel
 * offers is exactly what the service accepts.
 *
 *   draft ─submit→ in_review ─schedule→ scheduled ──(its instant passes: no job runs)──▶ live
 *     ▲              │  ▲  approve (stays)     │ unschedule → in_review
 *     └return_to_draft┘                         publish_now → published
 *   published|live ─archive→ archived     published|archived|scheduled ─withdraw→ withdrawn
 *   withdrawn ─restore_to_draft→ draft
 *
 * A scheduled item whose instant has passed is public by the visibility rule alone, so for the
 * workflow it *is* published ("live"): it can be archived or withdrawn, no longer unscheduled.
 */
import type { ItemStatus } from '../../db/schema.js';
import { can, type Permission, type Role } from '../accounts/roles.js';

export const WORKFLOW_ACTIONS = [
  'submit',
  'return_to_draft',
  'approve',
  'schedule',
  'publish_now',
  'unschedule',
  'archive',
  'withdraw',
  'restore_to_draft',
] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

/** The state the workflow reasons about: a scheduled item past its instant counts as published. */
export type WorkflowState = ItemStatus;

export interface TransitionRule {
  readonly from: readonly WorkflowState[];
  /** The stored status afterwards; `approve` keeps the item where it is. */
  readonly to: ItemStatus;
  readonly permission: Permission;
  /** Roles without `items.write_any` may take this action on their own items only. */
  readonly ownItemsOnly?: boolean;
  /** `required`: the action must explain itself (a returned draft says what to fix). */
  readonly comment?: 'required';
  /** `future`: a publication instant after now must be given; `now`: the action's own instant. */
  readonly instant?: 'future' | 'now';
}

export const TRANSITIONS: Readonly<Record<WorkflowAction, TransitionRule>> = {
  submit: { from: ['draft'], to: 'in_review', permission: 'items.submit', ownItemsOnly: true },
  return_to_draft: { from: ['in_review'], to: 'draft', permission: 'items.review', comment: 'required' },
  approve: { from: ['in_review'], to: 'in_review', permission: 'items.review' },
  // From scheduled too: moving an embargo that has not lifted yet.
  schedule: {
    from: ['draft', 'in_review', 'scheduled'],
    to: 'scheduled',
    permission: 'items.schedule',
    instant: 'future',
  },
  publish_now: {
    from: ['draft', 'in_review', 'scheduled'],
    to: 'published',
    permission: 'items.publish',
    instant: 'now',
  },
  unschedule: { from: ['scheduled'], to: 'in_review', permission: 'items.schedule' },
  archive: { from: ['published'], to: 'archived', permission: 'items.publish' },
  withdraw: { from: ['published', 'archived', 'scheduled'], to: 'withdrawn', permission: 'items.publish' },
  restore_to_draft: { from: ['withdrawn'], to: 'draft', permission: 'items.publish' },
};

export function isWorkflowAction(value: unknown): value is WorkflowAction {
  return typeof value === 'string' && (WORKFLOW_ACTIONS as readonly string[]).includes(value);
}

/** The item's state for the workflow at `now`: a scheduled item whose instant has come is published. */
export function workflowState(
  item: { readonly status: ItemStatus; readonly published_at: string | null },
  now: Date,
): WorkflowState {
  if (item.status === 'scheduled' && item.published_at !== null && item.published_at <= now.toISOString())
    return 'published';
  return item.status;
}

/** Who acts: their account id (null for the CLI) and role. */
export interface WorkflowUser {
  readonly userId: number | null;
  readonly role: Role;
}

/** Why an action is refused, or null when `user` may take it on `item` now. */
export function refusal(
  action: WorkflowAction,
  user: WorkflowUser,
  item: {
    readonly status: ItemStatus;
    readonly published_at: string | null;
    readonly created_by: number | null;
  },
  now: Date,
): { code: 'DL_FORBIDDEN' | 'DL_WORKFLOW_TRANSITION'; detail: string } | null {
  const rule = TRANSITIONS[action];
  if (!can(user.role, rule.permission))
    return { code: 'DL_FORBIDDEN', detail: `Your role (${user.role}) does not allow ${rule.permission}.` };
  if (rule.ownItemsOnly && !can(user.role, 'items.write_any') && item.created_by !== user.userId)
    return { code: 'DL_FORBIDDEN', detail: 'You may take this action on your own items only.' };
  const state = workflowState(item, now);
  if (!rule.from.includes(state))
    return {
      code: 'DL_WORKFLOW_TRANSITION',
      detail: `“${action.replaceAll('_', ' ')}” is not possible for an item that is ${state.replace('_', ' ')}.`,
    };
  return null;
}

/** The actions `user` may take on `item` now, in table order (what the panel offers). */
export function availableActions(
  user: WorkflowUser,
  item: {
    readonly status: ItemStatus;
    readonly published_at: string | null;
    readonly created_by: number | null;
  },
  now: Date,
): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((action) => refusal(action, user, item, now) === null);
}
