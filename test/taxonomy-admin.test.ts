/**
 * The taxonomy admin over real HTTP on both databases: who may use it, each change through its
 * form, refusals that change nothing, and what readers see afterwards (301s, term pages, the
 * vocabulary page and search facets).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI_ACTOR } from '../src/modules/accounts/audit.js';
import { ROLES } from '../src/modules/accounts/roles.js';
import { createUser } from '../src/modules/accounts/users.service.js';
import { Taxonomy } from '../src/modules/taxonomy/taxonomy.js';
import { type Browser, get, post, signedIn } from './admin-session.js';
import { TestClock } from './clock.js';
import { describeEachDialect } from './databases.js';
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

const PASSWORD = 'a-long-test-password';
const HQ = [{ vocabulary: 'offices', slug: 'headquarters' }];

describeEachDialect('taxonomy admin over HTTP', (dialect) => {
  let site: TestSite;
  const clock = new TestClock('2026-03-01T09:00:00.000Z');
  let editor: Browser;
  beforeAll(async () => {
    site = await createTestSite(dialect, { clock });
    for (const role of ROLES)
      await createUser(
        site.database.db,
        { username: `${role}1`, role, password: PASSWORD },
        { actor: CLI_ACTOR, now: clock.now() },
      );
    editor = await signedIn(site.app, 'editor1', PASSWORD);
  });
  afterAll(() => site.close());

  const app = () => site.app;
  const db = () => site.database.db;
  const taxonomy = () => Taxonomy.load(db());
  const termId = async (vocabulary: string, slug: string) =>
    (await taxonomy()).termBySlug(vocabulary, slug)!.id;
  const snapshot = async () => ({
    terms: await db().selectFrom('terms').selectAll().orderBy('id').execute(),
    redirects: await db().selectFrom('term_slug_redirects').selectAll().orderBy('old_slug').execute(),
    relations: await db().selectFrom('term_relations').selectAll().orderBy('id').execute(),
    tags: await db().selectFrom('item_tags').selectAll().orderBy('item_id').orderBy('term_id').execute(),
    audit: (await db().selectFrom('audit_log').select('id').execute()).length,
  });
  const audits = (action: string) =>
    db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
  const publicGet = (url: string) => app().inject({ method: 'GET', url });

  it('lets editors and admins in; authors and reviewers get 403 and change nothing; anonymous readers sign in', async () => {
    const water = await termId('topics', 'water');
    const pages = [
      '/admin/taxonomy',
      '/admin/taxonomy/vocabularies/places',
      `/admin/taxonomy/terms/${water}`,
    ];
    const posts: [string, Record<string, string>][] = [
      ['/admin/taxonomy/vocabularies/topics/terms', { 'label-en': 'Intruders' }],
      [
        `/admin/taxonomy/terms/${water}/rename`,
        { language: 'en', label: 'Hijacked', effectiveOn: '2026-01-01' },
      ],
      [`/admin/taxonomy/terms/${water}/close`, { validTo: '2026-01-01' }],
      [`/admin/taxonomy/terms/${water}/merge`, { target: String(await termId('topics', 'roads')) }],
    ];
    // Signing in is audited too, so everyone signs in before the snapshot.
    const refused = [
      await signedIn(app(), 'author1', PASSWORD),
      await signedIn(app(), 'reviewer1', PASSWORD),
    ];
    const admin = await signedIn(app(), 'admin1', PASSWORD);
    const before = await snapshot();
    const anonymous: Browser = { cookies: {}, csrf: '' };
    for (const url of pages) {
      const res = await get(app(), anonymous, url);
      expect(res.statusCode, url).toBe(302);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
    }
    for (const [url, body] of posts) expect((await post(app(), anonymous, url, body)).statusCode).toBe(401);
    for (const browser of refused) {
      const role = browser === refused[0] ? 'author' : 'reviewer';
      for (const url of pages) {
        const res = await get(app(), browser, url);
        expect(res.statusCode, `${role} ${url}`).toBe(403);
        expect(res.body).toContain('DL_FORBIDDEN');
      }
      for (const [url, body] of posts) {
        const res = await post(app(), browser, url, body);
        expect(res.statusCode, `${role} POST ${url}`).toBe(403);
      }
      expect((await get(app(), browser, '/admin')).body).not.toContain('href="/admin/taxonomy"');
    }
    expect(await snapshot()).toEqual(before);
    for (const role of ['editor', 'admin']) {
      const browser = role === 'editor' ? editor : admin;
      for (const url of pages)
        expect((await get(app(), browser, url)).statusCode, `${role} ${url}`).toBe(200);
      expect((await get(app(), browser, '/admin')).body).toContain('href="/admin/taxonomy"');
    }
  });

  it('refuses a forged CSRF token, changing nothing', async () => {
    const before = await snapshot();
    const water = await termId('topics', 'water');
    const res = await post(app(), { ...editor, csrf: 'forged' }, `/admin/taxonomy/terms/${water}/rename`, {
      language: 'en',
      label: 'Forged',
      effectiveOn: '2026-01-01',
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('DL_CSRF');
    expect(await snapshot()).toEqual(before);
  });

  it('shows the vocabularies, the term tree with counts, and a term page with every form', async () => {
    await site.addItem(pressRelease({ title: 'Tree count item', sources: HQ }));
    const list = await get(app(), editor, '/admin/taxonomy');
    expect(list.body).toContain('href="/admin/taxonomy/vocabularies/places"');
    expect(list.body).toMatch(/2010<\/td>\s*<td><a href="\/admin\/taxonomy\/terms\/\d+">Ruritania/);
    const places = await get(app(), editor, '/admin/taxonomy/vocabularies/places');
    expect(places.body).toContain('Freedonia');
    expect(places.body).toMatch(
      /Freedonia<\/a> <code>freedonia<\/code><span class="taxonomy-tree__meta">items: 1/,
    );
    const ruritania = await get(
      app(),
      editor,
      `/admin/taxonomy/terms/${await termId('places', 'ruritania')}`,
    );
    for (const op of ['rename', 'labels', 'move', 'close', 'chairpersonship', 'merge'])
      expect(ruritania.body, op).toContain(`/${op}"`);
    // Topics hold no Chairpersonship: no such form there.
    const water = await get(app(), editor, `/admin/taxonomy/terms/${await termId('topics', 'water')}`);
    expect(water.body).not.toContain('/chairpersonship"');
    expect(water.body).not.toContain('/move"');
  });

  it('creates a term through the form; a duplicate slug is refused with 409 and nothing changes', async () => {
    const created = await post(app(), editor, '/admin/taxonomy/vocabularies/topics/terms', {
      'label-en': 'Bridges',
      'label-fr': 'Ponts',
      aliases: 'Viaducts\nOverpasses',
      validFrom: '2026-01-01',
    });
    expect(created.statusCode).toBe(303);
    const bridges = (await taxonomy()).termBySlug('topics', 'bridges')!;
    expect(created.headers.location).toBe(`/admin/taxonomy/terms/${bridges.id}?done=created`);
    expect(bridges).toMatchObject({
      labels: { en: 'Bridges', fr: 'Ponts' },
      aliases: ['Viaducts', 'Overpasses'],
    });
    expect((await publicGet('/en/topics/bridges')).statusCode).toBe(200);
    expect(await audits('term.create')).toEqual([expect.objectContaining({ actor_label: 'editor1' })]);

    const before = await snapshot();
    const duplicate = await post(app(), editor, '/admin/taxonomy/vocabularies/topics/terms', {
      'label-en': 'Water again',
      slug: 'water',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.body).toContain('is already used by another term');
    expect(duplicate.body).toContain('value="Water again"');
    expect(await snapshot()).toEqual(before);
  });

  it('renames a term: the old slug answers 301 with the new term page', async () => {
    const roads = await termId('topics', 'roads');
    const res = await post(app(), editor, `/admin/taxonomy/terms/${roads}/rename`, {
      language: 'en',
      label: 'Transport',
      slug: '',
      effectiveOn: '2026-02-28',
    });
    expect(res.statusCode).toBe(303);
    const old = await publicGet('/en/topics/roads');
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/en/topics/transport');
    expect((await publicGet('/en/topics/transport')).body).toContain('Transport');
    expect(await audits('term.rename')).toEqual([expect.objectContaining({ actor_label: 'editor1' })]);
  });

  it('merges a term: its URL 301s to the target, whose page and search facet count the retagged items', async () => {
    const rivers = await post(app(), editor, '/admin/taxonomy/vocabularies/topics/terms', {
      'label-en': 'Rivers',
    });
    expect(rivers.statusCode).toBe(303);
    const source = await termId('topics', 'rivers');
    const target = await termId('topics', 'water');
    await site.app.site.freshness(); // the item factory resolves tags with the site's snapshot
    await site.addItem(
      pressRelease({
        title: 'Rivers only bulletin',
        sources: HQ,
        tags: [{ vocabulary: 'topics', slug: 'rivers' }],
      }),
    );
    await site.addItem(
      pressRelease({
        title: 'Rivers and water bulletin',
        sources: HQ,
        tags: [
          { vocabulary: 'topics', slug: 'rivers' },
          { vocabulary: 'topics', slug: 'water' },
        ],
      }),
    );
    const searchBefore = await publicGet('/en/search?topic=water');
    expect(searchBefore.body).not.toContain('Rivers only bulletin');
    clock.advance(60_000);

    const res = await post(app(), editor, `/admin/taxonomy/terms/${source}/merge`, {
      target: String(target),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/taxonomy/terms/${target}?done=merged&count=2`);
    expect((await get(app(), editor, res.headers.location!)).body).toContain('2 items now carry this term');

    const old = await publicGet('/en/topics/rivers');
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/en/topics/water');
    const page = await publicGet('/en/topics/water');
    expect(page.body).toContain('Rivers only bulletin');
    expect(page.body).toContain('Rivers and water bulletin');
    const search = await publicGet('/en/search?topic=water');
    expect(search.body).toContain('Rivers only bulletin');
    expect(search.body).toContain('Rivers and water bulletin');
    const tagged = await db()
      .selectFrom('item_tags')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('term_id', '=', target)
      .executeTakeFirstOrThrow();
    expect(Number(tagged.n)).toBeGreaterThanOrEqual(3);
    expect(await audits('term.merge')).toEqual([expect.objectContaining({ subject_id: String(target) })]);
  });

  it('refuses a self-merge, a cross-vocabulary merge and a cycle with 400, changing nothing', async () => {
    const water = await termId('topics', 'water');
    const members = await termId('places', 'members');
    const ruritania = await termId('places', 'ruritania');
    const before = await snapshot();
    const self = await post(app(), editor, `/admin/taxonomy/terms/${water}/merge`, { target: String(water) });
    expect(self.statusCode).toBe(400);
    expect(self.body).toContain('cannot be merged into itself');
    const across = await post(app(), editor, `/admin/taxonomy/terms/${water}/merge`, {
      target: String(ruritania),
    });
    expect(across.statusCode).toBe(400);
    expect(across.body).toContain('must be a term of the same vocabulary');
    const cycle = await post(app(), editor, `/admin/taxonomy/terms/${members}/move`, {
      parent: String(ruritania),
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.body).toContain('cannot be the term itself or one of its sub-terms');
    const badDate = await post(app(), editor, `/admin/taxonomy/terms/${water}/close`, {
      validTo: '2026-02-30',
    });
    expect(badDate.statusCode).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('moves a term: its items roll up under the new parent on the vocabulary page and in search', async () => {
    await site.addItem(pressRelease({ title: 'Freedonia roll-up item', sources: HQ }));
    const created = await post(app(), editor, '/admin/taxonomy/vocabularies/places/terms', {
      'label-en': 'Observers',
    });
    expect(created.statusCode).toBe(303);
    const observers = await termId('places', 'observers');
    expect((await publicGet('/en/search?place=observers')).body).not.toContain('Freedonia roll-up item');
    const res = await post(
      app(),
      editor,
      `/admin/taxonomy/terms/${await termId('places', 'freedonia')}/move`,
      {
        parent: String(observers),
      },
    );
    expect(res.statusCode).toBe(303);
    expect((await taxonomy()).term(await termId('places', 'freedonia'))!.parentId).toBe(observers);
    const vocabulary = await publicGet('/en/places');
    const count = /href="\/en\/places\/observers">Observers<\/a><span class="count">(\d+)<\/span>/.exec(
      vocabulary.body,
    );
    expect(Number(count?.[1])).toBeGreaterThan(0);
    const search = await publicGet('/en/search?place=observers');
    expect(search.body).toContain('Freedonia roll-up item');
    expect(await audits('term.move')).toHaveLength(1);
  });

  it('closes a term (shown as closed on its public page) and reopens it', async () => {
    const office = await termId('offices', 'field-office');
    const res = await post(app(), editor, `/admin/taxonomy/terms/${office}/close`, {
      validTo: '2026-02-15',
      successor: String(await termId('offices', 'headquarters')),
    });
    expect(res.statusCode).toBe(303);
    const page = await publicGet('/en/offices/field-office');
    expect(page.body).toContain('badge--closed');
    expect(page.body).toContain('Headquarters');
    expect((await get(app(), editor, `/admin/taxonomy/terms/${office}`)).body).toContain('/reopen"');
    expect((await post(app(), editor, `/admin/taxonomy/terms/${office}/reopen`)).statusCode).toBe(303);
    expect((await publicGet('/en/offices/field-office')).body).not.toContain('badge--closed');
    expect((await audits('term.close')).length + (await audits('term.reopen')).length).toBe(2);
  });

  it("sets the Chairpersonship of a year, replacing that year's holder", async () => {
    const freedonia = await termId('places', 'freedonia');
    const res = await post(app(), editor, `/admin/taxonomy/terms/${freedonia}/chairpersonship`, {
      year: '2025',
    });
    expect(res.statusCode).toBe(303);
    const after = await taxonomy();
    expect(after.relationHolder('chairpersonship', '2025-06-01')?.slug).toBe('freedonia');
    expect(after.relationHolder('chairpersonship', '2010-06-01')?.slug).toBe('ruritania');
    const bad = await post(app(), editor, `/admin/taxonomy/terms/${freedonia}/chairpersonship`, {
      year: 'next',
    });
    expect(bad.statusCode).toBe(400);
    expect(await audits('relation.chairpersonship')).toHaveLength(1);
  });
});
