/** Accounts on both databases: passwords, users, sign-in throttling, sessions, audit log, permissions. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { announceNewsroom } from '../src/cli/user.js';
import { CLI_ACTOR, listAudit, recordAudit } from '../src/modules/accounts/audit.js';
import { generatePassword, hashPassword, verifyPassword } from '../src/modules/accounts/password.js';
import { can, PERMISSIONS, type Permission, ROLES, type Role } from '../src/modules/accounts/roles.js';
import { createSession, findSession, sessionIdHash } from '../src/modules/accounts/sessions.js';
import { signIn } from '../src/modules/accounts/sign-in.js';
import { changeRole, createUser, resetPassword, setDisabled } from '../src/modules/accounts/users.service.js';
import { TestClock } from './clock.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from './databases.js';

const MINUTE = 60_000;
const policy = {
  session: { idleMs: 30 * MINUTE, maxAgeMs: 8 * 60 * MINUTE },
  throttle: { maxFailuresPerUser: 3, maxFailuresPerIp: 10, lockoutMs: 15 * MINUTE },
};

describe('passwords', () => {
  it('hash with a per-password salt, verify, and refuse a wrong or malformed hash', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'scrypt$99999999$8$1$x$y')).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });

  it('generates long random passwords', () => {
    const p = generatePassword();
    expect(p).toMatch(/^[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){3}$/);
    expect(generatePassword()).not.toBe(p);
  });
});

describe('permissions table', () => {
  const expected: Record<Permission, readonly Role[]> = {
    'newsroom.enter': ['admin', 'editor', 'author', 'reviewer'],
    'users.manage': ['admin'],
    'audit.read': ['admin', 'editor'],
    'items.write_own': ['admin', 'editor', 'author'],
    'items.write_any': ['admin', 'editor'],
    'items.submit': ['admin', 'editor', 'author'],
    'items.comment': ['admin', 'editor', 'reviewer'],
    'items.review': ['admin', 'editor', 'reviewer'],
    'items.publish': ['admin', 'editor'],
    'items.schedule': ['admin', 'editor'],
    'preview_links.create': ['admin', 'editor', 'author'],
    'taxonomy.manage': ['admin', 'editor'],
    'imports.run': ['admin', 'editor'],
    'api_keys.manage': ['admin'],
    'webhooks.manage': ['admin'],
  };
  it('grants each role exactly the actions of the issue (every role × every action)', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(expected).sort());
    for (const action of Object.keys(expected) as Permission[]) {
      for (const role of ROLES)
        expect(can(role, action), `${role} ${action}`).toBe(expected[action].includes(role));
    }
  });
});

describeEachDialect('accounts', (dialect) => {
  let database: TestDatabase;
  const clock = new TestClock('2026-03-01T10:00:00.000Z');
  const ctx = () => ({ actor: CLI_ACTOR, now: clock.now() });
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('tells a first run how to create an admin, and the demo creates one with a printed password', async () => {
    const printed: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((text) => {
      printed.push(String(text));
      return true;
    });
    try {
      await announceNewsroom(database.db, { demo: false });
      expect(printed.join('')).toContain('dateline user add <username> --role admin');
      printed.length = 0;
      await announceNewsroom(database.db, { demo: true });
      const password = /as admin with the password (\S+)/.exec(printed.join(''))?.[1];
      expect(password).toBeTruthy();
      const result = await signIn(
        database.db,
        { username: 'admin', password: password!, ip: '10.5.0.1', userAgent: '' },
        policy,
        clock.now(),
      );
      expect(result.ok).toBe(true);
      printed.length = 0;
      await announceNewsroom(database.db, { demo: true });
      expect(printed).toEqual([]);
    } finally {
      spy.mockRestore();
    }
    await database.db.deleteFrom('users').execute();
  });

  it('creates users with unique case-insensitive names and refuses bad input, writing nothing', async () => {
    const db = database.db;
    const { user, generatedPassword } = await createUser(db, { username: 'Mara', role: 'editor' }, ctx());
    expect(user).toMatchObject({ username: 'Mara', role: 'editor', disabled: false });
    expect(generatedPassword).toBeTruthy();
    const attempts = [
      { username: 'mara', role: 'author' },
      { username: "admin' OR '1'='1", role: 'admin' },
      { username: 'x; DROP TABLE users;--', role: 'admin' },
      { username: 'ok-name', role: 'superuser' },
      { username: 'ok-name', role: 'author', password: 'short' },
      { username: 'ok-name', role: 'author', email: 'not an email' },
    ];
    for (const input of attempts) {
      await expect(createUser(db, input, ctx()), JSON.stringify(input)).rejects.toMatchObject({
        code: 'DL_VALIDATION',
      });
    }
    const users = await db.selectFrom('users').select('username').execute();
    expect(users.map((u) => u.username)).toEqual(['Mara']);
  });

  it('signs in, counts failures per username, locks after the limit, unlocks when time passes', async () => {
    const db = database.db;
    await createUser(db, { username: 'ilse', role: 'author', password: 'ilse-password-1' }, ctx());
    const attempt = (password: string, username = 'ilse', ip = '10.0.0.1') =>
      signIn(db, { username, password, ip, userAgent: 'test' }, policy, clock.now());

    const ok = await attempt('ilse-password-1');
    expect(ok.ok).toBe(true);
    expect(await attempt('wrong')).toEqual({ ok: false, reason: 'invalid' });
    expect(await attempt('wrong')).toEqual({ ok: false, reason: 'invalid' });
    expect(await attempt('wrong')).toEqual({ ok: false, reason: 'invalid' });
    // Locked now: even the right password is refused, and so it is for an unknown name at the limit.
    const locked = await attempt('ilse-password-1');
    expect(locked).toMatchObject({ ok: false, reason: 'locked', lockedUntil: '2026-03-01T10:15:00.000Z' });
    for (let i = 0; i < 3; i++) await attempt('x', 'nobody-here');
    expect(await attempt('x', 'nobody-here')).toMatchObject({ ok: false, reason: 'locked' });

    clock.advance(15 * MINUTE);
    expect((await attempt('ilse-password-1')).ok).toBe(true);

    const actions = (await listAudit(db, { subjectId: 'ilse' }, 1, 50)).rows.map((r) => r.action).reverse();
    expect(actions).toEqual([
      'user.create',
      'login.success',
      'login.failure',
      'login.failure',
      'login.failure',
      'login.lockout',
      'login.refused_locked',
      'login.success',
    ]);
  });

  it('locks an IP address that fails across many usernames', async () => {
    const db = database.db;
    for (let i = 0; i < 10; i++) {
      await signIn(
        db,
        { username: `guess${i}`, password: 'x', ip: '10.9.9.9', userAgent: '' },
        policy,
        clock.now(),
      );
    }
    const next = await signIn(
      db,
      { username: 'ilse', password: 'ilse-password-1', ip: '10.9.9.9', userAgent: '' },
      policy,
      clock.now(),
    );
    expect(next).toMatchObject({ ok: false, reason: 'locked' });
    const elsewhere = await signIn(
      db,
      { username: 'ilse', password: 'ilse-password-1', ip: '10.0.0.2', userAgent: '' },
      policy,
      clock.now(),
    );
    expect(elsewhere.ok).toBe(true);
  });

  it('ends sessions when idle, at their absolute lifetime, on role change, reset and disabling', async () => {
    const db = database.db;
    const { user } = await createUser(
      db,
      { username: 'quill', role: 'reviewer', password: 'quill-password' },
      ctx(),
    );
    const open = () =>
      createSession(db, user.id, { now: clock.now(), policy: policy.session, userAgent: '', ip: '' });
    const alive = async (token: string) =>
      (await findSession(db, token, clock.now(), policy.session)) !== null;

    const idle = await open();
    clock.advance(29 * MINUTE);
    expect(await alive(idle.token)).toBe(true);
    clock.advance(29 * MINUTE); // seen 29 minutes ago: still alive, and touched
    expect(await alive(idle.token)).toBe(true);
    clock.advance(30 * MINUTE);
    expect(await alive(idle.token)).toBe(false);

    // Used every 29 minutes, a session still ends 8 hours after sign-in.
    const busy = await open();
    for (let elapsed = 29; elapsed < 480; elapsed += 29) {
      clock.advance(29 * MINUTE);
      expect(await alive(busy.token), `${elapsed} min`).toBe(true);
    }
    clock.advance(29 * MINUTE);
    expect(await alive(busy.token)).toBe(false);

    const stored = await db.selectFrom('sessions').select('id_hash').execute();
    expect(stored.every((s) => s.id_hash !== idle.token && s.id_hash !== busy.token)).toBe(true);

    for (const end of [
      () => changeRole(db, user.id, 'author', ctx()),
      () => resetPassword(db, user.id, ctx()),
      () => setDisabled(db, user.id, true, ctx()),
    ]) {
      const session = await open();
      expect(await alive(session.token)).toBe(true);
      await end();
      expect(await alive(session.token)).toBe(false);
      expect(
        await db
          .selectFrom('sessions')
          .selectAll()
          .where('id_hash', '=', sessionIdHash(session.token))
          .execute(),
      ).toEqual([]);
    }
  });

  it('keeps the last active admin', async () => {
    const db = database.db;
    const { user } = await createUser(db, { username: 'root', role: 'admin' }, ctx());
    await expect(changeRole(db, user.id, 'editor', ctx())).rejects.toMatchObject({ code: 'DL_VALIDATION' });
    await expect(setDisabled(db, user.id, true, ctx())).rejects.toMatchObject({ code: 'DL_VALIDATION' });
    const second = await createUser(db, { username: 'root2', role: 'admin' }, ctx());
    expect((await changeRole(db, user.id, 'editor', ctx())).role).toBe('editor');
    await expect(setDisabled(db, second.user.id, true, ctx())).rejects.toMatchObject({
      code: 'DL_VALIDATION',
    });
  });

  it('filters the audit log by actor, action family, subject and dates, newest first, in pages', async () => {
    const db = database.db;
    const base = Date.parse('2030-05-01T00:00:00.000Z');
    for (let i = 0; i < 7; i++) {
      await recordAudit(db, {
        actor: { userId: null, label: i % 2 ? 'odd-actor' : 'even-actor' },
        action: i % 3 === 0 ? 'term.rename' : 'term.merge',
        subjectType: 'term',
        subjectId: `t${i}`,
        detail: { i },
        at: new Date(base + i * 86_400_000),
      });
    }
    const from = '2030-05-01T00:00:00.000Z';
    const ids = async (filter: Parameters<typeof listAudit>[1], page = 1, size = 50) =>
      (await listAudit(db, { from, ...filter }, page, size)).rows.map((r) => r.subject_id);
    expect(await ids({})).toEqual(['t6', 't5', 't4', 't3', 't2', 't1', 't0']);
    expect(await ids({ actor: 'odd-actor' })).toEqual(['t5', 't3', 't1']);
    expect(await ids({ action: 'term.rename' })).toEqual(['t6', 't3', 't0']);
    expect(await ids({ action: 'term.' })).toHaveLength(7);
    expect(await ids({ action: 'term' })).toEqual([]);
    expect(await ids({ subjectType: 'term', subjectId: 't4' })).toEqual(['t4']);
    expect(await ids({ from: '2030-05-02T00:00:00.000Z', to: '2030-05-04T23:59:59.999Z' })).toEqual([
      't3',
      't2',
      't1',
    ]);
    expect(await ids({}, 2, 3)).toEqual(['t3', 't2', 't1']);
    const last = await listAudit(db, { from }, 3, 3);
    expect(last.rows.map((r) => r.subject_id)).toEqual(['t0']);
    expect(last.hasMore).toBe(false);
    expect((await listAudit(db, { from }, 1, 3)).hasMore).toBe(true);
  });
});
