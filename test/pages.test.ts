/** Public pages over real HTTP handling (inject) on both databases. */
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createItem } from '../src/modules/content/items.service.js';
import { renameTerm } from '../src/modules/taxonomy/taxonomy.service.js';
import { describeEachDialect } from './databases.js';
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

describeEachDialect('public pages', (dialect) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite(dialect);
    await site.addItem(
      pressRelease({
        title: 'Offices agree joint river monitoring plan',
        slug: 'joint-river-monitoring',
        datelinePlace: 'STRELSAU',
        publishedAt: '2025-05-21T08:00:00.000Z',
        sources: [
          { vocabulary: 'offices', slug: 'headquarters' },
          { vocabulary: 'offices', slug: 'field-office' },
        ],
        tags: [
          { vocabulary: 'topics', slug: 'water' },
          { vocabulary: 'topics', slug: 'roads' },
          { vocabulary: 'places', slug: 'ruritania' },
          { vocabulary: 'places', slug: 'freedonia' },
        ],
        quotes: [
          {
            speaker: 'Mara Quill',
            role: 'Head of the Field Office in Freedonia',
            text: 'Rivers do not stop at borders.',
          },
          { speaker: 'Ilse Brand', role: 'Director at Headquarters', text: 'Monitoring starts this summer.' },
        ],
        translationKey: 'river-plan',
      }),
    );
    await site.addItem(
      pressRelease({
        title: 'Plan de surveillance des rivières',
        language: 'fr',
        translationKey: 'river-plan',
        publishedAt: '2025-05-21T08:00:00.000Z',
      }),
    );
  });
  afterAll(() => site.close());

  it('redirects / to the reader’s language', async () => {
    const res = await site.app.inject({
      url: '/',
      headers: { 'accept-language': 'fr-CH,fr;q=0.9,en;q=0.5' },
    });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/fr/');
  });

  it('serves an item at its stable URL with dateline, sources, tags, quotes and translations', async () => {
    const res = await site.app.inject('/en/press-release/2025/joint-river-monitoring');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const html = res.body;
    expect(html).toMatch(/<h1 class="item__title">Offices agree joint river monitoring plan<\/h1>/);
    expect(html).toMatch(
      /class="dateline__place">STRELSAU<\/span>, <span class="dateline__date">21 May 2025</,
    );
    expect(html).toContain('href="/en/offices/headquarters">Headquarters</a>');
    expect(html).toContain('href="/en/offices/field-office">Field Office in Freedonia</a>');
    for (const slug of ['topics/water', 'topics/roads', 'places/ruritania', 'places/freedonia'])
      expect(html).toContain(`href="/en/${slug}"`);
    expect(html).toContain('Rivers do not stop at borders.');
    expect(html).toContain('Head of the Field Office in Freedonia');
    expect(html).toContain('Ilse Brand');
    expect(html).toMatch(/hreflang="fr"[^>]*>français</);
    expect(html).toContain('Chairpersonship at the time: Ruritania');
  });

  it('answers unknown pages with a friendly, coded 404 that keeps the navigation', async () => {
    for (const url of [
      '/en/press-release/2025/nope',
      '/en/nothing-here',
      '/en/topics/nope',
      '/en/press-release/20x5/a',
      '/zz/',
    ]) {
      const res = await site.app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('DL_');
      expect(res.body).toContain('class="main-nav"');
    }
  });

  it('rejects a malformed page number with a clear 400, not a database error', async () => {
    for (const page of ['abc', '-1', '0', '1e9', '99999999']) {
      const res = await site.app.inject(`/en/press-release?page=${page}`);
      expect(res.statusCode, page).toBe(400);
      expect(res.body).toContain('DL_BAD_REQUEST');
    }
  });

  it('lists a content type and a term newest first with counts, and rolls groups up', async () => {
    const listing = await site.app.inject('/en/press-release');
    expect(listing.statusCode).toBe(200);
    expect(listing.body).toContain('Offices agree joint river monitoring plan');
    const term = await site.app.inject('/en/places/members');
    expect(term.statusCode).toBe(200);
    expect(term.body).toContain('Offices agree joint river monitoring plan');
    expect(term.body).toMatch(/1 item\b/);
    const vocab = await site.app.inject('/en/places');
    expect(vocab.body).toMatch(/Ruritania<\/a><span class="count">1</);
  });

  it('links the feeds of a listing, a term and a search visibly, as its head lists them, and they answer', async () => {
    for (const url of [
      '/en/press-release',
      '/en/places/members',
      '/en/search?q=river&place=ruritania',
      '/en/search?q=zzqxv',
    ]) {
      const res = await site.app.inject(url);
      const { document } = parseHTML(res.body);
      const head = Array.from(
        document.querySelectorAll('link[rel=alternate][type*="json"], link[rel=alternate][type*="xml"]'),
      ).map((l) => l.getAttribute('href'));
      const shown = Array.from(document.querySelectorAll('.subscribe a'));
      expect(
        shown.map((a) => a.textContent),
        url,
      ).toEqual(['RSS', 'Atom', 'JSON Feed']);
      expect(
        shown.map((a) => a.getAttribute('href')),
        url,
      ).toEqual(head);
      expect(head.length, url).toBe(3);
      const feed = await site.app.inject(
        new URL(shown[0]!.getAttribute('href')!).pathname + new URL(shown[0]!.getAttribute('href')!).search,
      );
      expect(feed.statusCode, url).toBe(200);
      expect(feed.headers['content-type'], url).toMatch(/^application\/rss\+xml/);
    }
    // A search's feed keeps its words and filters.
    const search = parseHTML((await site.app.inject('/en/search?q=river&place=ruritania')).body).document;
    expect(new URL(search.querySelector('.subscribe a')!.getAttribute('href')!).search).toBe(
      '?q=river&place=ruritania',
    );
    // No feed, no links: an item page.
    const item = parseHTML((await site.app.inject('/en/search?q=river')).body).document;
    const itemHref = item.querySelector('.search-hits h2 a')!.getAttribute('href')!;
    expect((await site.app.inject(itemHref)).body).not.toContain('class="subscribe"');
  });

  it('counts a vocabulary with the search engine: a group counts each item once, drafts never', async () => {
    const before = await site.app.inject('/en/places');
    const count = (html: string, slug: string) =>
      Number(new RegExp(`/en/places/${slug}">[^<]+</a><span class="count">(\\d+)<`).exec(html)?.[1]);
    const [members, freedonia] = [count(before.body, 'members'), count(before.body, 'freedonia')];
    const [ruritania] = [count(before.body, 'ruritania')];
    await site.addItem(
      pressRelease({
        tags: [
          { vocabulary: 'places', slug: 'freedonia' },
          { vocabulary: 'places', slug: 'ruritania' },
        ],
      }),
    );
    await site.addItem(
      pressRelease({ status: 'draft', tags: [{ vocabulary: 'places', slug: 'ruritania' }] }),
    );
    const after = await site.app.inject('/en/places');
    expect(count(after.body, 'freedonia')).toBe(freedonia + 1);
    expect(count(after.body, 'members')).toBe(members + 1);
    expect(count(after.body, 'ruritania')).toBe(ruritania + 1);
    const term = await site.app.inject('/en/places/members');
    expect(term.body).toContain(`${members + 1} items`);
  });

  it('marks closed terms and links their successor', async () => {
    const vocab = await site.app.inject('/en/topics');
    expect(vocab.body).toMatch(/Old topic<\/a><span class="badge badge--closed">closed/);
    const term = await site.app.inject('/en/topics/old-topic');
    expect(term.body).toContain('Closed on 31 December 2015');
    expect(term.body).toContain('href="/en/topics/roads"');
  });

  it('answers a former slug with a permanent redirect', async () => {
    const res = await site.app.inject('/en/topics/highways?page=1');
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/en/topics/roads');
  });

  it('answers the old slug of a term renamed in the admin with a 301, and serves the new one', async () => {
    const water = site.app.site.taxonomy().termBySlug('topics', 'water')!;
    await renameTerm(
      site.database.db,
      { termId: water.id, language: 'en', label: 'Water resources', effectiveOn: '2025-12-31' },
      site.clock.now(),
    );
    const old = await site.app.inject('/en/topics/water');
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/en/topics/water-resources');
    const renamed = await site.app.inject('/en/topics/water-resources');
    expect(renamed.statusCode).toBe(200);
    expect(renamed.body).toContain('<h1>Water resources');
    expect(renamed.body).toContain('Formerly');
    await renameTerm(
      site.database.db,
      { termId: water.id, language: 'en', label: 'Water', effectiveOn: '2025-12-31' },
      site.clock.now(),
    );
    expect((await site.app.inject('/en/topics/water')).statusCode).toBe(200);
  });

  it('finds items by words in the simple search, safely for any input', async () => {
    const res = await site.app.inject('/en/search?q=river%20monitoring');
    expect(res.statusCode).toBe(200);
    // The title's words marked, inside its link.
    expect(res.body).toMatch(
      /<h2 class="item-card__title"><a href="[^"]+">Offices agree joint <mark>river<\/mark> <mark>monitoring<\/mark> plan<\/a>/,
    );
    // A query that is one quoted phrase is quoted once by the count line, not twice.
    expect(res.headers['server-timing']).toMatch(/^search;dur=\d+\.\d\d$/);
    const phrase = await site.app.inject('/en/search?q=%22river%20monitoring%22');
    expect(phrase.body).toContain('1 result for “river monitoring”');
    // Quotes inside a longer query stay as typed.
    const mixed = await site.app.inject('/en/search?q=%22river%20monitoring%22%20plan');
    expect(mixed.body).toContain('1 result for “&quot;river monitoring&quot; plan”');
    for (const q of [
      '%22unbalanced',
      '%25%5F%5C',
      'a'.repeat(5000),
      '%00%01',
      'NOT OR AND ( )',
      '*',
      'нет',
    ]) {
      const r = await site.app.inject(`/en/search?q=${q}`);
      expect(r.statusCode, q).toBe(200);
    }
    // Filters no item can match, or that name nothing the site knows, with or without words.
    for (const params of [
      'lang=%00',
      'lang=zz-ZZZZZZZZZ',
      'lang=xx&q=river',
      'lang=en&lang=%E2%80%8F',
      'type=nope',
      'type=nope&q=river',
      'place=nope&q=zzqxv',
      'source=nope&q=river',
      'from=2019&to=2019&q=zzqxv',
    ]) {
      const r = await site.app.inject(`/en/search?${params}`);
      expect(r.statusCode, params).toBe(200);
    }
  });

  it('says once what to try when nothing is found, with a correction where one finds something', async () => {
    const emptyBlock = async (url: string) => {
      const res = await site.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      const { document } = parseHTML(res.body);
      // Nothing to sort.
      expect(document.querySelector('.search-sort')).toBeNull();
      return Array.from(document.querySelectorAll('.empty p')).map((p) =>
        p.textContent!.replace(/\s+/g, ' ').trim(),
      );
    };
    expect(await emptyBlock('/en/search?q=rivr+monitoring')).toEqual([
      'No results for “rivr monitoring”.',
      // The count's parentheses are the stylesheet's (.count), as beside every other count.
      'Did you mean river monitoring 1 item',
      'Try fewer or other words, check the spelling, remove a filter or search all languages.',
    ]);
    // Nothing in English, something in French: the language facet's count, and a link to all languages.
    expect(await emptyBlock('/en/search?q=surveillance')).toEqual([
      'No results for “surveillance”.',
      'Found in other languages: All languages 1 item',
      'Try fewer or other words, check the spelling, remove a filter or search all languages.',
    ]);
    const english = await site.app.inject('/en/search?q=surveillance');
    expect(english.body).toContain('href="/en/search?q=surveillance&amp;lang=any"');
    // What narrowed the search to nothing stays on show, to be undone: chips, and ticks at 0.
    const chips = async (url: string) =>
      Array.from(
        parseHTML((await site.app.inject(url)).body).document.querySelectorAll('.search-chips li a'),
      ).map((a) => a.textContent!.replace(/\s+/g, ' ').trim());
    expect(await chips('/en/search?q=surveillance')).toEqual(['Language: English ×', 'Clear all filters']);
    expect(await chips('/en/search?q=zzqxv&place=ruritania&type=news&from=2019&to=2019')).toEqual([
      'Content type: News ×',
      'Language: English ×',
      'Places: Ruritania ×',
      'Year: 2019 ×',
      'Clear all filters',
    ]);
    expect(await emptyBlock('/en/search?q=surveillance&lang=de')).toContain(
      'Found in other languages: All languages 1 item',
    );
    // Every language searched already: nothing to add.
    expect(await emptyBlock('/en/search?q=zzqxv&lang=any')).toEqual([
      'No results for “zzqxv”.',
      'Try fewer or other words, check the spelling, remove a filter or search all languages.',
    ]);
    // No words typed: the filters found nothing, which no spelling advice can help.
    expect(await emptyBlock('/en/search?type=event&from=1990&to=1990')).toEqual([
      'No items match these filters.',
    ]);
  });

  it('shows the first values of a facet, all of them behind a plain link, and fewer again', async () => {
    // Items in eleven years: the year facet has more values than a facet shows at first.
    for (let year = 2010; year <= 2020; year++)
      await site.addItem(
        pressRelease({ title: `Annual canal survey ${year}`, publishedAt: `${year}-03-01T08:00:00.000Z` }),
      );
    const yearFacet = async (url: string) => {
      const res = await site.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      const { document } = parseHTML(res.body);
      const section = document.querySelector('#facet-year')!.closest('section')!;
      const more = section.querySelector('.facet__more a');
      return {
        years: Array.from(section.querySelectorAll('.facet__label')).map((l) => l.textContent),
        more: more ? { text: more.textContent, href: more.getAttribute('href')! } : null,
      };
    };
    const first = await yearFacet('/en/search?q=canal+survey&lang=any');
    expect(first.years).toEqual(['2020', '2019', '2018', '2017', '2016', '2015', '2014', '2013']);
    expect(first.more).toEqual({
      text: 'Show all 11',
      href: '/en/search?q=canal+survey&lang=any&more=year#facet-year',
    });
    const all = await yearFacet(first.more!.href.replace(/#.*/, ''));
    expect(all.years).toHaveLength(11);
    expect(all.years.at(-1)).toBe('2010');
    expect(all.more).toEqual({ text: 'Show fewer', href: '/en/search?q=canal+survey&lang=any#facet-year' });
    // A value's link keeps the facet whole, so several can be picked in turn.
    const res = await site.app.inject('/en/search?q=canal+survey&lang=any&more=year');
    expect(res.body).toContain(
      'href="/en/search?q=canal+survey&amp;lang=any&amp;from=2010&amp;to=2010&amp;more=year"',
    );
    // What is not a facet of the page is ignored, not echoed into its links.
    const bogus = await site.app.inject('/en/search?q=canal+survey&lang=any&more=%3Cscript%3E');
    expect(bogus.statusCode).toBe(200);
    const links = Array.from(parseHTML(bogus.body).document.querySelectorAll('a[href]'), (a) =>
      a.getAttribute('href'),
    );
    expect(links.filter((href) => href?.includes('more='))).toEqual([
      '/en/search?q=canal+survey&lang=any&more=year#facet-year',
    ]);
    expect((await yearFacet('/en/search?q=canal+survey&lang=any&more=nothing')).years).toHaveLength(8);
  });

  it('answers a revalidation with 304 and the same ETag', async () => {
    const first = await site.app.inject('/en/press-release/2025/joint-river-monitoring');
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const second = await site.app.inject({
      url: '/en/press-release/2025/joint-river-monitoring',
      headers: { 'if-none-match': etag },
    });
    expect(second.statusCode).toBe(304);
    expect(second.body).toBe('');
  });

  it('shows an embargoed item on every page at its exact instant, even with the page cache warm', async () => {
    const instant = new Date(site.clock.now().getTime() + 60 * 60 * 1000);
    await site.addItem(
      pressRelease({
        title: 'Embargoed plan for the delta',
        slug: 'delta-plan',
        status: 'scheduled',
        publishedAt: instant,
      }),
    );
    const year = instant.getUTCFullYear();
    const urls = [
      '/en/',
      '/en/press-release',
      '/en/topics/water',
      '/en/places/freedonia',
      '/en/search?q=delta',
    ];
    const look = async () =>
      Promise.all(
        urls.map(async (u) =>
          // (The search page marks the query's word in the title.)
          (await site.app.inject(u)).body.replace(/<\/?mark>/g, '').includes('Embargoed plan for the delta'),
        ),
      );
    site.clock.set(new Date(instant.getTime() - 1000));
    expect(await look()).toEqual(urls.map(() => false));
    expect((await site.app.inject(`/en/press-release/${year}/delta-plan`)).statusCode).toBe(404);
    site.clock.set(instant);
    expect(await look()).toEqual(urls.map(() => true));
    expect((await site.app.inject(`/en/press-release/${year}/delta-plan`)).statusCode).toBe(200);
  });

  it('answers an imported item’s legacy URL with a 301 to its stable URL', async () => {
    await site.addItem(
      pressRelease({
        title: 'Imported from the old site',
        slug: 'imported',
        legacyUrl: 'https://old.example.org/news/1234?lang=en',
      }),
    );
    const res = await site.app.inject('/news/1234?lang=en');
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/en/press-release/2025/imported');
    expect((await site.app.inject('/news/9999')).statusCode).toBe(404);
  });

  it('answers a withdrawn item with 410 Gone', async () => {
    await site.addItem(
      pressRelease({
        title: 'Retracted note',
        slug: 'retracted',
        status: 'withdrawn',
        publishedAt: '2025-01-01T00:00:00Z',
      }),
    );
    const res = await site.app.inject('/en/press-release/2025/retracted');
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('DL_GONE');
  });

  it('renders pages in the requested language with the catalog', async () => {
    const res = await site.app.inject('/fr/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="fr">');
    expect(res.body).toContain('Plan de surveillance des rivières');
    expect(res.body).not.toContain('Offices agree joint river monitoring plan');
  });
});

describeEachDialect('page cache between version checks', (dialect) => {
  let site: TestSite;
  beforeAll(async () => {
    // A server that polls for other writers only once an hour: embargoes must still be exact.
    site = await createTestSite(dialect, { config: { versionCheckMs: 3_600_000 } });
    await site.addItem(
      pressRelease({ title: 'Visible from the start', publishedAt: '2025-01-01T00:00:00Z' }),
    );
  });
  afterAll(() => site.close());

  it('lifts an embargo at its instant without re-reading the version', async () => {
    const instant = new Date(site.clock.now().getTime() + 10 * 60 * 1000);
    await site.addItem(
      pressRelease({ title: 'Polling cannot delay this', status: 'scheduled', publishedAt: instant }),
    );
    expect((await site.app.inject('/en/press-release')).body).toContain('Visible from the start');
    site.clock.set(new Date(instant.getTime() - 1));
    expect((await site.app.inject('/en/press-release')).body).not.toContain('Polling cannot delay this');
    site.clock.set(instant);
    expect((await site.app.inject('/en/press-release')).body).toContain('Polling cannot delay this');
  });

  it('shows a write from this process at once, and one from another process after the next check', async () => {
    await site.addItem(pressRelease({ title: 'Written through the site' }));
    expect((await site.app.inject('/en/press-release')).body).toContain('Written through the site');
    // Written behind the site's back (as the CLI or another server would): served from cache until a check.
    await createItem(site.database.db, pressRelease({ title: 'Written elsewhere' }), {
      taxonomy: site.app.site.taxonomy(),
      languages: site.app.site.profile.languages,
      now: site.clock.now(),
    });
    expect((await site.app.inject('/en/press-release')).body).not.toContain('Written elsewhere');
    site.app.site.contentChanged();
    expect((await site.app.inject('/en/press-release')).body).toContain('Written elsewhere');
  });
});

describeEachDialect('security headers', (dialect) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite(dialect);
  });
  afterAll(() => site.close());

  it('sends a strict CSP and the usual protections on pages, errors and assets, none on 304', async () => {
    for (const url of ['/en/', '/en/nowhere', '/assets/site.css']) {
      const res = await site.app.inject(url);
      expect(res.headers['content-security-policy'], url).toContain("script-src 'self'");
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
    }
    const first = await site.app.inject('/en/');
    const revalidated = await site.app.inject({
      url: '/en/',
      headers: { 'if-none-match': first.headers.etag as string },
    });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.headers.etag).toBe(first.headers.etag);
    expect(revalidated.headers['content-security-policy']).toBeUndefined();
  });
});
