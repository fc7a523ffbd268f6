/** Newsroom pages → HTTP: never cached anywhere (they show one person's view), same security headers. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { ERRORS, type ErrorCode } from '../../errors.js';
import type { Site } from '../../site.js';
import { renderDocument } from '../respond.js';
import { SECURITY_HEADERS } from '../security-headers.js';
import { adminContext } from './context.js';
import { AdminLayout } from './layout.js';

/** Sends a rendered newsroom page with `cache-control: no-store`. */
export function renderAdmin(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .code(status)
    .headers(SECURITY_HEADERS)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(renderDocument(page));
}

/** A coded error as a newsroom page (403, 401, 400 …), with a way onward. */
export function sendAdminError(
  site: Site,
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  detail?: string,
): FastifyReply {
  const ctx = adminContext(site, request);
  const { t } = ctx;
  const title = code === 'DL_FORBIDDEN' || code === 'DL_CSRF' ? t('error.forbiddenTitle') : t('error.title');
  const page = (
    <AdminLayout ctx={ctx} title={title}>
      <div class="error-page">
        <h1>{title}</h1>
        <p>{detail ?? ERRORS[code].message}</p>
        <p class="meta">
          {t('error.code')}: <code>{code}</code>
        </p>
        <p>
          {ctx.user ? (
            <a href="/admin">{t('error.back')}</a>
          ) : (
            <a href={`/login?next=${encodeURIComponent('/admin')}`}>{t('error.signIn')}</a>
          )}
        </p>
      </div>
    </AdminLayout>
  );
  return renderAdmin(reply, page, ERRORS[code].status);
}
