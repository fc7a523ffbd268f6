/** /admin/account: any signed-in user changes their own password or signs out everywhere. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatelineError } from '../../errors.js';
import { recordAudit } from '../../modules/accounts/audit.js';
import { PASSWORD_MIN_LENGTH } from '../../modules/accounts/password.js';
import { countUserSessions, deleteUserSessions } from '../../modules/accounts/sessions.js';
import { changeOwnPassword } from '../../modules/accounts/users.service.js';
import type { Site } from '../../site.js';
import { actorOf, cookieOptions, requirePermission, SESSION_COOKIE } from './auth.js';
import { type AdminContext, adminContext, formatInstant } from './context.js';
import { readForm } from './forms.js';
import { AdminLayout, CsrfField, FormErrors, Notice } from './layout.js';
import { renderAdmin } from './respond.js';

interface AccountPageProps {
  readonly ctx: AdminContext;
  readonly sessions: number;
  readonly notice?: string;
  readonly errors?: Readonly<Record<string, string>>;
}

/** The account page. */
function AccountPage({ ctx, sessions, notice, errors }: AccountPageProps) {
  const { t } = ctx;
  const user = ctx.user!;
  return (
    <AdminLayout ctx={ctx} title={t('account.title')}>
      <h1>{t('account.title')}</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      <h2>{t('account.details')}</h2>
      <dl class="term-facts">
        <div>
          <dt>{t('users.username')}</dt>
          <dd>{user.username}</dd>
        </div>
        <div>
          <dt>{t('users.role')}</dt>
          <dd>{user.role}</dd>
        </div>
        <div>
          <dt>{t('users.created')}</dt>
          <dd>{formatInstant(user.createdAt)}</dd>
        </div>
        <div>
          <dt>{t('account.sessions')}</dt>
          <dd>{sessions}</dd>
        </div>
      </dl>

      <h2 id="password">{t('account.changePassword')}</h2>
      <FormErrors ctx={ctx} errors={errors} />
      <form method="post" action="/admin/account/password" class="admin-form" aria-labelledby="password">
        <CsrfField token={ctx.csrfToken} />
        <div class="admin-field">
          <label for="current-password">{t('account.current')}</label>
          <input
            id="current-password"
            name="current"
            type="password"
            autocomplete="current-password"
            required
          />
        </div>
        <div class="admin-field">
          <label for="new-password">{t('account.new', { min: PASSWORD_MIN_LENGTH })}</label>
          <input
            id="new-password"
            name="next"
            type="password"
            autocomplete="new-password"
            required
            minLength={PASSWORD_MIN_LENGTH}
          />
        </div>
        <div class="admin-field">
          <label for="confirm-password">{t('account.confirm')}</label>
          <input id="confirm-password" name="confirm" type="password" autocomplete="new-password" required />
        </div>
        <button type="submit" class="admin-button">
          {t('account.changePassword')}
        </button>
      </form>

      <h2>{t('account.logoutEverywhere')}</h2>
      <p>{t('account.logoutEverywhereHelp')}</p>
      <form method="post" action="/admin/account/logout-everywhere">
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" class="admin-button admin-button--danger">
          {t('account.logoutEverywhere')}
        </button>
      </form>
    </AdminLayout>
  );
}

/** Registers the account routes. */
export function registerAccountRoutes(admin: FastifyInstance, site: Site): void {
  const guard = { preHandler: requirePermission('newsroom.enter') };
  const db = site.database.db;
  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    props: Omit<AccountPageProps, 'ctx' | 'sessions'> = {},
    status = 200,
  ) => {
    const sessions = await countUserSessions(db, request.user!.id, site.clock.now());
    return renderAdmin(
      reply,
      <AccountPage ctx={adminContext(site, request)} sessions={sessions} {...props} />,
      status,
    );
  };

  admin.get('/admin/account', guard, async (request, reply) => show(request, reply));

  admin.post('/admin/account/password', guard, async (request, reply) => {
    const form = readForm(request.body, ['current', 'next', 'confirm']);
    const t = adminContext(site, request).t;
    if (form.next !== form.confirm)
      return show(request, reply, { errors: { confirm: t('account.mismatch') } }, 400);
    try {
      await changeOwnPassword(db, request.user!.id, form.current, form.next, {
        actor: actorOf(request),
        now: site.clock.now(),
        keepSessionIdHash: request.adminSession!.idHash,
      });
    } catch (error) {
      if (!isDatelineError(error) || error.code !== 'DL_VALIDATION') throw error;
      return show(request, reply, { errors: error.fields }, 400);
    }
    return show(request, reply, { notice: t('account.passwordChanged') });
  });

  admin.post('/admin/account/logout-everywhere', guard, async (request, reply) => {
    const ended = await deleteUserSessions(db, request.user!.id);
    await recordAudit(db, {
      actor: actorOf(request),
      action: 'session.logout_all',
      subjectType: 'user',
      subjectId: request.user!.username,
      detail: { sessionsEnded: ended },
      at: site.clock.now(),
    });
    reply.clearCookie(SESSION_COOKIE, cookieOptions(site));
    return reply.redirect('/login?signed_out=1', 303);
  });
}
