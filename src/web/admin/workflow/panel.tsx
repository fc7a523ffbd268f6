/**
 * The editor's workflow panel: the item's state and publication instant, the actions the signed-in
 * user may take now (small POST forms), the comments, and the preview links. Rendered by the item
 * editor beside its form and by the item's own workflow page.
 */
import type { VNode } from 'preact';
import type { ItemRow } from '../../../db/schema.js';
import { type CommentRow, listComments, mayComment } from '../../../modules/workflow/comments.js';
import { instantToZoned } from '../../../modules/workflow/instants.js';
import {
  linkState,
  listPreviewLinks,
  mayManagePreviewLinks,
  type PreviewLinkRow,
} from '../../../modules/workflow/preview-links.js';
import {
  availableActions,
  type WorkflowAction,
  workflowState,
} from '../../../modules/workflow/transitions.js';
import { latestApproval } from '../../../modules/workflow/workflow.service.js';
import type { Site } from '../../../site.js';
import { type AdminContext, formatInstant } from '../context.js';
import { CsrfField } from '../layout.js';

/** `2026-01-15 11:00:00` in the site's zone: how the newsroom reads an embargo. */
export function localTime(iso: string, timeZone: string): string {
  return instantToZoned(iso, timeZone).replace('T', ' ');
}

/** Hidden fields every form of the panel carries. */
function Hidden({ ctx, item, back }: { ctx: AdminContext; item: ItemRow; back: string }) {
  return (
    <>
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="revision" value={String(item.revision)} />
      <input type="hidden" name="return" value={back} />
    </>
  );
}

function ActionForm({
  ctx,
  site,
  item,
  action,
  back,
}: {
  ctx: AdminContext;
  site: Site;
  item: ItemRow;
  action: WorkflowAction;
  back: string;
}) {
  const { t } = ctx;
  const id = (field: string) => `wf-${action}-${field}`;
  const zone = site.config.timeZone;
  const danger = action === 'withdraw' || action === 'return_to_draft';
  const noteLabel =
    action === 'return_to_draft'
      ? t('workflow.returnReason')
      : action === 'withdraw'
        ? t('workflow.withdrawReason')
        : t('workflow.optionalNote');
  const wantsNote = action === 'return_to_draft' || action === 'withdraw' || action === 'approve';
  // Default for a new embargo: the current one, else the next full hour in the site's zone.
  const nextHour = new Date(Math.ceil((ctx.now.getTime() + 1) / 3_600_000) * 3_600_000).toISOString();
  const defaultInstant = item.status === 'scheduled' && item.published_at ? item.published_at : nextHour;
  return (
    <form method="post" action={`/admin/items/${item.id}/transition`} class="workflow-action">
      <Hidden ctx={ctx} item={item} back={back} />
      <input type="hidden" name="action" value={action} />
      {action === 'schedule' ? (
        <div class="admin-field">
          <label for={id('at')}>{t('workflow.publishAt', { zone })}</label>
          <input
            id={id('at')}
            type="datetime-local"
            name="publishAt"
            step="1"
            required
            value={instantToZoned(defaultInstant, zone)}
            aria-describedby={id('hint')}
          />
          <p id={id('hint')} class="workflow-hint">
            {t('workflow.publishAtHint')}
          </p>
        </div>
      ) : null}
      {wantsNote ? (
        <div class="admin-field">
          <label for={id('note')}>{noteLabel}</label>
          <textarea id={id('note')} name="comment" rows={2} required={action === 'return_to_draft'} />
        </div>
      ) : null}
      <button
        type="submit"
        class={`admin-button admin-button--small${danger ? ' admin-button--danger' : ''}`}
      >
        {t(`workflow.action.${action}`)}
      </button>
    </form>
  );
}

function Comments({
  ctx,
  item,
  comments,
  canComment,
  back,
}: {
  ctx: AdminContext;
  item: ItemRow;
  comments: readonly CommentRow[];
  canComment: boolean;
  back: string;
}) {
  const { t } = ctx;
  return (
    <section class="workflow-section" aria-labelledby="wf-comments-heading">
      <h3 id="wf-comments-heading">{t('workflow.comments')}</h3>
      {comments.length === 0 ? (
        <p class="meta">{t('workflow.noComments')}</p>
      ) : (
        <ol class="workflow-comments">
          {comments.map((c) => (
            <li key={c.id}>
              <p class="workflow-comment__meta">
                {t('workflow.commentBy', { name: c.author_label, at: formatInstant(c.created_at) })}
              </p>
              {/* Plain text: Preact escapes it; line breaks are kept by CSS. */}
              <p class="workflow-comment__body">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      {canComment ? (
        <form method="post" action={`/admin/items/${item.id}/comments`} class="workflow-action">
          <Hidden ctx={ctx} item={item} back={back} />
          <div class="admin-field">
            <label for="wf-comment-body">{t('workflow.addComment')}</label>
            <textarea id="wf-comment-body" name="body" rows={3} required maxLength={5000} />
          </div>
          <button type="submit" class="admin-button admin-button--small">
            {t('workflow.commentSubmit')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function PreviewLinks({
  ctx,
  site,
  item,
  links,
  back,
}: {
  ctx: AdminContext;
  site: Site;
  item: ItemRow;
  links: readonly PreviewLinkRow[];
  back: string;
}) {
  const { t } = ctx;
  const zone = site.config.timeZone;
  const maxDays = Math.max(1, site.config.previewLinkMaxDays);
  const limit = ctx.now.getTime() + maxDays * 86_400_000;
  // Default expiry: a day after the embargo lifts (the journalist's story is out by then), else a week.
  const wanted =
    item.published_at && item.published_at > ctx.now.toISOString()
      ? Date.parse(item.published_at) + 86_400_000
      : ctx.now.getTime() + 7 * 86_400_000;
  const defaultExpiry = new Date(Math.min(wanted, limit)).toISOString();
  const stateText = {
    active: t('workflow.previewActive'),
    expired: t('workflow.previewExpired'),
    revoked: t('workflow.previewRevoked'),
  };
  return (
    <section class="workflow-section" aria-labelledby="wf-preview-heading">
      <h3 id="wf-preview-heading">{t('workflow.previewLinks')}</h3>
      <p class="workflow-hint">{t('workflow.previewIntro')}</p>
      {links.length === 0 ? (
        <p class="meta">{t('workflow.previewNone')}</p>
      ) : (
        <div class="admin-table-wrap">
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('workflow.previewFor')}</th>
                <th scope="col">{t('workflow.previewExpires')}</th>
                <th scope="col">{t('workflow.previewState')}</th>
                <th scope="col">{t('workflow.previewUses')}</th>
                <th scope="col">{t('workflow.previewLastUsed')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('workflow.previewRevoke')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {links.map((link) => {
                const state = linkState(link, ctx.now);
                return (
                  <tr key={link.id}>
                    <th scope="row">{link.label}</th>
                    <td class="admin-nowrap">{formatInstant(link.expires_at)}</td>
                    <td>{stateText[state]}</td>
                    <td>{link.use_count}</td>
                    <td class="admin-nowrap">
                      {link.last_used_at ? formatInstant(link.last_used_at) : t('workflow.never')}
                    </td>
                    <td>
                      {state === 'active' ? (
                        <form
                          method="post"
                          action={`/admin/items/${item.id}/preview-links/${link.id}/revoke`}
                          class="admin-inline-form"
                        >
                          <Hidden ctx={ctx} item={item} back={back} />
                          <button
                            type="submit"
                            class="admin-button admin-button--small admin-button--quiet"
                            aria-label={t('workflow.previewRevokeLabel', { label: link.label })}
                          >
                            {t('workflow.previewRevoke')}
                          </button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {item.status !== 'withdrawn' ? (
        <form method="post" action={`/admin/items/${item.id}/preview-links`} class="workflow-action">
          <Hidden ctx={ctx} item={item} back={back} />
          <div class="admin-field">
            <label for="wf-preview-label">{t('workflow.previewLabel')}</label>
            <input id="wf-preview-label" name="label" required maxLength={200} />
          </div>
          <div class="admin-field">
            <label for="wf-preview-expires">{t('workflow.previewExpiresAt', { zone, days: maxDays })}</label>
            <input
              id="wf-preview-expires"
              type="datetime-local"
              name="expiresAt"
              step="1"
              required
              value={instantToZoned(defaultExpiry, zone)}
            />
          </div>
          <button type="submit" class="admin-button admin-button--small">
            {t('workflow.previewCreateSubmit')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/**
 * What the item editor shows beside the form for `item`; null when there is nothing to show (no
 * signed-in user). Forms return to the item editor unless `back` names another page of the item.
 */
export async function workflowPanel(
  site: Site,
  ctx: AdminContext,
  item: ItemRow,
  back = `/admin/items/${item.id}/edit`,
): Promise<VNode | null> {
  const user = ctx.user;
  if (!user) return null;
  const { t } = ctx;
  const db = site.database.db;
  const who = { userId: user.id, role: user.role };
  const zone = site.config.timeZone;
  const canShare = mayManagePreviewLinks(who, item);
  const [comments, links, approval] = await Promise.all([
    listComments(db, item.id),
    canShare ? listPreviewLinks(db, item.id) : Promise.resolve([]),
    latestApproval(db, item),
  ]);
  const state = workflowState(item, ctx.now);
  const actions = availableActions(who, item, ctx.now);
  const published = item.published_at;
  return (
    <aside class="workflow-panel" aria-labelledby="wf-heading">
      <h2 id="wf-heading">{t('workflow.title')}</h2>
      <dl class="workflow-facts">
        <div>
          <dt>{t('workflow.state')}</dt>
          <dd>
            <span class={`workflow-state workflow-state--${state}`}>{t(`workflow.status.${state}`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('workflow.publication')}</dt>
          <dd>
            {published === null || state === 'draft' || state === 'in_review' || state === 'withdrawn'
              ? published
                ? `${localTime(published, zone)} (${zone})`
                : t('workflow.notSet')
              : t(state === 'scheduled' ? 'workflow.embargoUntil' : 'workflow.liveSince', {
                  local: localTime(published, zone),
                  zone,
                  utc: formatInstant(published),
                })}
          </dd>
        </div>
        <div>
          <dt>{t('workflow.approval')}</dt>
          <dd>
            {approval
              ? t(approval.current ? 'workflow.approvedBy' : 'workflow.approvedStale', {
                  name: approval.approved_by_label,
                  at: formatInstant(approval.approved_at),
                  revision: approval.revision,
                  current: item.revision,
                })
              : t('workflow.notApproved')}
          </dd>
        </div>
        <div>
          <dt>{t('workflow.revision')}</dt>
          <dd>{item.revision}</dd>
        </div>
      </dl>
      <section class="workflow-section" aria-labelledby="wf-actions-heading">
        <h3 id="wf-actions-heading">{t('workflow.actions')}</h3>
        {actions.length === 0 ? (
          <p class="meta">{t('workflow.noActions')}</p>
        ) : (
          actions.map((action) => (
            <ActionForm key={action} ctx={ctx} site={site} item={item} action={action} back={back} />
          ))
        )}
      </section>
      <Comments ctx={ctx} item={item} comments={comments} canComment={mayComment(who, item)} back={back} />
      {canShare ? <PreviewLinks ctx={ctx} site={site} item={item} links={links} back={back} /> : null}
    </aside>
  );
}
