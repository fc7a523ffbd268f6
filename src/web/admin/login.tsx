/** Sign-in and sign-out: GET/POST /login, POST /logout. */
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../../modules/accounts/audit.js';
import { deleteSession } from '../../modules/accounts/sessions.js';
import { signIn } from '../../modules/accounts/sign-in.js';
import type { Site } from '../../site.js';
import {
  actorOf,
  cookieOptions,
  LOGIN_CSRF_COOKIE,
  loginCsrfToken,
  SESSION_COOKIE,
  safeNext,
  sessionPolicy,
  throttlePolicy,
} from './auth.js';
import { type AdminContext, adminContext, formatInstant } from './context.js';
import { readForm } from './forms.js';
import { AdminLayout, CsrfField, Notice } from './layout.js';
import { renderAdmin } from './respond.js';

interface LoginPageProps {
  readonly ctx: AdminContext;
  readonly csrfToken: string;
  readonly next: string;
  readonly username?: string;
  readonly error?: string;
  readonly notice?: string;
}

/** The sign-in form. */
function LoginPage({ ctx, csrfToken, next, username, error, notice }: LoginPageProps) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('login.title')}>
      <div class="admin-narrow">
        <h1>{t('login.title')}</h1>
        <p>{t('login.intro')}</p>
        {notice ? <Notice>{notice}</Notice> : null}
        {error ? (
          <div class="admin-alert admin-alert--error" role="alert">
            {error}
          </div>
        ) : null}
        <form method="post" action="/login" class="admin-form">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="next" value={next} />
          <div class="admin-field">
            <label for="login-username">{t('login.username')}</label>
            <input
              id="login-username"
              name="username"
              autocomplete="username"
              required
              maxLength={200}
              value={username ?? ''}
            />
          </div>
          <div class="admin-field">
            <label for="login-password">{t('login.password')}</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
              maxLength={256}
            />
          </div>
          <button type="submit" class="admin-button">
            {t('login.submit')}
          </button>
        </form>
      </div>
    </AdminLayout>
  );
}

/** Registers the sign-in and sign-out routes. */
export function registerLoginRoutes(admin: FastifyInstance, site: Site): void {
  admin.get('/login', { config: { adminAccess: 'public' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const next = safeNext(query.next);
    if (request.user) return reply.redirect(next, 303);
    const ctx = adminContext(site, request);
    const notice = query.signed_out === '1' ? ctx.t('login.signedOut') : undefined;
    const csrfToken = loginCsrfToken(site, request, reply);
    return renderAdmin(reply, <LoginPage ctx={ctx} csrfToken={csrfToken} next={next} notice={notice} />);
  });

  admin.post('/login', { config: { adminAccess: 'public' } }, async (request, reply) => {
    const form = readForm(request.body, ['username', 'password', 'next']);
    const next = safeNext(form.next);
    const result = await signIn(
      site.database.db,
      {
        username: form.username,
        password: form.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
      },
      { session: sessionPolicy(site), throttle: throttlePolicy(site) },
      site.clock.now(),
    );
    if (result.ok) {
      // A fresh token at every sign-in (no session fixation); the old session, if any, ends.
      if (request.adminSession) await deleteSession(site.database.db, request.adminSession.idHash);
      reply.setCookie(SESSION_COOKIE, result.token, cookieOptions(site));
      reply.clearCookie(LOGIN_CSRF_COOKIE, { ...cookieOptions(site), path: '/login' });
      return reply.redirect(next, 303);
    }
    const ctx = adminContext(site, request);
    const error =
      result.reason === 'locked'
        ? ctx.t('login.locked', { time: formatInstant(result.lockedUntil ?? '').replace(' UTC', '') })
        : ctx.t('login.failed');
    const page = (
      <LoginPage
        ctx={ctx}
        csrfToken={loginCsrfToken(site, request, reply)}
        next={next}
        username={form.username.slice(0, 200)}
        error={error}
      />
    );
    return renderAdmin(reply, page, result.reason === 'locked' ? 429 : 401);
  });

  admin.post('/logout', async (request, reply) => {
    if (request.adminSession) {
      await deleteSession(site.database.db, request.adminSession.idHash);
      await recordAudit(site.database.db, {
        actor: actorOf(request),
        action: 'logout',
        subjectType: 'user',
        subjectId: request.user?.username,
        at: site.clock.now(),
      });
    }
    reply.clearCookie(SESSION_COOKIE, cookieOptions(site));
    return reply.redirect('/login?signed_out=1', 303);
  });
}
