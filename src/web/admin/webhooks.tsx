/**
 * /admin/webhooks (webhooks.manage: admins): subscriptions (add, pause/resume, remove) and each
 * one's deliveries with a redeliver button. A generated signing secret is shown once, on the answer
 * to the add form. Each change is written together with its audit entry, in one transaction.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { DatelineError, isDatelineError } from '../../errors.js';
import { type AuditActor, recordAudit } from '../../modules/accounts/audit.js';
import { WEBHOOK_EVENTS } from '../../modules/webhooks/events.js';
import {
  addSubscription,
  listDeliveries,
  listSubscriptions,
  redeliver,
  removeSubscription,
  setSubscriptionActive,
  type WebhookSubscription,
} from '../../modules/webhooks/webhooks.service.js';
import type { Site } from '../../site.js';
import { actorOf, requirePermission } from './auth.js';
import { type AdminContext, adminContext, formatInstant } from './context.js';
import { parseId, readForm } from './forms.js';
import { AdminLayout, CsrfField, FormErrors, Notice, SecretNotice } from './layout.js';
import type { AdminMessageKey } from './messages.js';
import { renderAdmin } from './respond.js';

type Delivery = Awaited<ReturnType<typeof listDeliveries>>[number];

/** One checkbox per event: repeated fields of one name are refused by `readForm`. */
const eventField = (event: string) => `event:${event}`;

interface WebhooksPageProps {
  readonly ctx: AdminContext;
  readonly subscriptions: readonly WebhookSubscription[];
  readonly notice?: string;
  readonly secret?: { readonly url: string; readonly value: string };
  readonly errors?: Readonly<Record<string, string>>;
  readonly form?: Readonly<Record<string, string>>;
}

function ActionForm({
  ctx,
  action,
  label,
  danger,
}: {
  ctx: AdminContext;
  action: string;
  label: string;
  danger?: boolean;
}) {
  return (
    <form method="post" action={action} class="admin-inline-form">
      <CsrfField token={ctx.csrfToken} />
      <button
        type="submit"
        class={`admin-button admin-button--small ${danger ? 'admin-button--danger' : 'admin-button--quiet'}`}
      >
        {label}
      </button>
    </form>
  );
}

function WebhooksPage({ ctx, subscriptions, notice, secret, errors, form }: WebhooksPageProps) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('webhooks.title')}>
      <h1>{t('webhooks.title')}</h1>
      <SecretNotice
        notice={notice}
        heading={secret ? t('webhooks.secretOnce', { url: secret.url }) : ''}
        secret={secret?.value}
      />
      {subscriptions.length > 0 ? (
        <div class="admin-table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">{t('webhooks.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('webhooks.url')}</th>
                <th scope="col">{t('webhooks.events')}</th>
                <th scope="col">{t('webhooks.status')}</th>
                <th scope="col">{t('webhooks.created')}</th>
                <th scope="col">{t('webhooks.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {subscriptions.map((s) => (
                <tr key={s.id}>
                  <th scope="row" class="admin-detail">
                    <a href={`/admin/webhooks/${s.id}`}>{s.url}</a>
                  </th>
                  <td>{s.events.join(', ')}</td>
                  <td>{s.active ? t('webhooks.active') : t('webhooks.paused')}</td>
                  <td class="admin-nowrap">{formatInstant(s.createdAt)}</td>
                  <td class="admin-actions">
                    <a
                      class="admin-button admin-button--small admin-button--quiet"
                      href={`/admin/webhooks/${s.id}`}
                    >
                      {t('webhooks.deliveries')}
                    </a>{' '}
                    <ActionForm
                      ctx={ctx}
                      action={`/admin/webhooks/${s.id}/${s.active ? 'pause' : 'resume'}`}
                      label={s.active ? t('webhooks.pause') : t('webhooks.resume')}
                    />
                    <ActionForm
                      ctx={ctx}
                      action={`/admin/webhooks/${s.id}/remove`}
                      label={t('webhooks.remove')}
                      danger
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('webhooks.none')}</p>
      )}

      <h2 id="add">{t('webhooks.add')}</h2>
      <FormErrors ctx={ctx} errors={errors} />
      <form method="post" action="/admin/webhooks" class="admin-form" aria-labelledby="add">
        <CsrfField token={ctx.csrfToken} />
        <div class="admin-field">
          <label for="hook-url">{t('webhooks.url')}</label>
          <input id="hook-url" name="url" type="url" required maxLength={2000} value={form?.url ?? ''} />
        </div>
        <fieldset class="admin-field admin-choices">
          <legend>{t('webhooks.events')}</legend>
          {WEBHOOK_EVENTS.map((event) => (
            <label key={event}>
              <input
                type="checkbox"
                name={eventField(event)}
                value="on"
                checked={form ? form[eventField(event)] === 'on' : true}
              />{' '}
              <code>{event}</code>
            </label>
          ))}
        </fieldset>
        <div class="admin-field">
          <label for="hook-secret">{t('webhooks.secretOptional')}</label>
          <input id="hook-secret" name="secret" type="password" autocomplete="off" maxLength={200} />
        </div>
        <button type="submit" class="admin-button">
          {t('webhooks.addSubmit')}
        </button>
      </form>
    </AdminLayout>
  );
}

function DeliveriesPage({
  ctx,
  subscription,
  deliveries,
  notice,
}: {
  ctx: AdminContext;
  subscription: WebhookSubscription;
  deliveries: readonly Delivery[];
  notice?: string;
}) {
  const { t } = ctx;
  const title = t('webhooks.deliveriesOf', { url: subscription.url });
  return (
    <AdminLayout ctx={ctx} title={title}>
      <p class="meta">
        <a href="/admin/webhooks">{t('webhooks.back')}</a>
      </p>
      <h1 class="admin-detail">{title}</h1>
      {notice ? (
        <Notice>
          <p>{notice}</p>
        </Notice>
      ) : null}
      {deliveries.length > 0 ? (
        <div class="admin-table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">{t('webhooks.deliveries')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('webhooks.delivery')}</th>
                <th scope="col">{t('webhooks.event')}</th>
                <th scope="col">{t('webhooks.item')}</th>
                <th scope="col">{t('webhooks.deliveryStatus')}</th>
                <th scope="col">{t('webhooks.attempts')}</th>
                <th scope="col">{t('webhooks.lastResult')}</th>
                <th scope="col">{t('webhooks.nextAttempt')}</th>
                <th scope="col">{t('webhooks.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{d.id}</th>
                  <td>
                    <code>{d.event}</code>
                  </td>
                  <td>{d.item_id}</td>
                  <td>{d.status}</td>
                  <td>{d.attempts}</td>
                  <td class="admin-detail">
                    {[d.last_status_code === null ? null : String(d.last_status_code), d.last_error]
                      .filter((part) => part)
                      .join(' · ') || '—'}
                  </td>
                  <td class="admin-nowrap">
                    {d.status === 'pending' ? formatInstant(d.next_attempt_at) : '—'}
                  </td>
                  <td>
                    <ActionForm
                      ctx={ctx}
                      action={`/admin/webhooks/deliveries/${d.id}/redeliver`}
                      label={t('webhooks.redeliver')}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('webhooks.noDeliveries')}</p>
      )}
    </AdminLayout>
  );
}

const NOTICES: Readonly<Record<string, AdminMessageKey>> = {
  paused: 'webhooks.pausedNotice',
  resumed: 'webhooks.resumedNotice',
  removed: 'webhooks.removed',
  redelivered: 'webhooks.redelivered',
};

/** A change and its audit entry, committed together. */
function audited(
  db: Kysely<Database>,
  actor: AuditActor,
  now: Date,
  action: string,
  subject: { type: string; id: number; detail?: Record<string, unknown> },
  run: (trx: Kysely<Database>) => Promise<void>,
): Promise<void> {
  return db.transaction().execute(async (trx) => {
    await run(trx);
    await recordAudit(trx, {
      actor,
      action,
      subjectType: subject.type,
      subjectId: subject.id,
      detail: subject.detail,
      at: now,
    });
  });
}

/** Registers the webhook administration routes. */
export function registerWebhookRoutes(admin: FastifyInstance, site: Site): void {
  const guard = { preHandler: requirePermission('webhooks.manage') };
  const db = site.database.db;
  const noticeOf = (request: FastifyRequest) => {
    const done = (request.query as Record<string, unknown>).done;
    const key = typeof done === 'string' ? NOTICES[done] : undefined;
    return key ? adminContext(site, request).t(key) : undefined;
  };
  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    props: Omit<WebhooksPageProps, 'ctx' | 'subscriptions'> = {},
    status = 200,
  ) =>
    renderAdmin(
      reply,
      <WebhooksPage
        ctx={adminContext(site, request)}
        subscriptions={await listSubscriptions(db)}
        {...props}
      />,
      status,
    );
  const idOf = (request: FastifyRequest) => parseId((request.params as Record<string, unknown>).id);

  admin.get('/admin/webhooks', guard, async (request, reply) =>
    show(request, reply, { notice: noticeOf(request) }),
  );

  admin.post('/admin/webhooks', guard, async (request, reply) => {
    const form: Record<string, string> & { url: string; secret: string } = {
      ...readForm(request.body, WEBHOOK_EVENTS.map(eventField)),
      ...readForm(request.body, ['url', 'secret']),
    };
    const actor = actorOf(request);
    const now = site.clock.now();
    try {
      let added: Awaited<ReturnType<typeof addSubscription>> | undefined;
      const events = WEBHOOK_EVENTS.filter((e) => form[eventField(e)] === 'on');
      await db.transaction().execute(async (trx) => {
        added = await addSubscription(
          trx,
          {
            url: form.url,
            events,
            secret: form.secret === '' ? undefined : form.secret,
            createdBy: actor.label,
          },
          now,
        );
        await recordAudit(trx, {
          actor,
          action: 'webhook.add',
          subjectType: 'webhook',
          subjectId: added.subscription.id,
          detail: { url: added.subscription.url, events: added.subscription.events },
          at: now,
        });
      });
      const { subscription, secret } = added!;
      const t = adminContext(site, request).t;
      // A secret the admin typed is theirs already; only a generated one is shown, this once.
      return show(
        request,
        reply,
        {
          notice: t('webhooks.added'),
          secret: form.secret === '' ? { url: subscription.url, value: secret } : undefined,
        },
        201,
      );
    } catch (error) {
      if (!isDatelineError(error) || !['DL_VALIDATION', 'DL_WEBHOOK_URL'].includes(error.code)) throw error;
      return show(
        request,
        reply,
        { errors: error.fields ?? { url: error.message }, form: { ...form, secret: '' } },
        error.status,
      );
    }
  });

  for (const [action, active] of [
    ['pause', false],
    ['resume', true],
  ] as const) {
    admin.post(`/admin/webhooks/:id/${action}`, guard, async (request, reply) => {
      const id = idOf(request);
      await audited(
        db,
        actorOf(request),
        site.clock.now(),
        `webhook.${action}`,
        { type: 'webhook', id },
        (trx) => setSubscriptionActive(trx, id, active),
      );
      return reply.redirect(`/admin/webhooks?done=${active ? 'resumed' : 'paused'}`, 303);
    });
  }

  admin.post('/admin/webhooks/:id/remove', guard, async (request, reply) => {
    const id = idOf(request);
    const subscription = (await listSubscriptions(db)).find((s) => s.id === id);
    await audited(
      db,
      actorOf(request),
      site.clock.now(),
      'webhook.remove',
      { type: 'webhook', id, detail: { url: subscription?.url, events: subscription?.events } },
      (trx) => removeSubscription(trx, id),
    );
    return reply.redirect('/admin/webhooks?done=removed', 303);
  });

  admin.get('/admin/webhooks/:id', guard, async (request, reply) => {
    const id = idOf(request);
    const subscription = (await listSubscriptions(db)).find((s) => s.id === id);
    if (!subscription) throw new DatelineError('DL_NOT_FOUND', `No webhook ${id}.`);
    const deliveries = await listDeliveries(db, { subscriptionId: id, limit: 200 });
    return renderAdmin(
      reply,
      <DeliveriesPage
        ctx={adminContext(site, request)}
        subscription={subscription}
        deliveries={deliveries}
        notice={noticeOf(request)}
      />,
    );
  });

  admin.post('/admin/webhooks/deliveries/:id/redeliver', guard, async (request, reply) => {
    const id = idOf(request);
    const delivery = await db
      .selectFrom('webhook_deliveries')
      .select(['subscription_id', 'status', 'attempts'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!delivery) throw new DatelineError('DL_NOT_FOUND', `No delivery ${id}.`);
    const now = site.clock.now();
    await audited(
      db,
      actorOf(request),
      now,
      'webhook.redeliver',
      {
        type: 'webhook_delivery',
        id,
        detail: { subscriptionId: delivery.subscription_id, was: delivery.status },
      },
      (trx) => redeliver(trx, id, now),
    );
    return reply.redirect(`/admin/webhooks/${delivery.subscription_id}?done=redelivered`, 303);
  });
}
