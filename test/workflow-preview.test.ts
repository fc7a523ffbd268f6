/**
 * Preview links on both databases, over real HTTP: created by those allowed (token shown once,
 * only its hash stored), opened without an account before the embargo (banner, no-store, noindex,
 * audited with the IP), refused when expired (moving the clock), revoked, tampered, unknown or
 * withdrawn — with pages that reveal nothing about the item — and handed over to the public page
 * once the embargo lifts.
 */
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI_ACTOR } from '../src/modules/accounts/audit.js';
import { ROLES, type Role } from '../src/modules/accounts/roles.js';
import { createUser } from '../src/modules/accounts/users.service.js';
import { transitionItem, type WorkflowActor } from '../src/modules/workflow/workflow.service.js';
import { type Browser, get, post, signedIn } from './admin-session.js';
import { TestClock } from './clock.js';
import { describeEachDialect } from './databases.js';
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

const PASSWORD = 'a-long-test-password';
const EMBARGO = '2026-01-15T10:00:00.000Z';
const TITLE = 'Quarantined draft on the Ruritanian border';

describeEachDialect('preview links', (dialect) => {
  let site: TestSite;
  let itemId: number;
  const clock = new TestClock('2026-01-15T08:00:00.000Z');
  const users: Record<Role, WorkflowActor> = {} as never;
  const browsers: Partial<Record<Role, Browser>> = {};
  const db = () => site.database.db;

  beforeAll(async () => {
    site = await createTestSite(dialect, { clock, config: { publicUrl: 'https://news.example.org' } });
    for (const role of ROLES) {
      const { user } = await createUser(
        db(),
        { username: `${role}1`, role, password: PASSWORD },
        { actor: CLI_ACTOR, now: clock.now() },
      );
      users[role] = { userId: user.id, label: user.username, role, ip: '127.0.0.1' };
    }
    itemId = await site.addItem(
      pressRelease({
        title: TITLE,
        slug: 'quarantined',
        status: 'draft',
        publishedAt: null,
        quotes: [{ speaker: 'Ana Example', role: 'Head of Office', text: 'We will share the river.' }],
      }),
    );
    await db()
      .updateTable('items')
      .set({ created_by: users.author.userId })
      .where('id', '=', itemId)
      .execute();
    await transitionItem(db(), itemId, {
      action: 'schedule',
      expectedRevision: 1,
      publishAt: EMBARGO,
      actor: users.editor,
      now: clock.now(),
    });
    site.app.site.contentChanged();
  });
  afterAll(() => site.close());

  const browser = async (role: Role) => {
    browsers[role] ??= await signedIn(site.app, `${role}1`, PASSWORD);
    return browsers[role]!;
  };
  const revision = async () =>
    (await db().selectFrom('items').select('revision').where('id', '=', itemId).executeTakeFirstOrThrow())
      .revision;
  const links = () => db().selectFrom('preview_links').selectAll().orderBy('id').execute();
  const audit = (action: string) =>
    db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

  /** Creates a link through the form; returns the token from the page that shows it once. */
  async function createLink(role: Role, label: string, expiresAt = '2026-01-16T12:00:00'): Promise<string> {
    const res = await post(site.app, await browser(role), `/admin/items/${itemId}/preview-links`, {
      label,
      expiresAt,
      revision: String(await revision()),
    });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const match = /https:\/\/news\.example\.org\/preview\/([A-Za-z0-9_-]{43})/.exec(res.body);
    expect(match).not.toBeNull();
    return match![1]!;
  }

  const open = (token: string, ip = '203.0.113.7') =>
    site.app.inject({ method: 'GET', url: `/preview/${token}`, remoteAddress: ip });

  /** A refusal page says nothing about the item. */
  const revealsNothing = (res: LightMyRequestResponse) => {
    expect(res.body).not.toContain(TITLE);
    expect(res.body).not.toContain('river');
    expect(res.body).not.toContain('Ana Example');
    expect(res.headers['cache-control']).toBe('no-store');
  };

  it('lets authors (own items), editors and admins create links; reviewers not', async () => {
    for (const role of ['author', 'editor', 'admin'] as const)
      await createLink(role, `Journalist for ${role}`);
    const before = await links();
    const refused = await post(site.app, await browser('reviewer'), `/admin/items/${itemId}/preview-links`, {
      label: 'Sneaky',
      expiresAt: '2026-01-16T12:00:00',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('DL_FORBIDDEN');
    for (const [label, expiresAt] of [
      ['', '2026-01-16T12:00:00'],
      ['Past expiry', '2026-01-15T08:59:00'],
      ['Too far ahead', '2026-03-01T12:00:00'],
      ['Malformed', 'next week'],
    ]) {
      const res = await post(site.app, await browser('editor'), `/admin/items/${itemId}/preview-links`, {
        label: label!,
        expiresAt: expiresAt!,
      });
      expect(res.statusCode, label).toBe(400);
      expect(res.body).toContain('DL_VALIDATION');
    }
    expect(await links()).toEqual(before);
    expect((await audit('preview_link.create')).map((a) => a.actor_label)).toEqual([
      'author1',
      'editor1',
      'admin1',
    ]);
  });

  it('stores only the token’s SHA-256 and opens the embargoed item with a banner, never cached or indexed', async () => {
    const token = await createLink('editor', 'Maria, Daily Planet');
    const stored = (await links()).at(-1)!;
    expect(stored.token_sha256).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(await links())).not.toContain(token);
    // The public page is still a 404 …
    expect((await site.app.inject('/en/press-release/2026/quarantined')).statusCode).toBe(404);
    // … the preview link shows the item as readers will see it.
    const res = await open(token);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(TITLE);
    expect(res.body).toContain('We will share the river.');
    expect(res.body).toContain('Embargoed preview');
    expect(res.body).toContain('Not for publication before');
    expect(res.body).toContain('2026-01-15 11:00:00 (Europe/Vienna)');
    expect(res.body).toContain('2026-01-15 10:00:00 UTC');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-robots-tag']).toContain('noindex');
    expect(res.headers['content-security-policy']).toBeTruthy();
    expect(res.body).not.toMatch(/<script(?! type="application\/ld\+json")/);
    await open(token, '198.51.100.2');
    const link = (await links()).at(-1)!;
    expect(link).toMatchObject({ use_count: 2, last_used_at: '2026-01-15T08:00:00.000Z' });
    const uses = (await audit('preview_link.use')).filter((a) => JSON.parse(a.detail).linkId === link.id);
    expect(uses.map((u) => [u.ip, u.subject_id])).toEqual([
      ['203.0.113.7', String(itemId)],
      ['198.51.100.2', String(itemId)],
    ]);
    // Editors see the use in the panel.
    const panel = await get(site.app, await browser('editor'), `/admin/items/${itemId}/workflow`);
    expect(panel.body).toContain('Maria, Daily Planet');
  });

  it('refuses unknown, malformed and tampered tokens with a 404 that reveals nothing', async () => {
    const token = await createLink('editor', 'Tamper test');
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const before = (await links()).at(-1)!;
    for (const bad of [
      flipped,
      'x'.repeat(43),
      'short',
      `${token}x`,
      '..%2F..%2Fetc%2Fpasswd',
      `${token.slice(0, 42)}%00`,
    ]) {
      const res = await open(bad);
      expect(res.statusCode, bad).toBe(404);
      expect(res.body).toContain('DL_NOT_FOUND');
      revealsNothing(res);
    }
    expect((await links()).at(-1)).toEqual(before);
  });

  it('expires a link at its instant and answers 410 after, without naming the item', async () => {
    const token = await createLink('editor', 'Expiring', '2026-01-15T09:30:00'); // 08:30 UTC
    clock.set('2026-01-15T08:29:59.999Z');
    expect((await open(token)).statusCode).toBe(200);
    clock.set('2026-01-15T08:30:00.000Z');
    const res = await open(token);
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('DL_PREVIEW_EXPIRED');
    revealsNothing(res);
    const refused = (await audit('preview_link.refused')).at(-1)!;
    expect(JSON.parse(refused.detail)).toMatchObject({ reason: 'expired', label: 'Expiring' });
    clock.set('2026-01-15T08:00:00.000Z');
  });

  it('revokes a link at once (410), audited; a second revocation changes nothing', async () => {
    const token = await createLink('author', 'To be revoked');
    const link = (await links()).at(-1)!;
    expect((await open(token)).statusCode).toBe(200);
    // Another author may not revoke it: the item is not theirs.
    const { user } = await createUser(
      db(),
      { username: 'author2', role: 'author', password: PASSWORD },
      { actor: CLI_ACTOR, now: clock.now() },
    );
    expect(user.role).toBe('author');
    const stranger = await signedIn(site.app, 'author2', PASSWORD);
    const refused = await post(site.app, stranger, `/admin/items/${itemId}/preview-links/${link.id}/revoke`);
    expect(refused.statusCode).toBe(403);
    expect((await open(token)).statusCode).toBe(200);

    const author = await browser('author');
    const res = await post(site.app, author, `/admin/items/${itemId}/preview-links/${link.id}/revoke`);
    expect(res.statusCode).toBe(303);
    const gone = await open(token);
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('DL_PREVIEW_REVOKED');
    revealsNothing(gone);
    await post(site.app, author, `/admin/items/${itemId}/preview-links/${link.id}/revoke`);
    const revocations = (await audit('preview_link.revoke')).filter(
      (a) => JSON.parse(a.detail).linkId === link.id,
    );
    expect(revocations).toHaveLength(1);
    // Another item's link id under this item is no such link.
    expect(
      (await post(site.app, author, `/admin/items/${itemId}/preview-links/99999/revoke`)).statusCode,
    ).toBe(404);
  });

  it('sends readers to the public page once the embargo has lifted, and refuses after withdrawal', async () => {
    const token = await createLink('editor', 'Late reader');
    clock.set(EMBARGO);
    const res = await open(token);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/en/press-release/2026/quarantined');
    expect(res.headers['cache-control']).toBe('no-store');
    await transitionItem(db(), itemId, {
      action: 'withdraw',
      expectedRevision: await revision(),
      actor: users.editor,
      now: clock.now(),
    });
    site.app.site.contentChanged();
    const withdrawn = await open(token);
    expect(withdrawn.statusCode).toBe(410);
    expect(withdrawn.body).toContain('DL_PREVIEW_REVOKED');
    revealsNothing(withdrawn);
    // No new links to a withdrawn item (two hours on, the editor signs in again).
    const editor = await signedIn(site.app, 'editor1', PASSWORD);
    const refused = await post(site.app, editor, `/admin/items/${itemId}/preview-links`, {
      label: 'Too late',
      expiresAt: '2026-01-16T12:00:00',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('DL_WORKFLOW_TRANSITION');
  });
});
