/**
 * The public JSON API v1 (reads) over real HTTP handling on both databases: items, cursor
 * pagination, fields, search, vocabularies, events, exact embargo, problem+json errors, CORS and
 * the OpenAPI contract — every response is validated against the served openapi.json.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiClient, apiClient, type Json } from './api-openapi.js';
import { describeEachDialect } from './databases.js';
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

const PUBLIC_URL = 'https://news.example.org';
const EMBARGO = '2026-01-15T10:00:00.000Z';

describeEachDialect('open API v1: reads', (dialect) => {
  let site: TestSite;
  let api: ApiClient;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    site = await createTestSite(dialect, { config: { publicUrl: PUBLIC_URL } });
    site.clock.set('2026-01-15T09:00:00.000Z');
    ids.river = await site.addItem(
      pressRelease({
        title: 'Offices agree joint river monitoring plan',
        slug: 'joint-river-monitoring',
        publishedAt: '2025-05-21T08:00:00.000Z',
        sources: [{ vocabulary: 'offices', slug: 'headquarters' }],
        tags: [
          { vocabulary: 'topics', slug: 'water' },
          { vocabulary: 'places', slug: 'ruritania', origin: 'machine', confidence: 0.9 },
        ],
        quotes: [
          { speaker: 'Mara Quill', role: 'Head of the Field Office', text: 'Rivers do not stop at borders.' },
        ],
        translationKey: 'river-plan',
      }),
    );
    ids.riverFr = await site.addItem(
      pressRelease({
        title: 'Plan de surveillance des rivières',
        language: 'fr',
        translationKey: 'river-plan',
        publishedAt: '2025-05-21T08:00:00.000Z',
        tags: [{ vocabulary: 'topics', slug: 'water' }],
      }),
    );
    // Two items at the same instant: the id breaks the tie, so pages never repeat or skip one.
    for (const [key, publishedAt] of [
      ['roadsA', '2025-03-01T09:00:00.000Z'],
      ['roadsB', '2025-03-01T09:00:00.000Z'],
      ['older', '2024-06-10T12:00:00.000Z'],
      ['oldest', '2010-05-21T08:00:00.000Z'],
    ] as const) {
      ids[key] = await site.addItem(
        pressRelease({
          title: `Road safety report ${key}`,
          publishedAt,
          type: key === 'older' ? 'news' : 'press-release',
          tags: [{ vocabulary: 'topics', slug: 'roads' }],
        }),
      );
    }
    ids.event = await site.addItem(
      pressRelease({
        type: 'event',
        title: 'Water conference in Strelsau',
        publishedAt: '2025-12-01T08:00:00.000Z',
        event: {
          startsAt: '2026-02-01T09:00:00.000Z',
          endsAt: '2026-02-02T17:00:00.000Z',
          venue: 'Strelsau',
        },
      }),
    );
    ids.embargoed = await site.addItem(
      pressRelease({
        title: 'Zephyrine agreement signed',
        status: 'scheduled',
        publishedAt: EMBARGO,
        tags: [{ vocabulary: 'topics', slug: 'roads' }],
        slug: 'zephyrine-agreement',
      }),
    );
    ids.draft = await site.addItem(
      pressRelease({ title: 'Quixotic draft', status: 'draft', publishedAt: null }),
    );
    ids.withdrawn = await site.addItem(
      pressRelease({ title: 'Withdrawn notice', status: 'withdrawn', slug: 'withdrawn-notice' }),
    );
    api = await apiClient(site.app);
  });
  afterAll(() => site.close());

  it('serves an OpenAPI 3.1 document whose schemas all compile, covering every operation', async () => {
    const { spec } = api;
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(spec.paths).sort()).toEqual(
      [
        '/api/v1/events',
        '/api/v1/items',
        '/api/v1/items/by-path',
        '/api/v1/items/{id}',
        '/api/v1/search',
        '/api/v1/vocabularies',
        '/api/v1/vocabularies/{vocabulary}/terms',
        '/api/v1/vocabularies/{vocabulary}/terms/{term}',
      ].sort(),
    );
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    let compiled = 0;
    for (const methods of Object.values(spec.paths as Record<string, Json>))
      for (const op of Object.values(methods)) {
        expect(op.responses['4XX'].content['application/problem+json'].schema).toBeDefined();
        for (const response of Object.values(op.responses as Json))
          for (const media of Object.values((response.content ?? {}) as Json)) {
            ajv.compile(media.schema);
            compiled++;
          }
      }
    expect(compiled).toBeGreaterThan(20);
    // The profile's vocabularies are filter parameters of the item list.
    const names = spec.paths['/api/v1/items'].get.parameters.map((p: { name: string }) => p.name);
    for (const name of [
      'topic',
      'place',
      'office',
      'source',
      'type',
      'lang',
      'from',
      'to',
      'cursor',
      'fields',
    ])
      expect(names).toContain(name);
  });

  it('serves a readable docs page generated from the spec, with every error code', async () => {
    const res = await site.app.inject('/api/v1/docs');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).not.toContain('<script');
    for (const text of [
      'GET /api/v1/items/{id}',
      'POST /api/v1/items',
      'RateLimit-Remaining',
      'id="DL_VALIDATION"',
    ])
      expect(res.body).toContain(text);
  });

  it('lists public items newest first with summary fields, totalCount and absolute links', async () => {
    const res = await api.get('/api/v1/items');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const body = res.json();
    const listed = body.data.map((i: { id: number }) => i.id);
    // Same instant: the higher id first (river and its translation, the two road reports).
    expect(listed).toEqual([
      ids.event,
      ids.riverFr,
      ids.river,
      ids.roadsB,
      ids.roadsA,
      ids.older,
      ids.oldest,
    ]);
    expect(body.totalCount).toBe(7);
    for (const hidden of [ids.embargoed, ids.draft, ids.withdrawn]) expect(listed).not.toContain(hidden);
    expect(Object.keys(body.data[2]).sort()).toEqual(
      ['datelinePlace', 'event', 'id', 'language', 'publishedAt', 'summary', 'title', 'type', 'url'].sort(),
    );
    expect(body.data[2].url).toBe(`${PUBLIC_URL}/en/press-release/2025/joint-river-monitoring`);
    expect(body.links).toEqual({ self: `${PUBLIC_URL}/api/v1/items`, next: null });
  });

  it('pages with a cursor: pages concatenate to the full list, stable while items are added', async () => {
    const full = (await api.get('/api/v1/items?limit=100')).json().data.map((i: { id: number }) => i.id);
    const walked: number[] = [];
    let url: string | null = '/api/v1/items?limit=2';
    let pages = 0;
    while (url) {
      const res = await api.get(url);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.totalCount).toBeGreaterThanOrEqual(full.length);
      walked.push(...body.data.map((i: { id: number }) => i.id));
      url = body.links.next ? body.links.next.slice(PUBLIC_URL.length) : null;
      pages++;
      // A newer item published mid-walk must not shift the pages still to come.
      if (pages === 1)
        ids.late = await site.addItem(
          pressRelease({ title: 'Late arrival', publishedAt: '2026-01-01T00:00:00.000Z', tags: [] }),
        );
    }
    expect(walked).toEqual(full);
    expect(new Set(walked).size).toBe(walked.length);
    expect(pages).toBe(4);
  });

  it('filters by vocabulary (narrower terms included), source, type, language and dates', async () => {
    const idsOf = async (query: string) => {
      const res = await api.get(`/api/v1/items?${query}`);
      expect(res.statusCode, query).toBe(200);
      return res.json().data.map((i: { id: number }) => i.id) as number[];
    };
    expect(await idsOf('topic=water')).toEqual([ids.event, ids.riverFr, ids.river]);
    expect(await idsOf('topic=water&lang=fr')).toEqual([ids.riverFr]);
    expect(await idsOf('place=members&topic=water')).toEqual([ids.event, ids.river]);
    expect(await idsOf('place=ruritania')).toEqual([ids.river]);
    expect(await idsOf('source=headquarters')).toEqual([ids.river]);
    expect(await idsOf('type=news')).toEqual([ids.older]);
    expect(await idsOf('topic=roads&from=2025&to=2025-03')).toEqual([ids.roadsB, ids.roadsA]);
    expect(await idsOf('topic=roads&topic=water&to=2024')).toEqual([ids.older, ids.oldest]);
  });

  it('selects fields and names the allowed ones when a field is unknown', async () => {
    const res = await api.get(`/api/v1/items?fields=title,tags&place=ruritania`);
    const [item] = res.json().data;
    expect(Object.keys(item).sort()).toEqual(['id', 'tags', 'title']);
    expect(item.tags).toContainEqual({
      vocabulary: 'places',
      slug: 'ruritania',
      label: 'Ruritania',
      origin: 'machine',
    });
    const bad = await api.get('/api/v1/items?fields=title,secret');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ status: 400, code: 'DL_VALIDATION' });
    expect(bad.json().errors.fields).toContain('bodyHtml');
  });

  it('reads an item body only for the bodyHtml field, in lists, events and search alike', async () => {
    for (const path of [
      '/api/v1/items?place=ruritania',
      '/api/v1/search?q=river&lang=en',
      '/api/v1/events',
    ]) {
      const plain = (await api.get(path)).json().data;
      expect(plain.length, path).toBeGreaterThan(0);
      for (const entry of plain) expect(entry.item ?? entry, path).not.toHaveProperty('bodyHtml');
      // A search hit's snippet comes from the body either way.
      if (path.includes('search')) for (const entry of plain) expect(entry.snippet, path).toContain('<mark>');
      const withBody = (
        await api.get(`${path}&fields=title,bodyHtml,datelineDate,updatedAt`.replace('events&', 'events?'))
      ).json().data;
      expect(withBody.length, path).toBe(plain.length);
      for (const entry of withBody) {
        const item = entry.item ?? entry;
        expect(Object.keys(item).sort(), path).toEqual([
          'bodyHtml',
          'datelineDate',
          'id',
          'title',
          'updatedAt',
        ]);
        expect(item.bodyHtml, path).toMatch(/^<p>/);
        expect(item.updatedAt, path).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        if (path.includes('search')) expect(entry.snippet, path).toContain('<mark>');
      }
    }
  });

  it('gets one item with everything, by id and by the path of its page', async () => {
    const res = await api.get(`/api/v1/items/${ids.river}`);
    expect(res.statusCode).toBe(200);
    const item = res.json();
    expect(item).toMatchObject({
      id: ids.river,
      type: 'press-release',
      language: 'en',
      title: 'Offices agree joint river monitoring plan',
      publishedAt: '2025-05-21T08:00:00.000Z',
      sources: [{ vocabulary: 'offices', slug: 'headquarters', label: 'Headquarters' }],
      quotes: [
        { speaker: 'Mara Quill', role: 'Head of the Field Office', text: 'Rivers do not stop at borders.' },
      ],
      translations: [{ id: ids.riverFr, language: 'fr' }],
      event: null,
    });
    expect(item.bodyHtml).toContain('<strong>joint inspections</strong>');
    expect(item.tags).toContainEqual({
      vocabulary: 'topics',
      slug: 'water',
      label: 'Water',
      origin: 'editor',
    });
    const byPath = await api.get('/api/v1/items/by-path?path=/en/press-release/2025/joint-river-monitoring');
    expect(byPath.json()).toEqual(item);
    const byUrl = await api.get(
      `/api/v1/items/by-path?path=${encodeURIComponent(`${PUBLIC_URL}/en/press-release/2025/joint-river-monitoring`)}`,
    );
    expect(byUrl.json().id).toBe(ids.river);
  });

  it('never shows drafts; a withdrawn item is gone (410); bad ids and paths are 400 problems', async () => {
    expect((await api.get(`/api/v1/items/${ids.draft}`)).json()).toMatchObject({
      status: 404,
      code: 'DL_NOT_FOUND',
    });
    expect((await api.get(`/api/v1/items/${ids.withdrawn}`)).json()).toMatchObject({
      status: 410,
      code: 'DL_GONE',
    });
    expect((await api.get('/api/v1/items/999999')).statusCode).toBe(404);
    for (const url of [
      '/api/v1/items/abc',
      '/api/v1/items/-1',
      '/api/v1/items/99999999999999999999',
      '/api/v1/items/by-path?path=%3Cscript%3Ealert(1)%3C/script%3E',
      '/api/v1/items/by-path',
      '/api/v1/items?limit=0',
      '/api/v1/items?limit=1000',
      '/api/v1/items?type=memo',
      '/api/v1/items?lang=xx',
      '/api/v1/items?from=2010-02-30',
      '/api/v1/items?topic=atlantis',
      '/api/v1/items?topic=%27%3B%20drop%20table%20items%3B--',
      '/api/v1/items?cursor=bm90IGEgY3Vyc29y',
      `/api/v1/items?cursor=${Buffer.from('["events","2026-01-01T00:00:00.000Z",1]').toString('base64url')}`,
      '/api/v1/search?offset=10001',
      '/api/v1/search?sort=random',
    ]) {
      const res = await api.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code, url).toBe('DL_VALIDATION');
      expect(res.body, url).not.toMatch(/at .*\.ts:\d+/);
    }
    // Unknown paths and methods under /api/v1 are problems, never the site's HTML 404 page.
    for (const url of ['/api/v1/nothing-here', '/api/v1/items/1/more', '/api/v1']) {
      const missing = await api.get(url);
      expect(missing.statusCode, url).toBe(404);
      expect(missing.json()).toMatchObject({
        code: 'DL_NOT_FOUND',
        type: `${PUBLIC_URL}/api/v1/docs#DL_NOT_FOUND`,
      });
    }
    const wrongMethod = await api.request({ method: 'DELETE', url: `/api/v1/items/${ids.river}` });
    expect(wrongMethod.json().code).toBe('DL_NOT_FOUND');
  });

  it('keeps the embargo exact on every endpoint: absent at 09:59:59.999, present at 10:00:00.000', async () => {
    const snapshot = async () => {
      const list = (await api.get('/api/v1/items?topic=roads&limit=100')).json();
      const search = (await api.get('/api/v1/search?q=zephyrine')).json();
      const facets = (await api.get('/api/v1/search?topic=roads')).json();
      const roads = facets.facets
        .find((f: { key: string }) => f.key === 'topic')
        .values.find((v: { value: string }) => v.value === 'roads');
      return {
        listed: list.data.some((i: { id: number }) => i.id === ids.embargoed),
        listTotal: list.totalCount,
        byId: (await api.get(`/api/v1/items/${ids.embargoed}`)).statusCode,
        byPath: (await api.get('/api/v1/items/by-path?path=/en/press-release/2026/zephyrine-agreement'))
          .statusCode,
        hits: search.totalCount,
        roadsFacet: roads?.count,
        searchTotal: facets.totalCount,
      };
    };
    site.clock.set('2026-01-15T09:59:59.999Z');
    const before = await snapshot();
    expect(before).toMatchObject({ listed: false, listTotal: 4, byId: 404, byPath: 404, hits: 0 });
    site.clock.set(EMBARGO);
    const after = await snapshot();
    expect(after).toEqual({
      listed: true,
      listTotal: 5,
      byId: 200,
      byPath: 200,
      hits: 1,
      roadsFacet: before.roadsFacet + 1,
      searchTotal: before.searchTotal + 1,
    });
    site.clock.set('2026-01-15T09:00:00.000Z');
  });

  it('searches with the query language, facets with counts and notices', async () => {
    const res = await api.get('/api/v1/search?q=monitoring&topic=atlantis&lang=en&fields=id,title');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.data.map((h: { item: { id: number } }) => h.item.id)).toEqual([ids.river]);
    const inBody = (await api.get('/api/v1/search?q=inspections&limit=1')).json();
    expect(inBody.data[0].snippet).toContain('<mark>inspections</mark>');
    expect(body.data[0].highlightedTitle).toBe('Offices agree joint river <mark>monitoring</mark> plan');
    // The search's own time, for clients and developer tools to tell it from the transport's.
    expect(res.headers['server-timing']).toMatch(/^search;dur=\d+\.\d\d$/);
    expect(body.notices).toContainEqual({
      code: 'unknown-term',
      detail: expect.stringContaining('atlantis'),
    });
    const byDate = (await api.get('/api/v1/search?q=road&sort=date&limit=2')).json();
    expect(byDate.sort).toBe('date');
    expect(byDate.totalCount).toBe(4);
    expect(byDate.data.map((h: { item: { id: number } }) => h.item.id)).toEqual([ids.roadsB, ids.roadsA]);
    expect(byDate.links.next).toBe(`${PUBLIC_URL}/api/v1/search?q=road&sort=date&limit=2&offset=2`);
    const types = byDate.facets.find((f: { key: string }) => f.key === 'type').values;
    expect(types).toContainEqual({ value: 'news', label: 'News', count: 1 });
    const years = byDate.facets.find((f: { key: string }) => f.key === 'year').values;
    expect(years.map((y: { value: string }) => y.value)).toEqual(['2025', '2024', '2010']);
    expect(byDate.didYouMean).toBeNull();
    const misspelled = (await api.get('/api/v1/search?q=monitorin')).json();
    expect(misspelled.totalCount).toBe(0);
    expect(misspelled.didYouMean).toEqual({ q: 'monitoring', totalCount: expect.any(Number) });
    expect(misspelled.didYouMean.totalCount).toBeGreaterThan(0);
  });

  it('lists vocabularies and terms with hierarchy, validity and labels', async () => {
    const vocabularies = (await api.get('/api/v1/vocabularies')).json();
    expect(vocabularies.data.map((v: { slug: string }) => v.slug)).toEqual(['topics', 'places', 'offices']);
    expect(vocabularies.data[1]).toMatchObject({
      queryKey: 'place',
      hierarchical: true,
      labels: { en: 'Places' },
    });
    const terms = (await api.get('/api/v1/vocabularies/places/terms')).json();
    expect(terms.data.find((t: { slug: string }) => t.slug === 'ruritania')).toMatchObject({
      parent: 'members',
      attributes: { iso2: 'RU' },
      status: 'active',
    });
    const members = (await api.get('/api/v1/vocabularies/places/terms/members')).json();
    expect(members.children).toEqual(['ruritania', 'freedonia']);
    expect((await api.get('/api/v1/vocabularies/planets/terms')).statusCode).toBe(404);
    expect((await api.get('/api/v1/vocabularies/places/terms/atlantis')).statusCode).toBe(404);
    expect((await api.get('/api/v1/vocabularies/places/terms?validOn=2010-13-01')).statusCode).toBe(400);
  });

  it('lists events by start from today, with date bounds', async () => {
    const upcoming = (await api.get('/api/v1/events')).json();
    expect(upcoming.data.map((e: { id: number }) => e.id)).toEqual([ids.event]);
    expect(upcoming.data[0].event).toEqual({
      startsAt: '2026-02-01T09:00:00.000Z',
      endsAt: '2026-02-02T17:00:00.000Z',
      venue: 'Strelsau',
      series: null,
    });
    expect((await api.get('/api/v1/events?from=2026-03')).json().totalCount).toBe(0);
    expect((await api.get('/api/v1/events?from=2026-01&to=2026-02-01')).json().totalCount).toBe(1);
  });

  it('allows any origin to read, answers preflights for reads only', async () => {
    const res = await api.get('/api/v1/vocabularies', { origin: 'https://elsewhere.example' });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-expose-headers']).toContain('RateLimit-Remaining');
    const readPreflight = await site.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/items',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' },
    });
    expect(readPreflight.statusCode).toBe(204);
    expect(readPreflight.headers['access-control-allow-methods']).toBe('GET, HEAD');
    const writePreflight = await site.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/items',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' },
    });
    expect(writePreflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});
