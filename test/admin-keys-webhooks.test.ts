/**
 * The API keys and webhooks pages over real HTTP on both databases: keys made on the page work on
 * /api/v1 until revoked there; webhooks added on the page are listed with their deliveries; only
 * admins may; forged forms change nothing; every change is audited.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI_ACTOR } from '../src/modules/accounts/audit.js';
import { can, ROLES } from '../src/modules/accounts/roles.js';
import { createUser } from '../src/modules/accounts/users.service.js';
import { WebhookDispatcher } from '../src/modules/webhooks/dispatcher.js';
import { type Browser, get, post, signedIn } from './admin-session.js';
import { TestClock } from './clock.js';
import { describeEachDialect } from './databases.js';
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

const PASSWORD = 'a-long-test-password';

const draft = {
  type: 'press-release',
  language: 'en',
  title: 'Partner note from Strelsau',
  summary: 'A partner writes in.',
  bodyMarkdown: 'STRELSAU – A partner wrote in.',
  sources: [{ vocabulary: 'offices', slug: 'headquarters' }],
};

describeEachDialect('API keys and webhooks pages', (dialect) => {
  let site: TestSite;
  const clock = new TestClock('2026-03-01T09:00:00.000Z');
  const browsers: Record<string, Browser> = {};
  beforeAll(async () => {
    site = await createTestSite(dialect, { clock });
    for (const role of ROLES) {
      await createUser(
        site.database.db,
        { username: `${role}1`, role, password: PASSWORD },
        { actor: CLI_ACTOR, now: clock.now() },
      );
      browsers[role] = await signedIn(site.app, `${role}1`, PASSWORD);
    }
  });
  afterAll(() => site.close());

  const app = () => site.app;
  const db = () => site.database.db;
  const admin = () => browsers.admin!;
  const snapshot = async () => ({
    keys: await db().selectFrom('api_keys').selectAll().orderBy('id').execute(),
    hooks: await db().selectFrom('webhook_subscriptions').selectAll().orderBy('id').execute(),
    audit: (await db().selectFrom('audit_log').select('id').execute()).length,
  });
  const audits = (action: string) =>
    db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
  const apiPost = (secret: string) =>
    app().inject({
      method: 'POST',
      url: '/api/v1/items',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      payload: JSON.stringify(draft),
    });

  it('keeps both pages to the roles that hold the permission; others get 403 and change nothing', async () => {
    const before = await snapshot();
    for (const role of ROLES) {
      const browser = browsers[role]!;
      for (const [url, permission] of [
        ['/admin/api-keys', 'api_keys.manage'],
        ['/admin/webhooks', 'webhooks.manage'],
      ] as const) {
        const allowed = can(role, permission);
        expect((await get(app(), browser, url)).statusCode, `${role} ${url}`).toBe(allowed ? 200 : 403);
        if (!allowed) {
          const res =
            url === '/admin/api-keys'
              ? await post(app(), browser, url, { name: 'Sneaky', scope: 'write' })
              : await post(app(), browser, url, {
                  url: 'https://hooks.example/x',
                  'event:item.published': 'on',
                });
          expect(res.statusCode, `${role} POST ${url}`).toBe(403);
        }
      }
    }
    expect(can('editor', 'api_keys.manage')).toBe(false);
    const anonymous: Browser = { cookies: {}, csrf: '' };
    expect((await get(app(), anonymous, '/admin/api-keys')).statusCode).toBe(302);
    expect((await post(app(), anonymous, '/admin/webhooks/1/remove')).statusCode).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('creates a write key whose secret is shown once and works on /api/v1; revoked, it gets 401', async () => {
    const created = await post(app(), admin(), '/admin/api-keys', { name: 'Partner wire', scope: 'write' });
    expect(created.statusCode).toBe(201);
    expect(created.body).toContain('shown only this once');
    const secret = /<code class="admin-secret">(dl_[\w-]+)<\/code>/.exec(created.body)?.[1];
    expect(secret).toBeDefined();
    expect((await apiPost(secret!)).statusCode).toBe(201);

    const list = await get(app(), admin(), '/admin/api-keys');
    expect(list.body).toContain('Partner wire');
    expect(list.body).toContain(`${secret!.slice(0, 11)}…`);
    expect(list.body).not.toContain(secret!);
    const key = await db()
      .selectFrom('api_keys')
      .selectAll()
      .where('name', '=', 'Partner wire')
      .executeTakeFirstOrThrow();
    expect(key).toMatchObject({ scopes: 'write', created_by: 'admin1' });
    expect(key.last_used_at).not.toBeNull();

    const revoked = await post(app(), admin(), `/admin/api-keys/${key.id}/revoke`);
    expect(revoked.statusCode).toBe(303);
    expect((await get(app(), admin(), revoked.headers.location!)).body).toContain('Key revoked');
    expect((await apiPost(secret!)).statusCode).toBe(401);
    expect((await audits('api_key.create')).map((a) => a.subject_id)).toEqual([String(key.id)]);
    expect((await audits('api_key.revoke')).map((a) => a.actor_label)).toEqual(['admin1']);
  });

  it('refuses a key without a name, and a forged CSRF token, changing nothing', async () => {
    const before = await snapshot();
    const nameless = await post(app(), admin(), '/admin/api-keys', { name: ' ', scope: 'read' });
    expect(nameless.statusCode).toBe(400);
    expect(nameless.body).toContain('is required');
    const badScope = await post(app(), admin(), '/admin/api-keys', { name: 'Odd', scope: 'admin' });
    expect(badScope.statusCode).toBe(400);
    const forged = await post(app(), { ...admin(), csrf: 'forged' }, '/admin/api-keys', {
      name: 'Forged',
      scope: 'write',
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('DL_CSRF');
    const forgedHook = await post(app(), { ...admin(), csrf: 'forged' }, '/admin/webhooks', {
      url: 'https://hooks.example/forged',
    });
    expect(forgedHook.statusCode).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('adds a webhook (generated secret shown once), lists it with its deliveries, pauses, redelivers, removes', async () => {
    // Port 1 refuses connections: deliveries fail fast and log an error, with no receiver to run.
    const url = 'http://127.0.0.1:1/hook';
    const added = await post(app(), admin(), '/admin/webhooks', {
      url,
      'event:item.published': 'on',
      'event:item.withdrawn': 'on',
    });
    expect(added.statusCode).toBe(201);
    expect(added.body).toContain('shown only this once');
    expect(added.body).toMatch(/<code class="admin-secret">whsec_[\w-]+<\/code>/);
    const hook = await db()
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('url', '=', url)
      .executeTakeFirstOrThrow();
    expect(hook.events).toBe('item.published,item.withdrawn');
    const list = await get(app(), admin(), '/admin/webhooks');
    expect(list.body).toContain(url);
    expect(list.body).not.toContain(hook.secret);

    const dispatcher = new WebhookDispatcher({ db: db(), clock, publicUrl: 'https://site.example' });
    await dispatcher.tick(); // the first look marks the existing archive as announced
    const itemId = await site.addItem(
      pressRelease({ title: 'Hooked release', publishedAt: '2026-03-01T08:00:00.000Z' }),
    );
    clock.advance(1000);
    await dispatcher.tick();
    const deliveries = await get(app(), admin(), `/admin/webhooks/${hook.id}`);
    expect(deliveries.statusCode).toBe(200);
    expect(deliveries.body).toContain('item.published');
    expect(deliveries.body).toContain(`<td>${itemId}</td>`);
    const delivery = await db()
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('subscription_id', '=', hook.id)
      .executeTakeFirstOrThrow();
    expect(delivery.attempts).toBe(1);
    expect(delivery.last_error).toBeTruthy();
    expect(deliveries.body).toContain(`/admin/webhooks/deliveries/${delivery.id}/redeliver`);

    const again = await post(app(), admin(), `/admin/webhooks/deliveries/${delivery.id}/redeliver`);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/admin/webhooks/${hook.id}?done=redelivered`);
    expect(
      await db()
        .selectFrom('webhook_deliveries')
        .select(['status', 'attempts'])
        .where('id', '=', delivery.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'pending', attempts: 0 });

    expect((await post(app(), admin(), `/admin/webhooks/${hook.id}/pause`)).statusCode).toBe(303);
    expect((await get(app(), admin(), '/admin/webhooks')).body).toContain('Paused');
    expect((await post(app(), admin(), `/admin/webhooks/${hook.id}/resume`)).statusCode).toBe(303);
    expect((await post(app(), admin(), `/admin/webhooks/${hook.id}/remove`)).statusCode).toBe(303);
    expect(
      await db().selectFrom('webhook_subscriptions').selectAll().where('id', '=', hook.id).execute(),
    ).toEqual([]);
    for (const action of ['add', 'redeliver', 'pause', 'resume', 'remove'])
      expect(await audits(`webhook.${action}`), action).toHaveLength(1);
  });

  it('refuses a hostile webhook URL or no events with the reason, storing nothing', async () => {
    const before = await snapshot();
    const hostile = await post(app(), admin(), '/admin/webhooks', {
      url: 'file:///etc/passwd',
      'event:item.published': 'on',
    });
    expect(hostile.statusCode).toBe(400);
    expect(hostile.body).toContain('only http:// and https:// are allowed');
    const noEvents = await post(app(), admin(), '/admin/webhooks', { url: 'https://hooks.example/x' });
    expect(noEvents.statusCode).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});
