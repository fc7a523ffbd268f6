/**
 * Exact embargo, the headline proof, on both databases: an item scheduled through the workflow
 * for 10:00:00.000 is absent from every public path at 09:59:59.999 and present on all of them at
 * 10:00:00.000 — pages, listings, term and vocabulary counts, search hits, totals and facets, feeds,
 * the JSON API, sitemaps, related items and webhooks — with every cache warm and nothing run at the
 * instant. The server re-reads the content version only once an hour here, so only the embargo
 * instant itself can make the item appear. Withdrawal then takes it off every path again.
 */
import type { LightMyRequestResponse } from 'fastify';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI_ACTOR } from '../src/modules/accounts/audit.js';
import { createUser } from '../src/modules/accounts/users.service.js';
import { createItem } from '../src/modules/content/items.service.js';
import { announceChanges } from '../src/modules/webhooks/announce.js';
import { addSubscription } from '../src/modules/webhooks/webhooks.service.js';
import { transitionItem, type WorkflowActor } from '../src/modules/workflow/workflow.service.js';
import { TestClock } from './clock.js';
import { describeEachDialect } from './databases.js';
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

const PUBLIC_URL = 'https://news.example.org';
const INSTANT = '2026-01-15T10:00:00.000Z';
const JUST_BEFORE = '2026-01-15T09:59:59.999Z';
const TITLE = 'Zephyrine accord on shared rivers';
const SLUG = 'zephyrine-accord';
const ITEM_PATH = `/en/press-release/2026/${SLUG}`;
const ITEM_URL = `${PUBLIC_URL}${ITEM_PATH}`;

/** The number in an element's text (`1,234 results` → 1234), or 0 when the element is missing. */
function numberIn(text: string | null | undefined): number {
  const digits = (text ?? '').replace(/[^\d]/g, '');
  return digits === '' ? 0 : Number(digits);
}

/** The count shown beside a term on a vocabulary page. */
function vocabularyCount(html: string, termHref: string): number {
  const { document } = parseHTML(html);
  const link = document.querySelector(`.term-tree a[href="${termHref}"]`);
  return numberIn(link?.parentElement?.querySelector(':scope > .count')?.textContent);
}

/** The count of a facet value (by its label) in a search page's sidebar group. */
function facetCount(html: string, group: string, label: string): number {
  const { document } = parseHTML(html);
  const section = document.querySelector(`#facet-${group}`)?.closest('section');
  const value = Array.from(section?.querySelectorAll('li') ?? []).find(
    (li) => li.querySelector('.facet__label')?.textContent?.trim() === label,
  );
  return numberIn(value?.querySelector('.facet__count')?.textContent);
}

/** The result count a search page announces. */
function searchTotal(html: string): number {
  const { document } = parseHTML(html);
  return numberIn(document.querySelector('.page-header__count')?.textContent);
}

interface ApiFacet {
  key: string;
  values: { value: string; count: number }[];
}
const apiFacet = (body: { facets: ApiFacet[] }, key: string, value: string) =>
  body.facets.find((f) => f.key === key)?.values.find((v) => v.value === value)?.count ?? 0;

/** One public path and what it shows of the embargoed item: a presence, a count or a status. */
interface Observation {
  readonly url: string;
  readonly read: (res: LightMyRequestResponse, id: number) => number | boolean;
  /** `presence`: false → true; `count`: n → n + 1; `status`: 404 → 200. */
  readonly kind: 'presence' | 'count' | 'status';
}

/** Whether the page shows the item's title (the search page marks the query's words in it). */
const has = (res: LightMyRequestResponse) => res.body.replace(/<\/?mark>/g, '').includes(TITLE);

const OBSERVATIONS: readonly Observation[] = [
  { url: ITEM_PATH, kind: 'status', read: (r) => r.statusCode },
  { url: '/en/', kind: 'presence', read: has },
  { url: '/en/press-release', kind: 'presence', read: has },
  { url: '/en/topics/water', kind: 'presence', read: has },
  { url: '/en/places/freedonia', kind: 'presence', read: has },
  { url: '/en/offices/field-office', kind: 'presence', read: has },
  // Related items on another item's page (shares its tags).
  { url: '/en/press-release/2025/river-basin-report', kind: 'presence', read: has },
  { url: '/en/topics', kind: 'count', read: (r) => vocabularyCount(r.body, '/en/topics/water') },
  { url: '/en/places', kind: 'count', read: (r) => vocabularyCount(r.body, '/en/places/freedonia') },
  { url: '/en/search?q=zephyrine', kind: 'presence', read: has },
  { url: '/en/search?q=zephyrine', kind: 'count', read: (r) => searchTotal(r.body) },
  { url: '/en/search?q=rivers', kind: 'count', read: (r) => searchTotal(r.body) },
  { url: '/en/search?topic=water', kind: 'count', read: (r) => searchTotal(r.body) },
  { url: '/en/search?topic=water', kind: 'count', read: (r) => facetCount(r.body, 'place', 'Freedonia') },
  { url: '/en/search?topic=water', kind: 'count', read: (r) => facetCount(r.body, 'type', 'Press releases') },
  { url: '/en/search?q=rivers', kind: 'count', read: (r) => facetCount(r.body, 'topic', 'Water') },
  { url: '/en/feed.rss', kind: 'presence', read: has },
  { url: '/en/feed.atom', kind: 'presence', read: has },
  { url: '/en/feed.json', kind: 'presence', read: has },
  { url: '/en/press-release/feed.rss', kind: 'presence', read: has },
  { url: '/en/topics/water/feed.rss', kind: 'presence', read: has },
  { url: '/en/places/freedonia/feed.atom', kind: 'presence', read: has },
  { url: '/en/search/feed.rss?q=zephyrine', kind: 'presence', read: has },
  { url: '/en/search/feed.json?topic=water', kind: 'presence', read: has },
  {
    url: '/api/v1/items?limit=100',
    kind: 'presence',
    read: (r, id) => r.json().data.some((i: { id: number }) => i.id === id),
  },
  { url: '/api/v1/items?limit=100', kind: 'count', read: (r) => r.json().totalCount },
  { url: '/api/v1/items?topic=water&limit=100', kind: 'count', read: (r) => r.json().totalCount },
  { url: '/api/v1/items/{id}', kind: 'status', read: (r) => r.statusCode },
  { url: `/api/v1/items/by-path?path=${ITEM_PATH}`, kind: 'status', read: (r) => r.statusCode },
  { url: '/api/v1/search?q=zephyrine', kind: 'count', read: (r) => r.json().totalCount },
  { url: '/api/v1/search?topic=water', kind: 'count', read: (r) => r.json().totalCount },
  { url: '/api/v1/search?q=rivers', kind: 'count', read: (r) => apiFacet(r.json(), 'topic', 'water') },
  { url: '/sitemap.xml', kind: 'presence', read: (r) => r.body.includes(`${PUBLIC_URL}/sitemaps/2026.xml`) },
  { url: '/sitemaps/2026.xml', kind: 'status', read: (r) => r.statusCode },
  { url: '/sitemaps/2026.xml', kind: 'presence', read: (r) => r.body.includes(ITEM_URL) },
];

describeEachDialect('exact embargo through the workflow', (dialect) => {
  let site: TestSite;
  let itemId: number;
  const clock = new TestClock('2026-01-15T08:00:00.000Z');
  const actors: Record<'author' | 'editor', WorkflowActor> = {} as never;
  const db = () => site.database.db;
  const url = (o: Observation) => o.url.replace('{id}', String(itemId));

  beforeAll(async () => {
    // Version re-read once an hour: only the embargo instant may make the item appear.
    site = await createTestSite(dialect, {
      clock,
      config: { publicUrl: PUBLIC_URL, versionCheckMs: 3_600_000 },
    });
    for (const role of ['author', 'editor'] as const) {
      const { user } = await createUser(
        db(),
        { username: `${role}1`, role, password: 'a-long-test-password', displayName: role },
        { actor: CLI_ACTOR, now: clock.now() },
      );
      actors[role] = { userId: user.id, label: user.username, role, ip: '127.0.0.1' };
    }
    await site.addItem(
      pressRelease({
        title: 'River basin report',
        slug: 'river-basin-report',
        publishedAt: '2025-06-01T08:00:00.000Z',
      }),
    );
    await site.addItem(
      pressRelease({
        title: 'Older note on rivers',
        slug: 'older-rivers',
        publishedAt: '2025-02-01T08:00:00.000Z',
      }),
    );
    await addSubscription(db(), { url: 'https://hooks.example.org/dateline' }, clock.now());
    // The dispatcher's first look: what is public now counts as announced.
    expect(await announceChanges(db(), clock.now(), PUBLIC_URL)).toBe(0);

    itemId = await createItem(
      db(),
      pressRelease({
        title: TITLE,
        slug: SLUG,
        summary: 'The zephyrine accord shares the rivers’ water between three districts.',
        status: 'draft',
        publishedAt: null,
      }),
      { taxonomy: site.app.site.taxonomy(), languages: site.app.site.profile.languages, now: clock.now() },
    );
    await db()
      .updateTable('items')
      .set({ created_by: actors.author.userId })
      .where('id', '=', itemId)
      .execute();
    site.app.site.contentChanged();

    clock.set('2026-01-15T08:10:00.000Z');
    await transitionItem(db(), itemId, {
      action: 'submit',
      expectedRevision: 1,
      actor: actors.author,
      now: clock.now(),
    });
    clock.set('2026-01-15T08:20:00.000Z');
    const scheduled = await transitionItem(db(), itemId, {
      action: 'schedule',
      expectedRevision: 2,
      publishAt: INSTANT,
      actor: actors.editor,
      now: clock.now(),
    });
    site.app.site.contentChanged();
    expect(scheduled.item).toMatchObject({
      status: 'scheduled',
      published_at: INSTANT,
      visible_from: INSTANT,
    });
  });
  afterAll(() => site.close());

  const request = (path: string, headers: Record<string, string> = {}) =>
    site.app.inject({ method: 'GET', url: path, headers });

  const deliveriesFor = async (event: string) =>
    (
      await db()
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('item_id', '=', itemId)
        .where('event', '=', event)
        .execute()
    ).length;

  it('keeps the item’s term listings on the embargo instant, like the item', async () => {
    const listings = await db()
      .selectFrom('term_listing')
      .select(['visible_from'])
      .where('item_id', '=', itemId)
      .execute();
    expect(listings.length).toBeGreaterThanOrEqual(3);
    expect(new Set(listings.map((l) => l.visible_from))).toEqual(new Set([INSTANT]));
  });

  it('is on no public path at 09:59:59.999 and on every one at 10:00:00.000, from warm caches', async () => {
    clock.set(JUST_BEFORE);
    const before = new Map<number, { value: number | boolean; etag?: string }>();
    for (const [i, o] of OBSERVATIONS.entries()) {
      // Twice: the second answer comes from whatever cache the path keeps.
      const first = await request(url(o));
      const second = await request(url(o));
      const value = o.read(second, itemId);
      expect(o.read(first, itemId), `${url(o)} (first)`).toEqual(value);
      if (o.kind === 'presence') expect(value, url(o)).toBe(false);
      if (o.kind === 'status') expect(value, url(o)).toBe(404);
      before.set(i, { value, etag: second.headers.etag as string | undefined });
    }
    expect(await announceChanges(db(), clock.now(), PUBLIC_URL)).toBe(0);
    expect(await deliveriesFor('item.published')).toBe(0);

    clock.set(INSTANT);
    for (const [i, o] of OBSERVATIONS.entries()) {
      const was = before.get(i)!;
      // A reader revalidating what they were served a millisecond ago must get the new answer.
      const res = await request(url(o), was.etag ? { 'if-none-match': was.etag } : {});
      expect(res.statusCode, `${url(o)} revalidated`).not.toBe(304);
      const value = o.read(res, itemId);
      if (o.kind === 'presence') expect(value, url(o)).toBe(true);
      if (o.kind === 'status') expect(value, url(o)).toBe(200);
      if (o.kind === 'count') expect(value, url(o)).toBe((was.value as number) + 1);
    }
    expect(await announceChanges(db(), clock.now(), PUBLIC_URL)).toBe(1);
    expect(await deliveriesFor('item.published')).toBe(1);
  });

  it('takes a withdrawn item off every path at once (its page and API record answer 410)', async () => {
    clock.set('2026-01-15T10:05:00.000Z');
    // Warm every cache with the item visible.
    for (const o of OBSERVATIONS) await request(url(o));
    const item = await db()
      .selectFrom('items')
      .select('revision')
      .where('id', '=', itemId)
      .executeTakeFirstOrThrow();
    const result = await transitionItem(db(), itemId, {
      action: 'withdraw',
      expectedRevision: item.revision,
      comment: 'Figures under review.',
      actor: actors.editor,
      now: clock.now(),
    });
    site.app.site.contentChanged();
    expect(result).toMatchObject({ from: 'published', to: 'withdrawn' });
    expect(result.item.visible_from).toBeNull();
    for (const o of OBSERVATIONS) {
      const res = await request(url(o));
      const value = o.read(res, itemId);
      if (o.kind === 'presence') expect(value, url(o)).toBe(false);
      if (o.kind === 'status') {
        const gone = o.url === ITEM_PATH || o.url.startsWith('/api/v1/items/');
        expect(value, url(o)).toBe(gone ? 410 : 404);
      }
    }
    const listings = await db()
      .selectFrom('term_listing')
      .select('visible_from')
      .where('item_id', '=', itemId)
      .execute();
    expect(listings.every((l) => l.visible_from === null)).toBe(true);
    expect(await announceChanges(db(), clock.now(), PUBLIC_URL)).toBe(1);
    expect(await deliveriesFor('item.withdrawn')).toBe(1);
  });
});

describeEachDialect('embargo moved or cancelled before its instant', (dialect) => {
  let site: TestSite;
  const clock = new TestClock('2026-03-01T07:00:00.000Z');
  const editor: WorkflowActor = { userId: null, label: 'cli', role: 'editor' };
  beforeAll(async () => {
    site = await createTestSite(dialect, { clock, config: { versionCheckMs: 3_600_000 } });
  });
  afterAll(() => site.close());

  const listed = async (title: string) => (await site.app.inject('/en/press-release')).body.includes(title);

  it('follows a rescheduled instant exactly and never shows an unscheduled item', async () => {
    const moved = await site.addItem(
      pressRelease({ title: 'Moved embargo notice', status: 'draft', publishedAt: null }),
    );
    const cancelled = await site.addItem(
      pressRelease({ title: 'Cancelled embargo notice', status: 'draft', publishedAt: null }),
    );
    clock.set('2026-03-01T07:30:00.000Z');
    const first = await transitionItem(site.database.db, moved, {
      action: 'schedule',
      expectedRevision: 1,
      publishAt: '2026-03-01T09:00:00.000Z',
      actor: editor,
      now: clock.now(),
    });
    await transitionItem(site.database.db, cancelled, {
      action: 'schedule',
      expectedRevision: 1,
      publishAt: '2026-03-01T09:00:00.000Z',
      actor: editor,
      now: clock.now(),
    });
    site.app.site.contentChanged();
    expect(await listed('Moved embargo notice')).toBe(false);
    // Later, in the newsroom's local time zone 12:00 Vienna = 11:00 UTC.
    clock.set('2026-03-01T08:00:00.000Z');
    await transitionItem(site.database.db, moved, {
      action: 'schedule',
      expectedRevision: first.item.revision,
      publishAt: '2026-03-01T12:00:00+01:00',
      actor: editor,
      now: clock.now(),
    });
    await transitionItem(site.database.db, cancelled, {
      action: 'unschedule',
      expectedRevision: 2,
      actor: editor,
      now: clock.now(),
    });
    site.app.site.contentChanged();
    expect(await listed('Moved embargo notice')).toBe(false);
    clock.set('2026-03-01T09:00:00.000Z');
    expect(await listed('Moved embargo notice')).toBe(false);
    expect(await listed('Cancelled embargo notice')).toBe(false);
    clock.set('2026-03-01T10:59:59.999Z');
    expect(await listed('Moved embargo notice')).toBe(false);
    clock.set('2026-03-01T11:00:00.000Z');
    expect(await listed('Moved embargo notice')).toBe(true);
    expect(await listed('Cancelled embargo notice')).toBe(false);
  });
});
