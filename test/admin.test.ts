/** The newsroom over real HTTP (inject) on both databases: sign-in, sessions, CSRF, roles, users, audit. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI_ACTOR, recordAudit } from '../src/modules/accounts/audit.js';
import { can, type Permission, ROLES, type Role } from '../src/modules/accounts/roles.js';
import { createUser } from '../src/modules/accounts/users.service.js';
import { attemptSignIn, type Browser, csrfIn, form, get, post, signedIn } from './admin-session.js';
import { TestClock } from './clock.js';
import { describeEachDialect } from './databases.js';
import { createTestSite, type TestSite } from './site.js';

const PASSWORD = 'a-long-test-password';
const MINUTE = 60_000;

describeEachDialect('newsroom over HTTP', (dialect) => {
  let site: TestSite;
  const clock = new TestClock('2026-02-01T08:00:00.000Z');
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    site = await createTestSite(dialect, { clock });
    for (const role of ROLES) {
      const { user } = await createUser(
        site.database.db,
        { username: `${role}1`, role, password: PASSWORD, displayName: `The ${role}` },
        { actor: CLI_ACTOR, now: clock.now() },
      );
      ids[role] = user.id;
    }
  });
  afterAll(() => site.close());

  const app = () => site.app;
  const db = () => site.database.db;
  /** Users and audit entries: a refused request must leave both exactly as they were. */
  const snapshot = async () => ({
    users: await db().selectFrom('users').selectAll().orderBy('id').execute(),
    audit: (await db().selectFrom('audit_log').select('id').execute()).length,
  });

  // Every route that exists now, the permission it needs, and a harmless body for POSTs.
  const ROUTES: {
    method: 'GET' | 'POST';
    url: () => string;
    permission: Permission;
    body?: Record<string, string>;
  }[] = [
    { method: 'GET', url: () => '/admin', permission: 'newsroom.enter' },
    { method: 'GET', url: () => '/admin/account', permission: 'newsroom.enter' },
    { method: 'GET', url: () => '/admin/users', permission: 'users.manage' },
    { method: 'GET', url: () => '/admin/audit', permission: 'audit.read' },
    {
      method: 'POST',
      url: () => '/admin/users',
      permission: 'users.manage',
      body: { username: 'intruder', role: 'admin' },
    },
    {
      method: 'POST',
      url: () => `/admin/users/${ids.reviewer}/role`,
      permission: 'users.manage',
      body: { role: 'admin' },
    },
    { method: 'POST', url: () => `/admin/users/${ids.editor}/reset-password`, permission: 'users.manage' },
    { method: 'POST', url: () => `/admin/users/${ids.author}/disable`, permission: 'users.manage' },
    { method: 'POST', url: () => `/admin/users/${ids.author}/enable`, permission: 'users.manage' },
    {
      method: 'POST',
      url: () => '/admin/account/password',
      permission: 'newsroom.enter',
      body: { current: 'wrong-password!', next: 'another-password-1', confirm: 'another-password-1' },
    },
  ];

  it('sends anonymous readers to sign in (pages) or answers 401 (other methods), changing nothing', async () => {
    const before = await snapshot();
    const anonymous: Browser = { cookies: {}, csrf: '' };
    for (const route of ROUTES) {
      const res =
        route.method === 'GET'
          ? await get(app(), anonymous, route.url())
          : await post(app(), anonymous, route.url(), route.body);
      if (route.method === 'GET') {
        expect(res.statusCode, route.url()).toBe(302);
        expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(route.url())}`);
      } else {
        expect(res.statusCode, route.url()).toBe(401);
        expect(res.body).toContain('DL_UNAUTHORIZED');
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('allows or refuses every role on every route by the permissions table (403 page, nothing changed)', async () => {
    for (const role of ROLES) {
      const browser = await signedIn(app(), `${role}1`, PASSWORD);
      for (const route of ROUTES) {
        const allowed = can(role as Role, route.permission);
        if (route.method === 'GET') {
          const res = await get(app(), browser, route.url());
          expect(res.statusCode, `${role} ${route.url()}`).toBe(allowed ? 200 : 403);
          if (!allowed) expect(res.body).toContain('DL_FORBIDDEN');
          expect(res.headers['cache-control']).toBe('no-store');
        } else if (!allowed) {
          const before = await snapshot();
          const res = await post(app(), browser, route.url(), route.body);
          expect(res.statusCode, `${role} POST ${route.url()}`).toBe(403);
          expect(res.body).toContain('DL_FORBIDDEN');
          expect(await snapshot()).toEqual(before);
        }
      }
      // The dashboard lists exactly the sections the role may open.
      const dashboard = await get(app(), browser, '/admin');
      expect(dashboard.body.includes('href="/admin/users"'), role).toBe(can(role, 'users.manage'));
      expect(dashboard.body.includes('href="/admin/audit"'), role).toBe(can(role, 'audit.read'));
    }
  });

  it('signs in with a session cookie that is HttpOnly, SameSite=Lax, Path=/ and not Secure over http', async () => {
    const { browser, response } = await attemptSignIn(app(), 'EDITOR1', PASSWORD, {
      next: '/admin/audit?actor=x',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin/audit?actor=x');
    const cookie = response.cookies.find((c) => c.name === 'dl_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    expect(cookie.value).toMatch(/^[\w-]{43}$/);
    // Only the token's hash is stored.
    const stored = await db().selectFrom('sessions').select('id_hash').execute();
    expect(stored.some((s) => s.id_hash === cookie.value)).toBe(false);
    expect((await get(app(), browser, '/admin')).statusCode).toBe(200);
  });

  it('refuses wrong passwords, unknown and injection-looking usernames with one message', async () => {
    const before = (await snapshot()).users;
    for (const [username, password] of [
      ['editor1', 'not-the-password'],
      ['no-such-user', PASSWORD],
      ["editor1' OR '1'='1", PASSWORD],
      ["x'; DROP TABLE users; --", "' OR 1=1 --"],
    ] as const) {
      const { response, browser } = await attemptSignIn(app(), username, password, { ip: '10.1.0.1' });
      expect(response.statusCode, username).toBe(401);
      expect(response.body).toContain('The username or password is not correct.');
      expect(browser.cookies.dl_session).toBeUndefined();
    }
    expect((await snapshot()).users).toEqual(before);
  });

  it('never redirects off-site after sign-in', async () => {
    for (const next of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
      ' /admin',
    ]) {
      const { response } = await attemptSignIn(app(), 'author1', PASSWORD, { next });
      expect(response.statusCode, next).toBe(303);
      expect(response.headers.location, next).toBe('/admin');
    }
    const page = await app().inject({ url: `/login?next=${encodeURIComponent('//evil.example')}` });
    expect(page.body).toContain('name="next" value="/admin"');
  });

  it('refuses state changes without the session’s CSRF token or from another origin (403, nothing changed)', async () => {
    const admin = await signedIn(app(), 'admin1', PASSWORD);
    const before = await snapshot();
    const body = { username: 'csrf-victim', role: 'admin' };
    const attempts = [
      post(app(), admin, '/admin/users', { ...body, _csrf: '' }),
      post(app(), admin, '/admin/users', { ...body, _csrf: 'forged-token-forged-token-forged-token-forg' }),
      post(
        app(),
        { ...admin, csrf: csrfIn((await get(app(), { cookies: {}, csrf: '' }, '/login')).body) },
        '/admin/users',
        body,
      ),
      post(app(), admin, '/admin/users', body, { origin: 'https://evil.example' }),
      post(app(), admin, '/admin/users', body, { referer: 'https://evil.example/page' }),
      app().inject({
        method: 'POST',
        url: '/admin/users',
        cookies: admin.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form(body),
      }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('DL_CSRF');
    }
    expect(await snapshot()).toEqual(before);

    // The same request with the token (form field or header) and this site's origin goes through.
    const ok = await post(app(), admin, '/admin/users', body, { origin: 'http://localhost:80' });
    expect(ok.statusCode).toBe(201);
    const viaHeader = await app().inject({
      method: 'POST',
      url: `/admin/users/${ids.reviewer}/enable`,
      cookies: admin.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': admin.csrf },
      payload: '',
    });
    expect(viaHeader.statusCode).toBe(303);
  });

  it('protects the sign-in form with a double-submit token', async () => {
    const before = (await snapshot()).audit;
    const page = await app().inject({ url: '/login' });
    const token = csrfIn(page.body);
    const setCookie = page.cookies.find((c) => c.name === 'dl_login_csrf')!;
    expect(setCookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/login', value: token });
    for (const cookies of [{}, { dl_login_csrf: 'x'.repeat(43) }] as Record<string, string>[]) {
      const res = await app().inject({
        method: 'POST',
        url: '/login',
        cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ _csrf: token, username: 'admin1', password: PASSWORD }),
      });
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('DL_CSRF');
      expect(res.cookies.find((c) => c.name === 'dl_session')).toBeUndefined();
    }
    expect((await snapshot()).audit).toBe(before);
  });

  it('answers oversized and malformed forms with coded errors, changing nothing', async () => {
    const admin = await signedIn(app(), 'admin1', PASSWORD);
    const before = await snapshot();
    const huge = await post(app(), admin, '/admin/users', {
      username: 'big',
      role: 'author',
      displayName: 'x'.repeat(40_000),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.body).toContain('DL_PAYLOAD_TOO_LARGE');
    const repeated = await app().inject({
      method: 'POST',
      url: '/admin/users',
      cookies: admin.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${admin.csrf}&username=a1&username=b2&role=author`,
    });
    expect(repeated.statusCode).toBe(400);
    expect(repeated.body).toContain('DL_BAD_REQUEST');
    const json = await app().inject({
      method: 'POST',
      url: '/admin/users',
      cookies: admin.cookies,
      payload: { _csrf: admin.csrf, username: { $ne: 1 }, role: 'author' },
    });
    expect(json.statusCode).toBe(400);
    const invalid = await post(app(), admin, '/admin/users', { username: '<script>', role: 'king' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('Role must be one of');
    expect(invalid.body).not.toContain('<script>');
    const badId = await post(app(), admin, '/admin/users/1%20OR%201=1/disable');
    expect(badId.statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
    for (const res of [huge, repeated, json, invalid, badId]) expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('locks a username after repeated failures (429) until the lockout passes', async () => {
    const ip = '10.2.0.1';
    for (let i = 0; i < 5; i++) {
      expect((await attemptSignIn(app(), 'reviewer1', 'wrong-password', { ip })).response.statusCode).toBe(
        401,
      );
    }
    const locked = await attemptSignIn(app(), 'reviewer1', PASSWORD, { ip: '10.2.0.2' });
    expect(locked.response.statusCode).toBe(429);
    expect(locked.response.body).toContain('Too many failed sign-ins');
    expect(locked.browser.cookies.dl_session).toBeUndefined();
    clock.advance(15 * MINUTE);
    expect((await attemptSignIn(app(), 'reviewer1', PASSWORD, { ip })).response.statusCode).toBe(303);
  });

  it('ends an idle session, a signed-out one, and every session on "sign out everywhere"', async () => {
    const idle = await signedIn(app(), 'editor1', PASSWORD);
    clock.advance(61 * MINUTE);
    expect((await get(app(), idle, '/admin')).statusCode).toBe(302);

    const one = await signedIn(app(), 'editor1', PASSWORD);
    const two = await signedIn(app(), 'editor1', PASSWORD);
    const out = await post(app(), one, '/logout');
    expect(out.statusCode).toBe(303);
    expect(one.cookies.dl_session).toBeUndefined();
    expect((await get(app(), two, '/admin')).statusCode).toBe(200);

    const three = await signedIn(app(), 'editor1', PASSWORD);
    const everywhere = await post(app(), three, '/admin/account/logout-everywhere');
    expect(everywhere.statusCode).toBe(303);
    expect((await get(app(), two, '/admin')).statusCode).toBe(302);
    const count = await db().selectFrom('sessions').selectAll().where('user_id', '=', ids.editor!).execute();
    expect(count).toEqual([]);
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'session.logout_all')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('lets an admin create users, change roles and reset passwords, each ending the user’s sessions', async () => {
    const admin = await signedIn(app(), 'admin1', PASSWORD);
    const created = await post(app(), admin, '/admin/users', {
      username: 'newcomer',
      role: 'author',
      displayName: 'New Comer',
    });
    expect(created.statusCode).toBe(201);
    const generated = /<code class="admin-secret">([^<]+)<\/code>/.exec(created.body)![1]!;
    const newcomer = await signedIn(app(), 'newcomer', generated);
    const id = (
      await db().selectFrom('users').select('id').where('username', '=', 'newcomer').executeTakeFirstOrThrow()
    ).id;

    expect((await post(app(), admin, `/admin/users/${id}/role`, { role: 'editor' })).statusCode).toBe(303);
    expect((await get(app(), newcomer, '/admin')).statusCode).toBe(302);
    const roleChange = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.role_change')
      .where('subject_id', '=', 'newcomer')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(roleChange.detail)).toMatchObject({ from: 'author', to: 'editor' });
    expect(roleChange.actor_label).toBe('admin1');

    const again = await signedIn(app(), 'newcomer', generated);
    const reset = await post(app(), admin, `/admin/users/${id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const fresh = /<code class="admin-secret">([^<]+)<\/code>/.exec(reset.body)![1]!;
    expect((await get(app(), again, '/admin')).statusCode).toBe(302);
    expect((await attemptSignIn(app(), 'newcomer', generated, { ip: '10.3.0.1' })).response.statusCode).toBe(
      401,
    );
    const editor = await signedIn(app(), 'newcomer', fresh);
    expect((await get(app(), editor, '/admin/audit')).statusCode).toBe(200);

    expect((await post(app(), admin, `/admin/users/${id}/disable`)).statusCode).toBe(303);
    expect((await get(app(), editor, '/admin')).statusCode).toBe(302);
    expect((await attemptSignIn(app(), 'newcomer', fresh, { ip: '10.3.0.1' })).response.statusCode).toBe(401);
  });

  it('changes one’s own password, keeping this session and ending the others', async () => {
    const here = await signedIn(app(), 'author1', PASSWORD);
    const elsewhere = await signedIn(app(), 'author1', PASSWORD);
    const wrong = await post(app(), here, '/admin/account/password', {
      current: 'nope-nope-nope',
      next: 'brand-new-password',
      confirm: 'brand-new-password',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('The current password is not correct.');
    const mismatch = await post(app(), here, '/admin/account/password', {
      current: PASSWORD,
      next: 'brand-new-password',
      confirm: 'brand-new-passw0rd',
    });
    expect(mismatch.statusCode).toBe(400);
    const ok = await post(app(), here, '/admin/account/password', {
      current: PASSWORD,
      next: 'brand-new-password',
      confirm: 'brand-new-password',
    });
    expect(ok.statusCode).toBe(200);
    expect((await get(app(), here, '/admin')).statusCode).toBe(200);
    expect((await get(app(), elsewhere, '/admin')).statusCode).toBe(302);
    expect((await attemptSignIn(app(), 'author1', 'brand-new-password')).response.statusCode).toBe(303);
  });

  it('filters the audit log in the viewer and refuses bad filters with a 400', async () => {
    const editor = await signedIn(app(), 'editor1', PASSWORD);
    const failures = await get(app(), editor, '/admin/audit?action=login.failure');
    expect(failures.statusCode).toBe(200);
    const actions = [...failures.body.matchAll(/<td><code>([^<]+)<\/code><\/td>/g)].map((m) => m[1]);
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['login.failure']));

    const family = await get(app(), editor, '/admin/audit?action=user.&actor=admin1');
    const familyActions = [...family.body.matchAll(/<td><code>([^<]+)<\/code><\/td>/g)].map((m) => m[1]!);
    expect(familyActions.length).toBeGreaterThan(0);
    expect(familyActions.every((a) => a.startsWith('user.'))).toBe(true);

    const subject = await get(app(), editor, '/admin/audit?subject=user:newcomer&action=user.create');
    expect([...subject.body.matchAll(/<td><code>([^<]+)<\/code><\/td>/g)]).toHaveLength(1);

    const future = await get(app(), editor, '/admin/audit?from=2099-01-01');
    expect(future.body).toContain('No entries match.');
    for (const query of ['from=yesterday', 'to=2026-02-30', 'page=0', 'from=2026-03-01&to=2026-02-01']) {
      const bad = await get(app(), editor, `/admin/audit?${query}`);
      expect(bad.statusCode, query).toBe(400);
    }
    // More than one page: an "Older" link keeps the filters.
    for (let i = 0; i < 60; i++) {
      await recordAudit(db(), { actor: CLI_ACTOR, action: 'test.event', subjectId: i, at: clock.now() });
    }
    const everything = await get(app(), editor, '/admin/audit?actor=');
    const total = (await db().selectFrom('audit_log').select('id').execute()).length;
    expect(total).toBeGreaterThan(50);
    expect(everything.body).toContain('href="/admin/audit?page=2"');
    const filtered = await get(app(), editor, '/admin/audit?action=test.event&page=1');
    expect(filtered.body).toContain('href="/admin/audit?action=test.event&amp;page=2"');
    const second = await get(app(), editor, '/admin/audit?action=test.event&page=2');
    expect([...second.body.matchAll(/<td><code>test.event<\/code><\/td>/g)]).toHaveLength(10);
    expect(second.body).toContain('href="/admin/audit?action=test.event"');
  });
});

describeEachDialect('newsroom cookies over https', (dialect) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite(dialect, { config: { publicUrl: 'https://news.example.org' } });
    await createUser(
      site.database.db,
      { username: 'admin1', role: 'admin', password: PASSWORD },
      { actor: CLI_ACTOR, now: site.clock.now() },
    );
  });
  afterAll(() => site.close());

  it('marks the session cookie Secure when the public URL is https', async () => {
    const { response } = await attemptSignIn(site.app, 'admin1', PASSWORD);
    expect(response.statusCode).toBe(303);
    expect(response.cookies.find((c) => c.name === 'dl_session')).toMatchObject({
      secure: true,
      httpOnly: true,
    });
  });
});
