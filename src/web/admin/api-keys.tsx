/**
 * /admin/api-keys (api_keys.manage: admins): the open API's keys — list, create (the secret is
 * shown once, on the answer to the create form, and never again: only its hash is stored), revoke.
 * Each change is written together with its audit entry, in one transaction.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  API_KEY_SCOPES,
  type ApiKey,
  type ApiKeyScope,
  createApiKey,
  listApiKeys,
  revokeApiKey,
} from '../../api/api-keys.js';
import { isDatelineError } from '../../errors.js';
import { recordAudit } from '../../modules/accounts/audit.js';
import type { Site } from '../../site.js';
import { actorOf, requirePermission } from './auth.js';
import { type AdminContext, adminContext, formatInstant } from './context.js';
import { parseId, readForm } from './forms.js';
import { AdminLayout, CsrfField, FormErrors, SecretNotice } from './layout.js';
import { renderAdmin } from './respond.js';

interface ApiKeysPageProps {
  readonly ctx: AdminContext;
  readonly keys: readonly ApiKey[];
  readonly notice?: string;
  /** A new key's secret, to hand over this once. */
  readonly secret?: { readonly name: string; readonly value: string };
  readonly errors?: Readonly<Record<string, string>>;
  readonly form?: Readonly<Record<string, string>>;
}

function KeyRow({ ctx, apiKey }: { ctx: AdminContext; apiKey: ApiKey }) {
  const { t } = ctx;
  return (
    <tr>
      <th scope="row">{apiKey.name}</th>
      <td>
        <code>{apiKey.prefix}…</code>
      </td>
      <td>{apiKey.scope}</td>
      <td>{apiKey.createdBy ?? ''}</td>
      <td class="admin-nowrap">{formatInstant(apiKey.createdAt)}</td>
      <td class="admin-nowrap">
        {apiKey.lastUsedAt ? formatInstant(apiKey.lastUsedAt) : t('apiKeys.never')}
      </td>
      <td>
        {apiKey.revokedAt ? (
          t('apiKeys.revokedOn', { date: formatInstant(apiKey.revokedAt) })
        ) : (
          <>
            {t('apiKeys.active')}{' '}
            <form method="post" action={`/admin/api-keys/${apiKey.id}/revoke`} class="admin-inline-form">
              <CsrfField token={ctx.csrfToken} />
              <button
                type="submit"
                class="admin-button admin-button--small admin-button--danger"
                aria-label={t('apiKeys.revokeOf', { name: apiKey.name })}
              >
                {t('apiKeys.revoke')}
              </button>
            </form>
          </>
        )}
      </td>
    </tr>
  );
}

function ApiKeysPage({ ctx, keys, notice, secret, errors, form }: ApiKeysPageProps) {
  const { t } = ctx;
  const scope = form?.scope || 'read';
  return (
    <AdminLayout ctx={ctx} title={t('apiKeys.title')}>
      <h1>{t('apiKeys.title')}</h1>
      <SecretNotice
        notice={notice}
        heading={secret ? t('apiKeys.secretOnce', { name: secret.name }) : ''}
        secret={secret?.value}
      />
      {keys.length > 0 ? (
        <div class="admin-table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">{t('apiKeys.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('apiKeys.name')}</th>
                <th scope="col">{t('apiKeys.prefix')}</th>
                <th scope="col">{t('apiKeys.scope')}</th>
                <th scope="col">{t('apiKeys.createdBy')}</th>
                <th scope="col">{t('apiKeys.created')}</th>
                <th scope="col">{t('apiKeys.lastUsed')}</th>
                <th scope="col">{t('apiKeys.status')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <KeyRow key={k.id} ctx={ctx} apiKey={k} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('apiKeys.none')}</p>
      )}

      <h2 id="create">{t('apiKeys.create')}</h2>
      <FormErrors ctx={ctx} errors={errors} />
      <form method="post" action="/admin/api-keys" class="admin-form" aria-labelledby="create">
        <CsrfField token={ctx.csrfToken} />
        <div class="admin-field">
          <label for="key-name">{t('apiKeys.name')}</label>
          <input id="key-name" name="name" required maxLength={200} value={form?.name ?? ''} />
        </div>
        <fieldset class="admin-field admin-choices">
          <legend>{t('apiKeys.scope')}</legend>
          {API_KEY_SCOPES.map((s) => (
            <label key={s}>
              <input type="radio" name="scope" value={s} checked={s === scope} />{' '}
              {t(s === 'read' ? 'apiKeys.scopeRead' : 'apiKeys.scopeWrite')}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="admin-button">
          {t('apiKeys.createSubmit')}
        </button>
      </form>
    </AdminLayout>
  );
}

/** Registers the API key administration routes. */
export function registerApiKeyRoutes(admin: FastifyInstance, site: Site): void {
  const guard = { preHandler: requirePermission('api_keys.manage') };
  const db = site.database.db;
  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    props: Omit<ApiKeysPageProps, 'ctx' | 'keys'> = {},
    status = 200,
  ) =>
    renderAdmin(
      reply,
      <ApiKeysPage ctx={adminContext(site, request)} keys={await listApiKeys(db)} {...props} />,
      status,
    );

  admin.get('/admin/api-keys', guard, async (request, reply) => {
    const done = (request.query as Record<string, unknown>).done;
    const t = adminContext(site, request).t;
    return show(request, reply, { notice: done === 'revoked' ? t('apiKeys.revoked') : undefined });
  });

  admin.post('/admin/api-keys', guard, async (request, reply) => {
    const form = readForm(request.body, ['name', 'scope']);
    const actor = actorOf(request);
    const now = site.clock.now();
    try {
      const { key, secret } = await db.transaction().execute(async (trx) => {
        const created = await createApiKey(
          trx,
          { name: form.name, scope: form.scope as ApiKeyScope, createdBy: actor.label },
          now,
        );
        await recordAudit(trx, {
          actor,
          action: 'api_key.create',
          subjectType: 'api_key',
          subjectId: created.key.id,
          detail: { name: created.key.name, prefix: created.key.prefix, scope: created.key.scope },
          at: now,
        });
        return created;
      });
      // The answer to the form, not a redirect: the secret must never sit in a URL or be shown twice.
      return show(request, reply, { secret: { name: key.name, value: secret } }, 201);
    } catch (error) {
      if (!isDatelineError(error) || error.code !== 'DL_VALIDATION') throw error;
      return show(request, reply, { errors: error.fields, form }, 400);
    }
  });

  admin.post('/admin/api-keys/:id/revoke', guard, async (request, reply) => {
    const id = parseId((request.params as Record<string, unknown>).id);
    const actor = actorOf(request);
    const now = site.clock.now();
    await db.transaction().execute(async (trx) => {
      const key = await revokeApiKey(trx, String(id), now);
      await recordAudit(trx, {
        actor,
        action: 'api_key.revoke',
        subjectType: 'api_key',
        subjectId: key.id,
        detail: { name: key.name, prefix: key.prefix },
        at: now,
      });
    });
    return reply.redirect('/admin/api-keys?done=revoked', 303);
  });
}
