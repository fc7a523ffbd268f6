/** Reviewing machine-made tags, as a service and over HTTP, on both databases. */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { readContentVersion } from '../src/db/site-state.js';
import { CLI_ACTOR } from '../src/modules/accounts/audit.js';
import { createUser } from '../src/modules/accounts/users.service.js';
import {
  acceptMachineTag,
  listMachineTags,
  rejectedTermIds,
  rejectMachineTag,
  withoutRejectedSuggestions,
} from '../src/modules/enrich/review.js';
import type { TagSuggestion } from '../src/modules/enrich/suggest.js';
import { type Browser, get, post, signedIn } from './admin-session.js';
import { TestClock } from './clock.js';
import { describeEachDialect } from './databases.js';
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

const PASSWORD = 'a-long-test-password';
const EDITOR = { userId: 1, label: 'editor1' };

describeEachDialect('tag review', (dialect) => {
  let site: TestSite;
  const clock = new TestClock('2026-03-01T09:00:00.000Z');
  let termIds: Record<string, number>;
  let editor: Browser;
  let author: Browser;

  beforeAll(async () => {
    site = await createTestSite(dialect, { clock });
    for (const [username, role] of [
      ['editor1', 'editor'],
      ['author1', 'author'],
    ] as const)
      await createUser(
        site.database.db,
        { username, role, password: PASSWORD },
        { actor: CLI_ACTOR, now: clock.now() },
      );
    const terms = await site.database.db.selectFrom('terms').select(['id', 'slug']).execute();
    termIds = Object.fromEntries(terms.map((t) => [t.slug, t.id]));
    editor = await signedIn(site.app, 'editor1', PASSWORD);
    author = await signedIn(site.app, 'author1', PASSWORD);
  });
  afterAll(() => site.close());

  const db = () => site.database.db;
  let itemId: number;
  beforeEach(async () => {
    clock.advance(60_000);
    itemId = await site.addItem(
      pressRelease({
        tags: [
          { vocabulary: 'topics', slug: 'water', origin: 'machine', confidence: 0.62 },
          { vocabulary: 'topics', slug: 'roads', origin: 'machine', confidence: 0.91 },
          { vocabulary: 'places', slug: 'freedonia' },
        ],
      }),
    );
    clock.advance(60_000);
  });

  const tagOf = (termId: number) =>
    db()
      .selectFrom('item_tags')
      .select(['origin', 'confidence'])
      .where('item_id', '=', itemId)
      .where('term_id', '=', termId)
      .executeTakeFirst();
  const listed = async (termId: number) =>
    (
      await db()
        .selectFrom('term_listing')
        .select('item_id')
        .where('term_id', '=', termId)
        .where('item_id', '=', itemId)
        .execute()
    ).length;
  const updatedAt = async () =>
    (await db().selectFrom('items').select('updated_at').where('id', '=', itemId).executeTakeFirstOrThrow())
      .updated_at;
  const auditActions = async () =>
    (await db().selectFrom('audit_log').select(['action', 'subject_id']).orderBy('id').execute()).filter(
      (a) => a.subject_id === String(itemId),
    );

  it('accepting makes the tag the editors’ own, clears its confidence, touches the item and audits', async () => {
    const version = await readContentVersion(db());
    expect(await acceptMachineTag(db(), itemId, termIds.water!, EDITOR, clock.now())).toBe('accepted');
    expect(await tagOf(termIds.water!)).toEqual({ origin: 'editor', confidence: null });
    expect(await listed(termIds.water!)).toBe(1);
    expect(await updatedAt()).toBe(clock.now().toISOString());
    expect(await readContentVersion(db())).toBe(version + 1);
    expect(await auditActions()).toEqual([{ action: 'tag.accept', subject_id: String(itemId) }]);
    // A second accept (double click) changes nothing.
    expect(await acceptMachineTag(db(), itemId, termIds.water!, EDITOR, clock.now())).toBe('unchanged');
    expect(await readContentVersion(db())).toBe(version + 1);
  });

  it('rejecting removes the tag and its listing, remembers the rejection and audits', async () => {
    expect(await listed(termIds.water!)).toBe(1);
    expect(await rejectMachineTag(db(), itemId, termIds.water!, EDITOR, clock.now())).toBe('rejected');
    expect(await tagOf(termIds.water!)).toBeUndefined();
    expect(await listed(termIds.water!)).toBe(0);
    // The other tags and the source stay listed.
    expect(await listed(termIds.roads!)).toBe(1);
    expect(await listed(termIds.freedonia!)).toBe(1);
    expect(await listed(termIds['field-office']!)).toBe(1);
    expect(await updatedAt()).toBe(clock.now().toISOString());
    expect([...(await rejectedTermIds(db(), itemId))]).toEqual([termIds.water]);
    const rejection = await db()
      .selectFrom('item_tag_rejections')
      .selectAll()
      .where('item_id', '=', itemId)
      .executeTakeFirstOrThrow();
    expect(rejection).toMatchObject({ rejected_by: 1, rejected_at: clock.now().toISOString() });
    expect((await auditActions()).map((a) => a.action)).toEqual(['tag.reject']);

    const suggestion = (slug: string): TagSuggestion => ({
      vocabulary: 'topics',
      slug,
      label: slug,
      confidence: 0.99,
      evidence: [slug],
      kind: 'topic',
    });
    const kept = await withoutRejectedSuggestions(db(), itemId, [suggestion('water'), suggestion('roads')]);
    expect(kept.map((s) => s.slug)).toEqual(['roads']);
  });

  it('refuses to reject an editor’s tag, and a tag the item does not have, changing nothing', async () => {
    const before = await db().selectFrom('item_tags').selectAll().where('item_id', '=', itemId).execute();
    await expect(
      rejectMachineTag(db(), itemId, termIds.freedonia!, EDITOR, clock.now()),
    ).rejects.toMatchObject({
      code: 'DL_TAG_NOT_MACHINE',
    });
    await expect(
      acceptMachineTag(db(), itemId, termIds.ruritania!, EDITOR, clock.now()),
    ).rejects.toMatchObject({
      code: 'DL_TAG_NOT_FOUND',
    });
    expect(await db().selectFrom('item_tags').selectAll().where('item_id', '=', itemId).execute()).toEqual(
      before,
    );
    expect(await auditActions()).toEqual([]);
  });

  it('lists machine-made tags lowest confidence first, filtered by vocabulary and confidence', async () => {
    const all = await listMachineTags(db(), {}, 1, 1000);
    const confidences = all.rows.map((r) => r.confidence!);
    expect(confidences).toEqual([...confidences].sort((a, b) => a - b));
    const mine = await listMachineTags(db(), { minConfidence: 0.62, maxConfidence: 0.62 }, 1, 1000);
    expect(mine.rows.map((r) => r.termSlug)).toContain('water');
    expect(mine.rows.every((r) => r.termSlug === 'water')).toBe(true);
    const places = await listMachineTags(db(), { vocabulary: 'places' }, 1, 1000);
    expect(places.rows).toEqual([]);
    const firstPage = await listMachineTags(db(), {}, 1, 1);
    expect(firstPage).toMatchObject({ hasMore: true, rows: [{ confidence: confidences[0] }] });
  });

  it('accepts and rejects over HTTP, returning to a local page only', async () => {
    const accept = await post(site.app, editor, `/admin/items/${itemId}/tags/${termIds.water}/accept`, {
      back: '/admin/suggestions?vocabulary=topics',
    });
    expect(accept.statusCode).toBe(303);
    expect(accept.headers.location).toBe('/admin/suggestions?vocabulary=topics&done=accepted');
    expect((await tagOf(termIds.water!))?.origin).toBe('editor');

    const reject = await post(site.app, editor, `/admin/items/${itemId}/tags/${termIds.roads}/reject`, {
      back: 'https://elsewhere.example/phish',
    });
    expect(reject.statusCode).toBe(303);
    expect(reject.headers.location).toBe(`/admin/items/${itemId}/edit`);
    expect(await tagOf(termIds.roads!)).toBeUndefined();
    const termPage = await site.app.inject({ method: 'GET', url: '/en/topics/roads' });
    expect(termPage.statusCode).toBe(200);
    const title = (
      await db().selectFrom('items').select('title').where('id', '=', itemId).executeTakeFirstOrThrow()
    ).title;
    expect(termPage.body).not.toContain(title);
    const itemPage = await site.app.inject({ method: 'GET', url: '/en/topics/water' });
    expect(itemPage.body).toContain(title);
  });

  it('refuses authors, anonymous readers, forged CSRF and foreign tags, changing nothing', async () => {
    const url = `/admin/items/${itemId}/tags/${termIds.water}/reject`;
    const before = await db().selectFrom('item_tags').selectAll().where('item_id', '=', itemId).execute();
    expect((await post(site.app, author, url)).statusCode).toBe(403);
    expect((await post(site.app, { cookies: {}, csrf: '' }, url)).statusCode).toBe(401);
    expect((await post(site.app, { ...editor, csrf: 'forged' }, url)).statusCode).toBe(403);
    expect((await get(site.app, author, '/admin/suggestions')).statusCode).toBe(403);
    const editorsTag = await post(
      site.app,
      editor,
      `/admin/items/${itemId}/tags/${termIds.freedonia}/reject`,
    );
    expect(editorsTag.statusCode).toBe(409);
    expect(editorsTag.body).toContain('DL_TAG_NOT_MACHINE');
    expect((await post(site.app, editor, `/admin/items/${itemId}/tags/999999/accept`)).statusCode).toBe(404);
    expect(await db().selectFrom('item_tags').selectAll().where('item_id', '=', itemId).execute()).toEqual(
      before,
    );
    expect(
      await db().selectFrom('item_tag_rejections').selectAll().where('item_id', '=', itemId).execute(),
    ).toEqual([]);
  });

  it('shows the review queue with filters, and accepts a whole page', async () => {
    const page = await get(site.app, editor, '/admin/suggestions?vocabulary=topics&max=0.7');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`/admin/items/${itemId}/tags/${termIds.water}/accept`);
    expect(page.body).not.toContain(`/admin/items/${itemId}/tags/${termIds.roads}/accept`);
    expect(page.body).toContain('0.62');
    expect((await get(site.app, editor, '/admin/suggestions?vocabulary=places')).body).toContain(
      'No machine-made tags await review.',
    );
    const bad = await get(site.app, editor, '/admin/suggestions?min=2&vocabulary=nope');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('must be a number from 0 to 1');

    const tags = [...page.body.matchAll(/name="tag" value="(\d+:\d+)"/g)].map((m) => m[1]!);
    expect(tags).toContain(`${itemId}:${termIds.water}`);
    const response = await site.app.inject({
      method: 'POST',
      url: '/admin/suggestions/accept',
      cookies: editor.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([
        ['_csrf', editor.csrf],
        ['back', '/admin/suggestions?vocabulary=topics&max=0.7'],
        ...tags.map((t) => ['tag', t]),
      ]).toString(),
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(
      `/admin/suggestions?vocabulary=topics&max=0.7&done=accepted-${tags.length}`,
    );
    expect((await tagOf(termIds.water!))?.origin).toBe('editor');
    expect((await tagOf(termIds.roads!))?.origin).toBe('machine');
    const after = await get(site.app, editor, response.headers.location as string);
    expect(after.body).toContain(`${tags.length} tag(s) accepted.`);
    expect(after.body).not.toContain(`/admin/items/${itemId}/tags/${termIds.water}/accept`);
  });
});
