/** Site search end to end on both databases: query language, URL filters, snippets, embargo, catch-up. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/databases.js';
import { pressRelease } from '../../../test/factories.js';
import { createTestSite, type TestSite } from '../../../test/site.js';
import { SearchService, type SearchRequest } from './search.service.js';

describeEachDialect('search service', (dialect) => {
  let site: TestSite;
  let search: SearchService;
  const ids: Record<string, number> = {};
  const run = (q: string, extra: Partial<SearchRequest> = {}) =>
    search.search({ q, language: 'en', ...extra });
  const hitIds = async (q: string, extra: Partial<SearchRequest> = {}) =>
    (await run(q, { sort: 'date', ...extra })).hits.map((h) => h.itemId);

  beforeAll(async () => {
    site = await createTestSite(dialect);
    site.clock.set('2026-01-01T00:00:00Z');
    ids.training = await site.addItem(
      pressRelease({
        title: 'Police officers trained in community policing',
        bodyMarkdown: 'The Field Office trained forty police officers from Ruritania in community policing.',
        publishedAt: '2025-04-02T08:00:00.000Z',
        tags: [
          { vocabulary: 'topics', slug: 'roads' },
          { vocabulary: 'places', slug: 'ruritania' },
        ],
      }),
    );
    ids.water = await site.addItem(
      pressRelease({
        title: 'Water agreement signed',
        bodyMarkdown: 'Both governments signed the river water agreement <script>alert(1)</script> today.',
        publishedAt: '2024-09-15T08:00:00.000Z',
        sources: [{ vocabulary: 'offices', slug: 'headquarters' }],
      }),
    );
    ids.french = await site.addItem(
      pressRelease({
        language: 'fr',
        title: 'Formation des policiers',
        bodyMarkdown: 'Le Bureau a formé des policiers au maintien de l’ordre de proximité.',
        publishedAt: '2025-05-02T08:00:00.000Z',
      }),
    );
    ids.embargoed = await site.addItem(
      pressRelease({
        title: 'Police reform report',
        status: 'scheduled',
        publishedAt: '2026-02-01T09:00:00.000Z',
      }),
    );
    search = new SearchService(site.app.site);
  });
  afterAll(() => site.close());

  it('offers a spelling the archive knows when a search finds nothing, and only then', async () => {
    expect((await run('polise traning')).total).toBe(0);
    const suggestion = await search.didYouMean({ q: 'Polise traning', language: 'en' });
    // Each word as the archive first wrote it: “traning” is as near train (written “trained”) as
    // the more frequent “warning”, but a misspelling seldom changes its first letter.
    expect(suggestion).toEqual({ q: 'police trained', total: 1 });
    // Known words are left alone; a correction that finds nothing is not offered.
    expect(await search.didYouMean({ q: 'police', language: 'en' })).toBeNull();
    expect(await search.didYouMean({ q: 'zzqxv', language: 'en' })).toBeNull();
    // A word no item holds and no word is near is left out, with its qualifier, phrase or group.
    expect(await search.didYouMean({ q: 'zzqxv polise', language: 'en' })).toEqual({ q: 'police', total: 1 });
    expect(await search.didYouMean({ q: 'water title:zzqxv', language: 'en' })).toEqual({
      q: 'water',
      total: 1,
    });
    expect(await search.didYouMean({ q: '"zzqxv" (qqzzv) water', language: 'en' })).toEqual({
      q: 'water',
      total: 1,
    });
    expect(await search.didYouMean({ q: 'zzqxv qqzzv', language: 'en' })).toBeNull();
    // The embargoed report's words are indexed, but a correction only counts what is visible.
    expect(await search.didYouMean({ q: 'reforn', language: 'en' })).toBeNull();
    const page = await site.app.inject('/en/search?q=polise');
    expect(page.body).toMatch(/class="did-you-mean"[\s\S]*href="\/en\/search\?q=police"/);
  });

  it('finds words through their stems and marks them in an escaped snippet', async () => {
    const result = await run('training police');
    expect(result.hits.map((h) => h.itemId)).toEqual([ids.training]);
    expect(result.hits[0]!.snippet).toMatch(/<mark>trained<\/mark>/);
    expect(result.hits[0]!.snippet).toMatch(/<mark>police<\/mark>/);
    expect(result.hits[0]!.titleHtml).toBe(
      '<mark>Police</mark> officers <mark>trained</mark> in community <mark>policing</mark>',
    );
    // Listings ask for no snippets: no title marked either.
    expect((await run('training police', { snippets: false })).hits[0]!.titleHtml).toBe('');
    const water = await run('agreement');
    expect(water.hits[0]!.snippet).not.toMatch(/<script>/);
  });

  it('marks a snippet and title whatever item columns the caller asks for, and keeps only those', async () => {
    const [hit] = (await run('training police', { columns: ['items.id', 'items.slug'] })).hits;
    // Title, summary, body and language are read for the marks, not handed back.
    expect(Object.keys(hit!.item).sort()).toEqual(['id', 'slug']);
    expect(hit!.snippet).toMatch(/<mark>trained<\/mark>/);
    expect(hit!.titleHtml).toMatch(/^<mark>Police<\/mark> officers/);
    // Asked for, the body stays.
    const [withBody] = (await run('training police', { columns: ['items.id', 'items.body_html'] })).hits;
    expect(withBody!.item).toMatchObject({ body_html: expect.stringContaining('forty police officers') });
  });

  it('reads the query language: qualifiers, negation, OR, phrases and prefixes', async () => {
    expect(await hitIds('place:ruritania')).toEqual([ids.training]);
    expect(await hitIds('office:headquarters')).toEqual([ids.water]);
    expect(await hitIds('source:headquarters')).toEqual([ids.water]);
    expect(await hitIds('police -community')).toEqual([]);
    expect(await hitIds('water OR community')).toEqual([ids.training, ids.water]);
    expect(await hitIds('"water agreement"')).toEqual([ids.water]);
    // A phrase matches its analysis in the item's language too (French stop words, French stems).
    expect(await hitIds('"formé des policiers"')).toEqual([ids.french]);
    expect(await hitIds('agree*')).toEqual([ids.water]);
    expect(await hitIds('lang:fr')).toEqual([ids.french]);
    expect(await hitIds('from:2025 to:2025-12-31')).toEqual([ids.french, ids.training]);
  });

  it('matches a phrase only where its words stand in order, stop words’ gaps kept, title and body apart', async () => {
    // Title: "Police officers trained in community policing"; body: "The Field Office trained forty
    // police officers from Ruritania in community policing."
    expect(await hitIds('"police officers"')).toEqual([ids.training]);
    expect(await hitIds('"trained forty police officers"')).toEqual([ids.training]);
    // All the words are there, scattered or in another order: no match.
    expect(await hitIds('"officers police"')).toEqual([]);
    expect(await hitIds('"trained police"')).toEqual([]);
    expect((await run('"forty officers"')).total).toBe(0);
    // A stop word holds its place: any stop word there matches, none or two do not.
    expect(await hitIds('"signed the river"')).toEqual([ids.water]);
    expect(await hitIds('"signed a river"')).toEqual([ids.water]);
    expect(await hitIds('"signed river"')).toEqual([]);
    // Fields: "police officers trained" is in the title only ("Office trained" in the body stems
    // alike); a phrase never runs from title into body.
    expect(await hitIds('title:"police officers trained"')).toEqual([ids.training]);
    expect(await hitIds('body:"police officers trained"')).toEqual([]);
    expect(await hitIds('body:"forty police"')).toEqual([ids.training]);
    expect(await hitIds('"policing the field office"')).toEqual([]);
  });

  it('takes filters and dates from the URL as well, and says what it could not use', async () => {
    expect(await hitIds('', { filters: new Map([['places', ['ruritania']]]) })).toEqual([ids.training]);
    expect(await hitIds('', { languages: ['en'], from: '2025' })).toEqual([ids.training]);
    const unknown = await run('', { filters: new Map([['places', ['atlantis']]]), to: '2025-02-30' });
    expect(unknown.notices.map((n) => n.code).sort()).toEqual(['invalid-date', 'unknown-term']);
  });

  it('answers malformed queries as words, never with an error', async () => {
    for (const q of ['"unbalanced', 'AND OR NOT', '(((', 'title:', '*', '\u0000\u202e', 'x'.repeat(10_000)]) {
      const result = await run(q);
      expect(result.total).toBeGreaterThanOrEqual(0);
    }
    expect((await run('"police (officers')).notices.map((n) => n.code)).toContain('parsed-as-words');
  });

  it('keeps embargoed items out of hits and facets until their instant, then catches up with new items', async () => {
    const before = await run('police');
    expect(before.hits.map((h) => h.itemId)).not.toContain(ids.embargoed);
    site.clock.set('2026-02-01T09:00:00.000Z');
    expect((await run('police')).hits.map((h) => h.itemId)).toContain(ids.embargoed);
    const added = await site.addItem(
      pressRelease({ title: 'Police academy opens', publishedAt: '2026-01-20T08:00:00.000Z' }),
    );
    expect((await run('academy')).hits.map((h) => h.itemId)).toEqual([added]);
  });

  it('counts facets for every dimension, the language one without the language filter', async () => {
    const result = await run('', { languages: ['en'] });
    const languages = result.facets!.languages;
    expect(languages.get('fr')).toBe(1);
    expect(result.facets!.types.get('press-release')).toBe(result.total);
    expect(result.facets!.years.size).toBeGreaterThan(0);
  });

  it('ranks words typed without quotes higher where they stand together, in the order typed', async () => {
    const scattered = await site.addItem(
      pressRelease({
        title: 'Media report',
        bodyMarkdown:
          'Freedom comes first, said the minister; later, much later, the media, and the media again.',
        publishedAt: '2023-03-01T08:00:00.000Z',
      }),
    );
    const together = await site.addItem(
      pressRelease({
        title: 'Annual conference',
        bodyMarkdown: 'A conference on the freedom of the media.',
        publishedAt: '2023-02-01T08:00:00.000Z',
      }),
    );
    const ranked = async (q: string) => (await run(q)).hits.map((h) => h.itemId);
    // By BM25F alone the scattered item wins (media in its title and twice in its body): in the
    // other order the words stand together nowhere, and it does.
    expect(await ranked('media freedom')).toEqual([scattered, together]);
    expect(await ranked('freedom media')).toEqual([together, scattered]);
    expect(await ranked('freedom of the media')).toEqual([together, scattered]);
  });

  it('shows a quoted phrase where it stands in the body, its words marked there only', async () => {
    const filler = 'Delegates met in the capital and discussed the agenda at length. '.repeat(40);
    const id = await site.addItem(
      pressRelease({
        title: 'Annual review',
        bodyMarkdown: `The media came. Freedom of movement was on the agenda.\n\n${filler}\n\nThe minister defended the freedom of the media in the region.`,
        publishedAt: '2023-04-01T08:00:00.000Z',
      }),
    );
    const hit = (await run('"freedom of the media"')).hits.find((h) => h.itemId === id);
    expect(hit?.snippet).toContain('minister defended the <mark>freedom</mark> of the <mark>media</mark> in');
    expect(hit?.snippet.match(/<mark>/g)).toHaveLength(2);
  });
});
