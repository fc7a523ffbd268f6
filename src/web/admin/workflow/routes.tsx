/**
 * The workflow's newsroom routes: state changes, comments and preview links of an item (POST forms
 * that return to the item with a 303), the item's workflow page, the review queue, and the public
 * preview page that a preview link opens (no sign-in: the token is the key).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DatelineError, ERRORS, isDatelineError } from '../../../errors.js';
import { findItemById } from '../../../modules/content/items.repo.js';
import { addComment } from '../../../modules/workflow/comments.js';
import { instantFromForm } from '../../../modules/workflow/instants.js';
import { createPreviewLink, revokePreviewLink } from '../../../modules/workflow/preview-links.js';
import { isWorkflowAction } from '../../../modules/workflow/transitions.js';
import { transitionItem, type WorkflowActor } from '../../../modules/workflow/workflow.service.js';
import type { Site } from '../../../site.js';
import { actorOf, requirePermission } from '../auth.js';
import { type AdminContext, adminContext, formatInstant } from '../context.js';
import { parseId, readForm } from '../forms.js';
import { AdminLayout, Notice } from '../layout.js';
import { renderAdmin } from '../respond.js';
import { workflowPanel } from './panel.js';
import { servePreview } from './preview-page.js';
import { reviewQueuePage } from './review-queue.js';

type IdParams = { id: string };

function workflowActor(request: FastifyRequest): WorkflowActor {
  const user = request.user;
  if (!user) throw new DatelineError('DL_UNAUTHORIZED');
  return { ...actorOf(request), role: user.role };
}

/** Where a form returns: one of the item's own newsroom pages, never an address from elsewhere. */
function backTo(itemId: number, raw: string): string {
  const allowed = [`/admin/items/${itemId}/edit`, `/admin/items/${itemId}/workflow`, '/admin/review'];
  return allowed.includes(raw) ? raw : allowed[0]!;
}

/** A refused workflow request: the coded error, what to do, and the way back to the item. */
function sendWorkflowError(
  site: Site,
  request: FastifyRequest,
  reply: FastifyReply,
  error: DatelineError,
  back: string,
): FastifyReply {
  const ctx = adminContext(site, request);
  const { t } = ctx;
  const title = error.status === 403 ? t('error.forbiddenTitle') : t('error.title');
  return renderAdmin(
    reply,
    <AdminLayout ctx={ctx} title={title}>
      <div class="error-page">
        <h1>{title}</h1>
        <p>{error.message}</p>
        <p class="meta">
          {t('error.code')}: <code>{error.code}</code>
        </p>
        <p>
          <a href={back}>{t('workflow.backToItem')}</a>
        </p>
      </div>
    </AdminLayout>,
    ERRORS[error.code].status,
  );
}

/** Runs a form handler: success redirects (303) back to the item; a coded error is shown with a way back. */
async function handleForm(
  site: Site,
  request: FastifyRequest<{ Params: IdParams }>,
  reply: FastifyReply,
  work: (itemId: number, form: Record<string, string>, back: string) => Promise<FastifyReply | undefined>,
  fields: readonly string[],
): Promise<FastifyReply> {
  const itemId = parseId(request.params.id);
  const form = readForm(request.body, ['return', ...fields]);
  const back = backTo(itemId, form.return ?? '');
  try {
    const answered = await work(itemId, form, back);
    site.contentChanged();
    return answered ?? reply.redirect(back, 303);
  } catch (error) {
    if (isDatelineError(error)) return sendWorkflowError(site, request, reply, error, back);
    throw error;
  }
}

function revisionOf(raw: string | undefined): number {
  if (!raw || !/^\d{1,9}$/.test(raw))
    throw new DatelineError('DL_BAD_REQUEST', 'The form lacks the item’s revision.');
  return Number(raw);
}

function PreviewCreatedPage({
  ctx,
  label,
  url,
  expiresAt,
  back,
}: {
  ctx: AdminContext;
  label: string;
  url: string;
  expiresAt: string;
  back: string;
}) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('workflow.previewLinks')}>
      <h1>{t('workflow.previewLinks')}</h1>
      <Notice>
        <p>{t('workflow.previewCreated', { label })}</p>
        <p>
          <code class="admin-secret">{url}</code>
        </p>
        <p>{t('workflow.previewValidUntil', { at: formatInstant(expiresAt) })}</p>
      </Notice>
      <p>
        <a href={back}>{t('workflow.backToItem')}</a>
      </p>
    </AdminLayout>
  );
}

/** Registers the workflow's routes in the newsroom plugin. */
export function registerWorkflowRoutes(admin: FastifyInstance, site: Site): void {
  const enter = { preHandler: requirePermission('newsroom.enter') };

  admin.post<{ Params: IdParams }>('/admin/items/:id/transition', enter, (request, reply) =>
    handleForm(
      site,
      request,
      reply,
      async (itemId, form) => {
        if (!isWorkflowAction(form.action))
          throw new DatelineError('DL_BAD_REQUEST', 'Unknown workflow action.');
        await transitionItem(site.database.db, itemId, {
          action: form.action,
          expectedRevision: revisionOf(form.revision),
          publishAt:
            form.action === 'schedule' ? instantFromForm(form.publishAt ?? '', site.config.timeZone) : null,
          comment: form.comment ?? null,
          actor: workflowActor(request),
          now: site.clock.now(),
        });
        return undefined;
      },
      ['action', 'revision', 'publishAt', 'comment'],
    ),
  );

  admin.post<{ Params: IdParams }>('/admin/items/:id/comments', enter, (request, reply) =>
    handleForm(
      site,
      request,
      reply,
      async (itemId, form) => {
        await addComment(site.database.db, itemId, {
          body: form.body ?? '',
          actor: workflowActor(request),
          now: site.clock.now(),
        });
        return undefined;
      },
      ['body', 'revision'],
    ),
  );

  admin.post<{ Params: IdParams }>(
    '/admin/items/:id/preview-links',
    { preHandler: requirePermission('preview_links.create') },
    (request, reply) =>
      handleForm(
        site,
        request,
        reply,
        async (itemId, form, back) => {
          const { link, token } = await createPreviewLink(site.database.db, itemId, {
            label: form.label ?? '',
            expiresAt: instantFromForm(form.expiresAt ?? '', site.config.timeZone, 'expiresAt'),
            actor: workflowActor(request),
            now: site.clock.now(),
            maxDays: site.config.previewLinkMaxDays,
          });
          // The token exists only in this answer (its hash is stored): shown once, never redirected.
          return renderAdmin(
            reply,
            <PreviewCreatedPage
              ctx={adminContext(site, request)}
              label={link.label}
              url={`${site.config.publicUrl}/preview/${token}`}
              expiresAt={link.expires_at}
              back={back}
            />,
            201,
          );
        },
        ['label', 'expiresAt', 'revision'],
      ),
  );

  admin.post<{ Params: IdParams & { linkId: string } }>(
    '/admin/items/:id/preview-links/:linkId/revoke',
    { preHandler: requirePermission('preview_links.create') },
    (request, reply) =>
      handleForm(
        site,
        request,
        reply,
        async (itemId) => {
          await revokePreviewLink(site.database.db, itemId, parseId(request.params.linkId), {
            actor: workflowActor(request),
            now: site.clock.now(),
          });
          return undefined;
        },
        ['revision'],
      ),
  );

  // The item's workflow on a page of its own: reachable from the review queue, and a fallback
  // for anyone who only needs the workflow, not the whole editor.
  admin.get<{ Params: IdParams }>('/admin/items/:id/workflow', enter, async (request, reply) => {
    const item = await findItemById(site.database.db, parseId(request.params.id));
    if (!item) throw new DatelineError('DL_NOT_FOUND', 'There is no such item.');
    const ctx = adminContext(site, request);
    const panel = await workflowPanel(site, ctx, item, `/admin/items/${item.id}/workflow`);
    return renderAdmin(
      reply,
      <AdminLayout ctx={ctx} title={ctx.t('workflow.pageTitle', { title: item.title })}>
        <h1>{ctx.t('workflow.pageTitle', { title: item.title })}</h1>
        <p>
          <a href={`/admin/items/${item.id}/edit`}>{ctx.t('workflow.openEditor')}</a>
        </p>
        {panel}
      </AdminLayout>,
    );
  });

  admin.get('/admin/review', { preHandler: requirePermission('items.review') }, async (request, reply) =>
    renderAdmin(reply, await reviewQueuePage(site, adminContext(site, request))),
  );

  admin.get<{ Params: { token: string } }>(
    '/preview/:token',
    { config: { adminAccess: 'public' } },
    (request, reply) => servePreview(site, request, reply),
  );
}
