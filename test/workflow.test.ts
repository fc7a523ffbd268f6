/**
 * The editorial workflow on both databases: the transition table for every role over real HTTP,
 * illegal transitions, stale revisions, instants (past, malformed, local time zone, DST gap), CSRF,
 * the audit trail, approvals, comments, the review queue and the workflow page.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI_ACTOR } from '../src/modules/accounts/audit.js';
import { can, ROLES, type Role } from '../src/modules/accounts/roles.js';
import { createUser } from '../src/modules/accounts/users.service.js';
import { readContentVersion } from '../src/db/site-state.js';
import type { ItemStatus } from '../src/db/schema.js';
import { createItem } from '../src/modules/content/items.service.js';
import { zonedToInstant } from '../src/modules/workflow/instants.js';
import { TRANSITIONS, WORKFLOW_ACTIONS, type WorkflowAction } from '../src/modules/workflow/transitions.js';
import { transitionItem, type WorkflowActor } from '../src/modules/workflow/workflow.service.js';
import { type Browser, get, post, signedIn } from './admin-session.js';
import { TestClock } from './clock.js';
import { describeEachDialect } from './databases.js';
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

const PASSWORD = 'a-long-test-password';
const START = '2026-01-15T08:00:00.000Z';
const LATER = '2026-01-20T10:00:00.000Z';

describeEachDialect('editorial workflow', (dialect) => {
  let site: TestSite;
  const clock = new TestClock(START);
  const users: Record<Role, WorkflowActor> = {} as never;
  const browsers: Partial<Record<Role, Browser>> = {};
  const db = () => site.database.db;
  const admin = (): WorkflowActor => users.admin;

  beforeAll(async () => {
    site = await createTestSite(dialect, { clock });
    for (const role of ROLES) {
      const { user } = await createUser(
        db(),
        { username: `${role}1`, role, password: PASSWORD, displayName: `The ${role}` },
        { actor: CLI_ACTOR, now: clock.now() },
      );
      users[role] = { userId: user.id, label: user.username, role, ip: '127.0.0.1' };
    }
  });
  afterAll(() => site.close());

  const browser = async (role: Role) => {
    browsers[role] ??= await signedIn(site.app, `${role}1`, PASSWORD);
    return browsers[role]!;
  };

  /** A draft by the author (created_by set), then moved by the admin into `state`. */
  async function itemIn(state: ItemStatus, owner: Role = 'author'): Promise<number> {
    clock.set(START);
    const id = await createItem(db(), pressRelease({ status: 'draft', publishedAt: null }), {
      taxonomy: site.app.site.taxonomy(),
      languages: site.app.site.profile.languages,
      now: clock.now(),
    });
    await db().updateTable('items').set({ created_by: users[owner].userId }).where('id', '=', id).execute();
    const path: Record<ItemStatus, WorkflowAction[]> = {
      draft: [],
      in_review: ['submit'],
      scheduled: ['submit', 'schedule'],
      published: ['publish_now'],
      archived: ['publish_now', 'archive'],
      withdrawn: ['publish_now', 'withdraw'],
    };
    for (const action of path[state]) {
      const { revision } = await row(id);
      await transitionItem(db(), id, {
        action,
        expectedRevision: revision,
        publishAt: action === 'schedule' ? LATER : null,
        actor: admin(),
        now: clock.now(),
      });
    }
    site.app.site.contentChanged();
    return id;
  }

  const row = (id: number) =>
    db().selectFrom('items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const auditOf = (id: number) =>
    db()
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_type', '=', 'item')
      .where('subject_id', '=', String(id))
      .orderBy('id')
      .execute();
  /** Everything a refused request must leave as it was. */
  const snapshot = async (id: number) => ({
    item: await row(id),
    listings: await db()
      .selectFrom('term_listing')
      .selectAll()
      .where('item_id', '=', id)
      .orderBy('term_id')
      .execute(),
    audit: (await auditOf(id)).length,
    comments: (await db().selectFrom('item_comments').select('id').where('item_id', '=', id).execute())
      .length,
    approvals: (await db().selectFrom('item_approvals').select('id').where('item_id', '=', id).execute())
      .length,
    version: await readContentVersion(db()),
  });

  const fieldsFor = (action: WorkflowAction, revision: number) => ({
    action,
    revision: String(revision),
    // Local time in the site's zone (Europe/Vienna): 11:00 there is 10:00 UTC in winter.
    ...(action === 'schedule' ? { publishAt: '2026-01-20T11:00:00' } : {}),
    ...(action === 'return_to_draft' ? { comment: 'Please check the figures.' } : {}),
  });

  it('allows or refuses every action to every role by the transition table, over HTTP', async () => {
    for (const action of WORKFLOW_ACTIONS) {
      const rule = TRANSITIONS[action];
      for (const role of ROLES) {
        const id = await itemIn(rule.from[0]!);
        const before = await snapshot(id);
        const res = await post(site.app, await browser(role), `/admin/items/${id}/transition`, {
          ...fieldsFor(action, before.item.revision),
        });
        const allowed = can(role, rule.permission);
        if (!allowed) {
          expect(res.statusCode, `${role} ${action}`).toBe(403);
          expect(res.body).toContain('DL_FORBIDDEN');
          expect(await snapshot(id), `${role} ${action}`).toEqual(before);
          continue;
        }
        expect(res.statusCode, `${role} ${action}: ${res.body.slice(0, 400)}`).toBe(303);
        expect(res.headers.location).toBe(`/admin/items/${id}/edit`);
        const after = await row(id);
        expect(after.status, `${role} ${action}`).toBe(rule.to);
        const audit = (await auditOf(id)).at(-1)!;
        expect(audit).toMatchObject({ action: `item.${action}`, actor_label: `${role}1`, ip: '127.0.0.1' });
        if (action === 'approve') {
          expect(after.revision).toBe(before.item.revision);
          expect((await snapshot(id)).approvals).toBe(before.approvals + 1);
          continue;
        }
        expect(after.revision).toBe(before.item.revision + 1);
        expect(after.updated_at).toBe(clock.now().toISOString());
        expect(await readContentVersion(db())).toBe(before.version + 1);
        expect(JSON.parse(audit.detail)).toMatchObject({
          from: rule.from[0],
          to: rule.to,
          revision: after.revision,
        });
        const expectedPublishedAt =
          action === 'schedule'
            ? '2026-01-20T10:00:00.000Z'
            : action === 'publish_now'
              ? START
              : before.item.published_at;
        expect(after.published_at, `${role} ${action}`).toBe(expectedPublishedAt);
        const visible = ['scheduled', 'published', 'archived'].includes(rule.to) ? expectedPublishedAt : null;
        expect(after.visible_from, `${role} ${action}`).toBe(visible);
        const listings = await db()
          .selectFrom('term_listing')
          .select('visible_from')
          .where('item_id', '=', id)
          .execute();
        expect(listings.length).toBeGreaterThan(0);
        expect(
          listings.every((l) => l.visible_from === visible),
          `${role} ${action} listings`,
        ).toBe(true);
      }
    }
  });

  it('lets authors send only their own drafts for review', async () => {
    const theirs = await itemIn('draft', 'editor');
    const before = await snapshot(theirs);
    const res = await post(site.app, await browser('author'), `/admin/items/${theirs}/transition`, {
      action: 'submit',
      revision: String(before.item.revision),
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('DL_FORBIDDEN');
    expect(res.body).toContain('your own items');
    expect(await snapshot(theirs)).toEqual(before);
  });

  it('refuses every action from a state the table does not list (409, nothing changed)', async () => {
    const states: ItemStatus[] = ['draft', 'in_review', 'scheduled', 'published', 'archived', 'withdrawn'];
    const items = new Map<ItemStatus, number>();
    for (const state of states) items.set(state, await itemIn(state));
    for (const action of WORKFLOW_ACTIONS) {
      for (const state of states.filter((s) => !TRANSITIONS[action].from.includes(s))) {
        const id = items.get(state)!;
        const before = await snapshot(id);
        await expect(
          transitionItem(db(), id, {
            action,
            expectedRevision: before.item.revision,
            publishAt: action === 'schedule' ? LATER : null,
            comment: 'A note',
            actor: admin(),
            now: clock.now(),
          }),
          `${action} from ${state}`,
        ).rejects.toMatchObject({ code: 'DL_WORKFLOW_TRANSITION', status: 409 });
        expect(await snapshot(id), `${action} from ${state}`).toEqual(before);
      }
    }
    // Over HTTP the refusal is a coded page with the way back, never a stack trace.
    const draft = items.get('draft')!;
    const res = await post(site.app, await browser('editor'), `/admin/items/${draft}/transition`, {
      action: 'archive',
      revision: String((await row(draft)).revision),
    });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('DL_WORKFLOW_TRANSITION');
    expect(res.body).toContain(`href="/admin/items/${draft}/edit"`);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('treats a scheduled item past its instant as published: archive yes, unschedule no', async () => {
    const id = await itemIn('scheduled');
    clock.set('2026-01-20T10:00:00.000Z');
    const before = await snapshot(id);
    await expect(
      transitionItem(db(), id, {
        action: 'unschedule',
        expectedRevision: before.item.revision,
        actor: admin(),
        now: clock.now(),
      }),
    ).rejects.toMatchObject({ code: 'DL_WORKFLOW_TRANSITION' });
    expect(await snapshot(id)).toEqual(before);
    const archived = await transitionItem(db(), id, {
      action: 'archive',
      expectedRevision: before.item.revision,
      actor: admin(),
      now: clock.now(),
    });
    expect(archived).toMatchObject({ from: 'published', to: 'archived' });
    expect(archived.item).toMatchObject({ published_at: LATER, visible_from: LATER });
  });

  it('refuses a stale revision with DL_CONFLICT and changes nothing', async () => {
    const id = await itemIn('in_review');
    const before = await snapshot(id);
    await expect(
      transitionItem(db(), id, {
        action: 'publish_now',
        expectedRevision: before.item.revision - 1,
        actor: admin(),
        now: clock.now(),
      }),
    ).rejects.toMatchObject({ code: 'DL_CONFLICT', status: 409 });
    const res = await post(site.app, await browser('editor'), `/admin/items/${id}/transition`, {
      action: 'approve',
      revision: String(before.item.revision + 5),
    });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('DL_CONFLICT');
    expect(await snapshot(id)).toEqual(before);
  });

  it('refuses past, present, malformed and non-existent publication instants (nothing changed)', async () => {
    const id = await itemIn('in_review');
    const before = await snapshot(id);
    const attempt = (publishAt: string | null) =>
      transitionItem(db(), id, {
        action: 'schedule',
        expectedRevision: before.item.revision,
        publishAt,
        actor: admin(),
        now: clock.now(),
      });
    await expect(attempt('2026-01-15T07:59:59.999Z')).rejects.toMatchObject({ code: 'DL_SCHEDULE_PAST' });
    await expect(attempt(START)).rejects.toMatchObject({ code: 'DL_SCHEDULE_PAST' });
    for (const bad of [null, '', 'tomorrow', '2026-02-30T10:00:00Z', '2026-01-20T10:00:00', '1e12'])
      await expect(attempt(bad), String(bad)).rejects.toMatchObject({ code: 'DL_VALIDATION' });
    const editor = await browser('editor');
    for (const [publishAt, code] of [
      ['2026-01-15T08:59:00', 'DL_SCHEDULE_PAST'], // 08:59 Vienna = 07:59 UTC, a minute ago
      ['2026-03-29T02:30', 'DL_VALIDATION'], // the clocks skip 02:00–03:00 in Vienna that night
      ['<script>alert(1)</script>', 'DL_VALIDATION'],
      ['', 'DL_VALIDATION'],
    ] as const) {
      const res = await post(site.app, editor, `/admin/items/${id}/transition`, {
        action: 'schedule',
        revision: String(before.item.revision),
        publishAt,
      });
      expect(res.statusCode, publishAt).toBe(400);
      expect(res.body, publishAt).toContain(code);
      expect(res.body).not.toContain('<script>alert(1)');
    }
    const returned = await post(site.app, editor, `/admin/items/${id}/transition`, {
      action: 'return_to_draft',
      revision: String(before.item.revision),
      comment: '   ',
    });
    expect(returned.statusCode).toBe(400);
    expect(returned.body).toContain('DL_VALIDATION');
    const unknown = await post(site.app, editor, `/admin/items/${id}/transition`, {
      action: 'publish_yesterday',
      revision: String(before.item.revision),
    });
    expect(unknown.statusCode).toBe(400);
    expect(
      (await post(site.app, editor, '/admin/items/99999/transition', fieldsFor('submit', 1))).statusCode,
    ).toBe(404);
    expect(await snapshot(id)).toEqual(before);
  });

  it('converts local times in the site’s zone exactly, across daylight-saving changes', () => {
    expect(zonedToInstant('2026-01-15T11:00', 'Europe/Vienna')).toBe('2026-01-15T10:00:00.000Z');
    expect(zonedToInstant('2026-07-01T11:00:00', 'Europe/Vienna')).toBe('2026-07-01T09:00:00.000Z');
    expect(zonedToInstant('2026-03-29T03:00', 'Europe/Vienna')).toBe('2026-03-29T01:00:00.000Z');
    // 02:30 happens twice on 25 October 2026: the first one (still summer time) is meant.
    expect(zonedToInstant('2026-10-25T02:30', 'Europe/Vienna')).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedToInstant('2026-01-15T10:00:00.250', 'UTC')).toBe('2026-01-15T10:00:00.250Z');
    expect(() => zonedToInstant('2026-03-29T02:30', 'Europe/Vienna')).toThrow(/does not exist/);
    expect(() => zonedToInstant('2026-02-29T10:00', 'Europe/Vienna')).toThrow(/not a real date/);
  });

  it('refuses a workflow POST without the session’s CSRF token or from another origin', async () => {
    const id = await itemIn('draft');
    const before = await snapshot(id);
    const editor = await browser('editor');
    for (const res of [
      await post(site.app, editor, `/admin/items/${id}/transition`, {
        ...fieldsFor('publish_now', 1),
        _csrf: '',
      }),
      await post(site.app, editor, `/admin/items/${id}/transition`, {
        ...fieldsFor('publish_now', 1),
        _csrf: 'x'.repeat(43),
      }),
      await post(site.app, editor, `/admin/items/${id}/comments`, { body: 'hi', _csrf: 'forged' }),
      await post(site.app, editor, `/admin/items/${id}/transition`, fieldsFor('publish_now', 1), {
        origin: 'https://evil.example',
      }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('DL_CSRF');
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it('records approvals of a revision and shows when the item changed since', async () => {
    const id = await itemIn('in_review');
    const reviewer = await browser('reviewer');
    const { revision } = await row(id);
    const res = await post(site.app, reviewer, `/admin/items/${id}/transition`, {
      action: 'approve',
      revision: String(revision),
      comment: 'Good to go.',
      return: `/admin/items/${id}/workflow`,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/items/${id}/workflow`);
    let page = await get(site.app, reviewer, `/admin/items/${id}/workflow`);
    expect(page.body).toContain(`Approved by reviewer1 on 2026-01-15 08:00 UTC (revision ${revision})`);
    expect(page.body).toContain('Good to go.');
    // An edit (any revision bump) makes the approval stale.
    await db()
      .updateTable('items')
      .set({ revision: revision + 1 })
      .where('id', '=', id)
      .execute();
    page = await get(site.app, reviewer, `/admin/items/${id}/workflow`);
    expect(page.body).toContain(`for revision ${revision}; changed since (now revision ${revision + 1})`);
  });

  it('offers each role exactly its actions on the workflow page', async () => {
    const id = await itemIn('in_review');
    const offered = async (role: Role) => {
      const res = await get(site.app, await browser(role), `/admin/items/${id}/workflow`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      return [...res.body.matchAll(/name="action" value="([a-z_]+)"/g)].map((m) => m[1]);
    };
    expect(await offered('reviewer')).toEqual(['return_to_draft', 'approve']);
    expect(await offered('author')).toEqual([]);
    expect(await offered('editor')).toEqual(['return_to_draft', 'approve', 'schedule', 'publish_now']);
    const page = await get(site.app, await browser('editor'), `/admin/items/${id}/workflow`);
    // The schedule form proposes the next full hour in the site's zone, to the second.
    expect(page.body).toContain('value="2026-01-15T10:00:00"');
    expect(page.body).toContain('Publication date and time (Europe/Vienna)');
  });

  it('keeps comments as plain text; reviewers and the item’s author may comment, others not', async () => {
    const id = await itemIn('in_review');
    const hostile = 'Check <script>alert(1)</script> & "quotes"\nsecond line';
    const reviewer = await browser('reviewer');
    const ok = await post(site.app, reviewer, `/admin/items/${id}/comments`, { body: hostile });
    expect(ok.statusCode).toBe(303);
    const own = await post(site.app, await browser('author'), `/admin/items/${id}/comments`, {
      body: 'Fixed.',
    });
    expect(own.statusCode).toBe(303);
    const theirs = await itemIn('in_review', 'editor');
    const before = await snapshot(theirs);
    const refused = await post(site.app, await browser('author'), `/admin/items/${theirs}/comments`, {
      body: 'Hmm',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('DL_FORBIDDEN');
    const empty = await post(site.app, reviewer, `/admin/items/${theirs}/comments`, { body: '  \n ' });
    expect(empty.statusCode).toBe(400);
    const huge = await post(site.app, reviewer, `/admin/items/${theirs}/comments`, {
      body: 'x'.repeat(6000),
    });
    expect(huge.statusCode).toBe(400);
    expect(await snapshot(theirs)).toEqual(before);

    const page = await get(site.app, reviewer, `/admin/items/${id}/workflow`);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('Check &lt;script>alert(1)&lt;/script> &amp; &quot;quotes&quot;');
    expect(page.body.indexOf('Check &lt;script')).toBeLessThan(page.body.indexOf('Fixed.'));
    const comments = (await auditOf(id)).filter((a) => a.action === 'item.comment');
    expect(comments.map((c) => c.actor_label)).toEqual(['reviewer1', 'author1']);
  });

  it('lists items in review and pending embargoes in the review queue for reviewers only', async () => {
    const waiting = await itemIn('in_review');
    const embargoed = await itemIn('scheduled');
    await db().updateTable('items').set({ title: 'Queue waiting item' }).where('id', '=', waiting).execute();
    await db()
      .updateTable('items')
      .set({ title: 'Queue embargoed item' })
      .where('id', '=', embargoed)
      .execute();
    const page = await get(site.app, await browser('reviewer'), '/admin/review');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/admin/items/${waiting}/workflow">Queue waiting item`);
    expect(page.body).toContain('Queue embargoed item');
    expect(page.body).toContain('2026-01-20 11:00:00 (Europe/Vienna)');
    const author = await get(site.app, await browser('author'), '/admin/review');
    expect(author.statusCode).toBe(403);
    const dashboard = await get(site.app, await browser('reviewer'), '/admin');
    expect(dashboard.body).toContain('href="/admin/review"');
    // Once the embargo lifts it leaves the queue: it is published.
    clock.set(LATER);
    const later = await get(site.app, await browser('reviewer'), '/admin/review');
    expect(later.body).not.toContain('Queue embargoed item');
  });
});
