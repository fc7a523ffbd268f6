/** /admin/users (admin only): the list of accounts, create, change role, reset password, disable. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { isDatelineError } from '../../errors.js';
import { ROLE_DOCS, ROLES } from '../../modules/accounts/roles.js';
import { listUsers, type User } from '../../modules/accounts/users.repo.js';
import { changeRole, createUser, resetPassword, setDisabled } from '../../modules/accounts/users.service.js';
import type { Site } from '../../site.js';
import { actorOf, requirePermission } from './auth.js';
import { type AdminContext, adminContext, formatInstant } from './context.js';
import { parseId, readForm } from './forms.js';
import { AdminLayout, CsrfField, FormErrors, Notice } from './layout.js';
import { renderAdmin } from './respond.js';

type NewUserForm = Record<'username' | 'displayName' | 'email' | 'role' | 'password', string>;

interface UsersPageProps {
  readonly ctx: AdminContext;
  readonly users: readonly User[];
  readonly notice?: string;
  /** A password to hand over once (new or reset), with its owner. */
  readonly secret?: { readonly label: string; readonly password: string };
  readonly errors?: Readonly<Record<string, string>>;
  readonly form?: Partial<NewUserForm>;
}

function UserRow({ ctx, user }: { ctx: AdminContext; user: User }) {
  const { t } = ctx;
  const roleId = `role-${user.id}`;
  return (
    <tr>
      <th scope="row">{user.username}</th>
      <td>{user.displayName}</td>
      <td>{user.email}</td>
      <td>{user.role}</td>
      <td>{user.disabled ? t('users.disabled') : t('users.active')}</td>
      <td>{formatInstant(user.createdAt)}</td>
      <td class="admin-actions">
        <form method="post" action={`/admin/users/${user.id}/role`} class="admin-inline-form">
          <CsrfField token={ctx.csrfToken} />
          <label class="visually-hidden" for={roleId}>
            {t('users.roleOf', { name: user.username })}
          </label>
          <select id={roleId} name="role">
            {ROLES.map((role) => (
              <option key={role} value={role} selected={role === user.role}>
                {role}
              </option>
            ))}
          </select>
          <button type="submit" class="admin-button admin-button--small">
            {t('users.changeRole')}
          </button>
        </form>
        <form method="post" action={`/admin/users/${user.id}/reset-password`} class="admin-inline-form">
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="admin-button admin-button--small admin-button--quiet">
            {t('users.resetPassword')}
          </button>
        </form>
        <form
          method="post"
          action={`/admin/users/${user.id}/${user.disabled ? 'enable' : 'disable'}`}
          class="admin-inline-form"
        >
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="admin-button admin-button--small admin-button--quiet">
            {user.disabled ? t('users.enable') : t('users.disable')}
          </button>
        </form>
      </td>
    </tr>
  );
}

function Field({ id, label, children }: { id: string; label: string; children: ComponentChildren }) {
  return (
    <div class="admin-field">
      <label for={id}>{label}</label>
      {children}
    </div>
  );
}

/** The users page. */
function UsersPage({ ctx, users, notice, secret, errors, form }: UsersPageProps) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('users.title')}>
      <h1>{t('users.title')}</h1>
      {notice || secret ? (
        <Notice>
          {notice ? <p>{notice}</p> : null}
          {secret ? (
            <>
              <p>{secret.label}</p>
              <p>
                <code class="admin-secret">{secret.password}</code>
              </p>
            </>
          ) : null}
        </Notice>
      ) : null}
      <div class="admin-table-wrap">
        <table class="admin-table">
          <caption class="visually-hidden">{t('users.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('users.username')}</th>
              <th scope="col">{t('users.name')}</th>
              <th scope="col">{t('users.email')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('users.status')}</th>
              <th scope="col">{t('users.created')}</th>
              <th scope="col">{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <UserRow key={user.id} ctx={ctx} user={user} />
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="create">{t('users.create')}</h2>
      <FormErrors ctx={ctx} errors={errors} />
      <form method="post" action="/admin/users" class="admin-form" aria-labelledby="create">
        <CsrfField token={ctx.csrfToken} />
        <Field id="new-username" label={t('users.username')}>
          <input id="new-username" name="username" required maxLength={40} value={form?.username ?? ''} />
        </Field>
        <Field id="new-name" label={t('users.name')}>
          <input id="new-name" name="displayName" maxLength={100} value={form?.displayName ?? ''} />
        </Field>
        <Field id="new-email" label={t('users.email')}>
          <input id="new-email" name="email" type="email" maxLength={254} value={form?.email ?? ''} />
        </Field>
        <Field id="new-role" label={t('users.role')}>
          <select id="new-role" name="role">
            {ROLES.map((role) => (
              <option key={role} value={role} selected={role === (form?.role || 'author')}>
                {`${role}: ${ROLE_DOCS[role]}`}
              </option>
            ))}
          </select>
        </Field>
        <Field id="new-password" label={t('users.passwordOptional')}>
          <input
            id="new-password"
            name="password"
            type="password"
            autocomplete="new-password"
            maxLength={256}
          />
        </Field>
        <button type="submit" class="admin-button">
          {t('users.createSubmit')}
        </button>
      </form>
    </AdminLayout>
  );
}

const NOTICES = {
  role: 'users.roleChanged',
  disabled: 'users.disabledNotice',
  enabled: 'users.enabledNotice',
} as const;

/** Registers the user administration routes. */
export function registerUserRoutes(admin: FastifyInstance, site: Site): void {
  const guard = { preHandler: requirePermission('users.manage') };
  const db = site.database.db;
  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    props: Omit<UsersPageProps, 'ctx' | 'users'> = {},
    status = 200,
  ) =>
    renderAdmin(
      reply,
      <UsersPage ctx={adminContext(site, request)} users={await listUsers(db)} {...props} />,
      status,
    );
  const change = (request: FastifyRequest) => ({ actor: actorOf(request), now: site.clock.now() });

  admin.get('/admin/users', guard, async (request, reply) => {
    const done = (request.query as Record<string, unknown>).done;
    const key =
      typeof done === 'string' && done in NOTICES ? NOTICES[done as keyof typeof NOTICES] : undefined;
    return show(request, reply, { notice: key ? adminContext(site, request).t(key) : undefined });
  });

  admin.post('/admin/users', guard, async (request, reply) => {
    const form = readForm(request.body, ['username', 'displayName', 'email', 'role', 'password']);
    const t = adminContext(site, request).t;
    try {
      const { user, generatedPassword } = await createUser(
        db,
        { ...form, password: form.password === '' ? undefined : form.password },
        change(request),
      );
      const notice = t('users.created.notice', { name: user.username });
      const secret = generatedPassword
        ? { label: t('users.generatedPassword', { name: user.username }), password: generatedPassword }
        : undefined;
      return show(request, reply, { notice, secret }, 201);
    } catch (error) {
      if (!isDatelineError(error) || error.code !== 'DL_VALIDATION') throw error;
      return show(request, reply, { errors: error.fields, form: { ...form, password: '' } }, 400);
    }
  });

  admin.post('/admin/users/:id/role', guard, async (request, reply) => {
    const id = parseId((request.params as Record<string, unknown>).id);
    const form = readForm(request.body, ['role']);
    try {
      await changeRole(db, id, form.role, change(request));
    } catch (error) {
      if (!isDatelineError(error) || error.code !== 'DL_VALIDATION') throw error;
      return show(request, reply, { errors: error.fields }, 400);
    }
    return reply.redirect('/admin/users?done=role', 303);
  });

  admin.post('/admin/users/:id/reset-password', guard, async (request, reply) => {
    const id = parseId((request.params as Record<string, unknown>).id);
    const { user, password } = await resetPassword(db, id, change(request));
    const t = adminContext(site, request).t;
    return show(request, reply, {
      secret: { label: t('users.newPassword', { name: user.username }), password },
    });
  });

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    admin.post(`/admin/users/:id/${action}`, guard, async (request, reply) => {
      const id = parseId((request.params as Record<string, unknown>).id);
      try {
        await setDisabled(db, id, disabled, change(request));
      } catch (error) {
        if (!isDatelineError(error) || error.code !== 'DL_VALIDATION') throw error;
        return show(request, reply, { errors: error.fields }, 400);
      }
      return reply.redirect(`/admin/users?done=${disabled ? 'disabled' : 'enabled'}`, 303);
    });
  }
}
