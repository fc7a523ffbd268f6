/**
 * Feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1, iCalendar) over real HTTP on both databases, each
 * parsed back with a real parser: fast-xml-parser for RSS and Atom, Ajv with the JSON Feed 1.1
 * schema, ical.js for iCalendar.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bumpContentVersion } from '../src/db/site-state.js';
import { JSON_FEED_SCHEMA } from '../src/modules/syndication/json-feed.schema.js';
import { describeEachDialect } from './databases.js';
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext typing.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const validateJsonFeed = addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(
  JSON_FEED_SCHEMA,
);

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Arrays where a feed may hold one or many, so tests read every feed the same way.
  isArray: (name, jpath) =>
    name === 'category' ||
    ['rss.channel.item', 'feed.entry', 'feed.link', 'feed.entry.link'].includes(String(jpath)),
  // Only the five XML entities: anything else in a title must arrive as the text it was.
  htmlEntities: false,
  parseTagValue: false,
});

const HOSTILE_TITLE = '</title><script>alert(1)</script>& "quoted" <b>bold</b> ]]>';
const EMBARGO = '2026-01-15T10:00:00.000Z';
const BEFORE_EMBARGO = '2026-01-15T09:59:59.999Z';

interface RssItem {
  title: string;
  link: string;
  guid: { '#text': string; '@_isPermaLink': string };
  pubDate: string;
  description: string;
  'content:encoded'?: string;
  category?: string[];
  enclosure?: { '@_url': string; '@_length': string; '@_type': string };
}

interface AtomEntry {
  id: string;
  title: { '#text': string };
  published: string;
  updated: string;
  summary: { '#text': string };
  content?: { '#text': string; '@_type': string };
  link: { '@_rel': string; '@_href': string; '@_type': string; '@_length'?: string }[];
}

describeEachDialect('feeds', (dialect) => {
  let site: TestSite;
  const ids: Record<string, number> = {};

  const get = (url: string, headers: Record<string, string> = {}) => site.app.inject({ url, headers });
  const rssItems = async (url: string): Promise<RssItem[]> => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(200);
    return (xml.parse(res.body).rss.channel.item ?? []) as RssItem[];
  };
  const titlesOf = async (url: string) => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(200);
    if (url.includes('.json')) return (JSON.parse(res.body).items as { title: string }[]).map((i) => i.title);
    if (url.includes('.atom'))
      return ((xml.parse(res.body).feed.entry ?? []) as AtomEntry[]).map((e) => e.title['#text']);
    if (url.includes('.ics'))
      return new ICAL.Component(ICAL.parse(res.body))
        .getAllSubcomponents('vevent')
        .map((v) => String(v.getFirstPropertyValue('summary')));
    return (xml.parse(res.body).rss.channel.item ?? []).map((i: RssItem) => i.title);
  };

  beforeAll(async () => {
    site = await createTestSite(dialect);
    ids.river = await site.addItem(
      pressRelease({
        title: 'Offices agree joint river monitoring plan',
        slug: 'joint-river-monitoring',
        summary: 'A plan for rivers & borders.',
        publishedAt: '2025-05-21T08:00:00.000Z',
        tags: [
          { vocabulary: 'topics', slug: 'water' },
          { vocabulary: 'places', slug: 'freedonia' },
        ],
        attachments: [
          {
            title: 'Monitoring plan (PDF)',
            fileName: 'river plan.pdf',
            mediaType: 'application/pdf',
            byteSize: 48213,
            sha256: 'a'.repeat(64),
          },
          {
            title: 'Annex never uploaded',
            fileName: 'annex.pdf',
            mediaType: 'application/pdf',
            byteSize: 1000,
            sha256: 'b'.repeat(64),
          },
        ],
      }),
    );
    // The plan's bytes are stored (the annex's are not: metadata only, as imports may bring).
    await site.database.db
      .insertInto('attachment_blobs')
      .values({
        sha256: 'a'.repeat(64),
        bytes: Buffer.from('%PDF-1.4\n%%EOF\n'),
        byte_size: 48213,
        created_at: '2025-05-21T08:00:00.000Z',
      })
      .execute();
    ids.hostile = await site.addItem(
      pressRelease({
        title: HOSTILE_TITLE,
        slug: 'hostile-title',
        summary: 'Summary with <angle> brackets & ampersands.',
        publishedAt: '2025-06-01T12:00:00.000Z',
        tags: [{ vocabulary: 'topics', slug: 'roads' }],
      }),
    );
    ids.embargoed = await site.addItem(
      pressRelease({
        title: 'Embargoed water statement',
        slug: 'embargoed-water',
        status: 'scheduled',
        publishedAt: EMBARGO,
        tags: [{ vocabulary: 'topics', slug: 'water' }],
      }),
    );
    ids.draft = await site.addItem(
      pressRelease({
        title: 'Draft water note never shown',
        status: 'draft',
        publishedAt: '2025-01-01T00:00:00.000Z',
        tags: [{ vocabulary: 'topics', slug: 'water' }],
      }),
    );
    ids.event = await site.addItem(
      pressRelease({
        type: 'event',
        title: 'River basin conference, Vienna',
        slug: 'river-basin-conference',
        summary: 'Experts meet; water, borders and data.',
        publishedAt: '2025-12-01T09:00:00.000Z',
        event: {
          startsAt: '2026-02-10T09:00:00.000Z',
          endsAt: '2026-02-10T17:00:00.000Z',
          venue: 'Hofburg, Vienna; Room 3',
        },
        tags: [{ vocabulary: 'topics', slug: 'water' }],
      }),
    );
    ids.embargoedEvent = await site.addItem(
      pressRelease({
        type: 'event',
        title: 'Embargoed water event',
        status: 'scheduled',
        publishedAt: EMBARGO,
        event: { startsAt: '2026-03-01T09:00:00.000Z', venue: 'Strelsau' },
        tags: [{ vocabulary: 'topics', slug: 'water' }],
      }),
    );
    ids.french = await site.addItem(
      pressRelease({ title: 'Plan de surveillance des rivières', language: 'fr', slug: 'plan-rivieres' }),
    );
  });
  afterAll(() => site.close());
  // The clock only moves forward through this suite, as time does for a running site: the tests
  // up to the embargo one run at 09:00, the rest after it.

  it('serves RSS 2.0 with RFC 822 dates, stable GUIDs, full content, enclosures and language', async () => {
    const res = await get('/en/feed.rss');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeTruthy();
    const doc = xml.parse(res.body);
    expect(doc.rss['@_version']).toBe('2.0');
    const channel = doc.rss.channel;
    expect(channel.language).toBe('en');
    expect(channel.title).toBe('Test Organization');
    expect(channel.link).toBe('http://localhost:3000/en/');
    const items = channel.item as RssItem[];
    const river = items.find((i) => i.title === 'Offices agree joint river monitoring plan');
    expect(river).toBeDefined();
    expect(river!.link).toBe('http://localhost:3000/en/press-release/2025/joint-river-monitoring');
    expect(river!.pubDate).toBe('Wed, 21 May 2025 08:00:00 GMT');
    expect(river!.guid['@_isPermaLink']).toBe('false');
    expect(river!.guid['#text']).toBe(`tag:localhost,2026-01-15:item/${ids.river}`);
    expect(river!.description).toBe('A plan for rivers & borders.');
    expect(river!['content:encoded']).toContain('<strong>joint inspections</strong>');
    expect(river!.category).toEqual(expect.arrayContaining(['Water', 'Freedonia']));
    expect(river!.enclosure).toEqual({
      '@_url': 'http://localhost:3000/en/press-release/2025/joint-river-monitoring/files/river%20plan.pdf',
      '@_length': '48213',
      '@_type': 'application/pdf',
    });
    // Newest first: the event (December) before the hostile one (June) before the river plan (May).
    const order = items.map((i) => i.guid['#text'].split('/').pop());
    expect(order).toEqual([String(ids.event), String(ids.hostile), String(ids.river)]);
  });

  it('keeps a hostile title and summary as text in every format', async () => {
    const rss = (await rssItems('/en/feed.rss')).find((i) => i.link.endsWith('/hostile-title'));
    expect(rss?.title).toBe(HOSTILE_TITLE);
    expect(rss?.description).toBe('Summary with <angle> brackets & ampersands.');
    const atom = await get('/en/feed.atom');
    expect(atom.body).not.toContain('<script>');
    const entry = (xml.parse(atom.body).feed.entry as AtomEntry[]).find((e) =>
      e.link.some((l) => l['@_href'].endsWith('/hostile-title')),
    );
    expect(entry?.title['#text']).toBe(HOSTILE_TITLE);
    const json = JSON.parse((await get('/en/feed.json')).body);
    expect(json.items.map((i: { title: string }) => i.title)).toContain(HOSTILE_TITLE);
  });

  it('serves Atom 1.0 with xml:lang, RFC 3339 dates, summary, HTML content and enclosure links', async () => {
    const res = await get('/en/topics/water/feed.atom');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = xml.parse(res.body).feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed['@_xml:lang']).toBe('en');
    expect(feed.title['#text']).toBe('TO: Water');
    expect(feed.link).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          '@_rel': 'self',
          '@_href': 'http://localhost:3000/en/topics/water/feed.atom',
        }),
        expect.objectContaining({ '@_rel': 'alternate', '@_href': 'http://localhost:3000/en/topics/water' }),
      ]),
    );
    const entry = (feed.entry as AtomEntry[]).find((e) => e.title['#text'].startsWith('Offices agree'));
    expect(entry?.id).toBe(`tag:localhost,2026-01-15:item/${ids.river}`);
    expect(entry?.published).toBe('2025-05-21T08:00:00.000Z');
    expect(Date.parse(entry!.updated)).toBeGreaterThanOrEqual(Date.parse(entry!.published));
    expect(entry?.summary['#text']).toBe('A plan for rivers & borders.');
    expect(entry?.content?.['@_type']).toBe('html');
    expect(entry?.content?.['#text']).toContain('<strong>joint inspections</strong>');
    expect(entry?.link).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ '@_rel': 'enclosure', '@_type': 'application/pdf', '@_length': '48213' }),
      ]),
    );
    expect(feed.updated).toBe(
      (feed.entry as AtomEntry[])
        .map((e) => e.updated)
        .sort()
        .at(-1),
    );
  });

  it('serves JSON Feed 1.1 that validates against the schema, with summary-only on request', async () => {
    const res = await get('/en/press-release/feed.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    const feed = JSON.parse(res.body);
    expect(validateJsonFeed(feed), JSON.stringify(validateJsonFeed.errors)).toBe(true);
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.language).toBe('en');
    expect(feed.feed_url).toBe('http://localhost:3000/en/press-release/feed.json');
    const river = feed.items.find((i: { id: string }) => i.id.endsWith(`item/${ids.river}`));
    expect(river.date_published).toBe('2025-05-21T08:00:00.000Z');
    expect(Date.parse(river.date_modified)).toBeGreaterThanOrEqual(Date.parse(river.date_published));
    expect(river.content_html).toContain('<strong>joint inspections</strong>');
    expect(river.attachments[0]).toMatchObject({ mime_type: 'application/pdf', size_in_bytes: 48213 });
    // Only stored files are enclosures: an enclosure must download.
    expect(river.attachments).toHaveLength(1);
    expect(feed.items.some((i: { url: string }) => i.url.includes('/event/'))).toBe(false);

    const summaries = JSON.parse((await get('/en/press-release/feed.json?content=summary')).body);
    expect(validateJsonFeed(summaries), JSON.stringify(validateJsonFeed.errors)).toBe(true);
    const short = summaries.items.find((i: { id: string }) => i.id === river.id);
    expect(short.content_html).toBeUndefined();
    expect(short.content_text).toBe('A plan for rivers & borders.');
    const rss = await rssItems('/en/press-release/feed.rss?content=summary&limit=1');
    expect(rss).toHaveLength(1);
    expect(rss[0]?.['content:encoded']).toBeUndefined();
    expect(rss[0]?.description).toBeTruthy();
  });

  it('serves events as iCalendar with UTC times, escaped text and folded lines', async () => {
    const res = await get('/en/event/feed.ics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const calendar = new ICAL.Component(ICAL.parse(res.body));
    const events = calendar.getAllSubcomponents('vevent');
    expect(events).toHaveLength(1);
    const event = new ICAL.Event(events[0]!);
    expect(event.uid).toBe(`item-${ids.event}@localhost`);
    expect(event.summary).toBe('River basin conference, Vienna');
    expect(event.location).toBe('Hofburg, Vienna; Room 3');
    expect(event.description).toBe('Experts meet; water, borders and data.');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-02-10T09:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-02-10T17:00:00.000Z');
    expect(event.startDate.zone?.tzid).toBe('UTC');
    expect(String(events[0]!.getFirstPropertyValue('url'))).toBe(
      'http://localhost:3000/en/event/2025/river-basin-conference',
    );
    expect(events[0]!.getFirstPropertyValue('dtstamp')).toBeTruthy();
    // The site and term calendars hold the same event; a news listing has no calendar.
    expect(await titlesOf('/en/feed.ics')).toEqual(['River basin conference, Vienna']);
    expect(await titlesOf('/en/topics/water/feed.ics')).toEqual(['River basin conference, Vienna']);
    expect(await titlesOf('/en/search/feed.ics?q=river')).toEqual(['River basin conference, Vienna']);
    expect(await titlesOf('/en/search/feed.ics?type=news')).toEqual([]);
    expect((await get('/en/news/feed.ics')).statusCode).toBe(404);
  });

  it('keeps GUIDs when an item is edited, and dates the edit', async () => {
    const before = (await rssItems('/en/feed.rss')).find((i) => i.link.endsWith('/joint-river-monitoring'));
    const editedAt = '2026-01-15T09:30:00.000Z';
    await site.database.db
      .updateTable('items')
      .set({ title: 'River monitoring plan, corrected', updated_at: editedAt, revision: 2 })
      .where('id', '=', ids.river!)
      .execute();
    // What every content write does: a new content version, which invalidates cached feeds.
    await bumpContentVersion(site.database.db);
    site.app.site.contentChanged();
    try {
      const after = (await rssItems('/en/feed.rss')).find((i) => i.link.endsWith('/joint-river-monitoring'));
      expect(after?.title).toBe('River monitoring plan, corrected');
      expect(after?.guid).toEqual(before?.guid);
      expect(after?.pubDate).toBe(before?.pubDate);
      const json = JSON.parse((await get('/en/feed.json')).body);
      const item = json.items.find((i: { id: string }) => i.id === before?.guid['#text']);
      expect(item.date_modified).toBe(editedAt);
      expect(item.date_published).toBe('2025-05-21T08:00:00.000Z');
      const res = await get('/en/feed.atom');
      expect(res.headers['last-modified']).toBe('Thu, 15 Jan 2026 09:30:00 GMT');
    } finally {
      await site.database.db
        .updateTable('items')
        .set({ title: 'Offices agree joint river monitoring plan' })
        .where('id', '=', ids.river!)
        .execute();
      await bumpContentVersion(site.database.db);
      site.app.site.contentChanged();
    }
  });

  it('answers malformed feed parameters with a coded 400, never a 500', async () => {
    for (const url of [
      '/en/feed.rss?content=everything',
      '/en/feed.rss?content=full&content=summary',
      '/en/topics/water/feed.json?limit=0',
      '/en/feed.atom?limit=101',
      '/en/feed.atom?limit=ten',
      '/en/search/feed.rss?q=river&limit=-1',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.body, url).toContain('DL_FEED_PARAMETER');
    }
    // Search parameters are read as leniently as the search page reads them.
    for (const url of ['/en/search/feed.rss?q=%22unclosed&from=notadate', '/en/search/feed.json?q=(((']) {
      expect((await get(url)).statusCode, url).toBe(200);
    }
  });

  it('answers unknown types, terms, vocabularies and languages with a coded 404', async () => {
    for (const url of [
      '/en/nothing/feed.rss',
      '/en/topics/nothing/feed.atom',
      '/en/topics/feed.json',
      '/xx/feed.rss',
      '/en/press-release/2025/joint-river-monitoring/feed.rss',
      '/en/feed.xml',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).toMatch(/DL_NOT_FOUND|DL_UNSUPPORTED_LANGUAGE/);
    }
  });

  it('redirects a feed under a term’s old slug to its current one, keeping the query', async () => {
    const res = await get('/en/topics/highways/feed.rss?content=summary');
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/en/topics/roads/feed.rss?content=summary');
  });

  it('narrows a search feed by its filters and language', async () => {
    expect(await titlesOf('/en/search/feed.rss?topic=roads')).toEqual([HOSTILE_TITLE]);
    const water = await titlesOf('/en/search/feed.rss?topic=water');
    expect(water).toContain('Offices agree joint river monitoring plan');
    expect(water).not.toContain(HOSTILE_TITLE);
    expect(await titlesOf('/en/search/feed.json?q=river&type=event')).toEqual([
      'River basin conference, Vienna',
    ]);
    expect(await titlesOf('/fr/feed.rss')).toEqual(['Plan de surveillance des rivières']);
    const french = xml.parse((await get('/fr/search/feed.atom?q=surveillance')).body).feed;
    expect(french['@_xml:lang']).toBe('fr');
    expect((french.entry as AtomEntry[]).map((e) => e.title['#text'])).toEqual([
      'Plan de surveillance des rivières',
    ]);
  });

  it('offers autodiscovery links on home, listings, terms and searches, and none on items', async () => {
    const linksOf = async (url: string) => {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      return [
        ...res.body.matchAll(/<link rel="alternate" type="([^"]+)" title="([^"]*)" href="([^"]+)"/g),
      ].map((m) => ({ type: m[1], title: m[2], href: (m[3] ?? '').replace(/&amp;/g, '&') }));
    };
    const expectFeeds = async (page: string, feedPath: string) => {
      const links = await linksOf(page);
      expect(
        links.map((l) => l.type),
        page,
      ).toEqual(['application/rss+xml', 'application/atom+xml', 'application/feed+json']);
      expect(links[0]?.href, page).toBe(`http://localhost:3000${feedPath.replace('{x}', 'rss')}`);
      expect(links[2]?.href, page).toBe(`http://localhost:3000${feedPath.replace('{x}', 'json')}`);
      // Every advertised feed answers.
      for (const link of links)
        expect((await get(link.href.replace('http://localhost:3000', ''))).statusCode).toBe(200);
      return links;
    };
    await expectFeeds('/en/', '/en/feed.{x}');
    await expectFeeds('/en/press-release', '/en/press-release/feed.{x}');
    const term = await expectFeeds('/en/topics/water', '/en/topics/water/feed.{x}');
    expect(term[0]?.title).toBe('TO: Water (RSS)');
    const search = await expectFeeds(
      '/en/search?q=river&topic=water&page=1',
      '/en/search/feed.{x}?q=river&topic=water',
    );
    expect(search[1]?.title).toBe('TO: Search: river · Water (Atom)');
    expect((await linksOf('/en/press-release/2025/joint-river-monitoring')).length).toBe(0);
    expect((await linksOf('/en/search/help')).length).toBe(0);
    expect((await linksOf('/en/topics')).length).toBe(0);
    const french = await linksOf('/fr/topics/water');
    expect(french[0]?.title).toBe('TO : Eau (RSS)');
  });

  it('holds embargoed items back until their exact instant on site, type, term and search feeds', async () => {
    const feeds = [
      '/en/feed.rss',
      '/en/press-release/feed.atom',
      '/en/topics/water/feed.json',
      '/en/search/feed.rss?topic=water',
      '/en/search/feed.json?q=embargoed',
    ];
    site.clock.set(BEFORE_EMBARGO);
    for (const url of feeds) {
      // Twice: the second answer comes from the cache, which must not outlive the embargo either.
      for (let i = 0; i < 2; i++) {
        const titles = await titlesOf(url);
        expect(titles, url).not.toContain('Embargoed water statement');
        expect(titles, url).not.toContain('Draft water note never shown');
      }
    }
    expect(await titlesOf('/en/feed.ics')).not.toContain('Embargoed water event');
    site.clock.set(EMBARGO);
    for (const url of feeds) {
      const titles = await titlesOf(url);
      expect(titles, url).toContain('Embargoed water statement');
      expect(titles, url).not.toContain('Draft water note never shown');
    }
    expect(await titlesOf('/en/feed.ics')).toContain('Embargoed water event');
    const rss = (await rssItems('/en/feed.rss')).find((i) => i.title === 'Embargoed water statement');
    expect(rss?.pubDate).toBe('Thu, 15 Jan 2026 10:00:00 GMT');
  });

  it('never lists drafts, even in a search for their words', async () => {
    site.clock.set('2030-01-01T00:00:00.000Z');
    for (const url of ['/en/feed.json', '/en/topics/water/feed.rss', '/en/search/feed.json?q=draft'])
      expect(await titlesOf(url), url).not.toContain('Draft water note never shown');
  });

  it('answers 304 to If-None-Match and If-Modified-Since, and 200 when the reader is behind', async () => {
    for (const url of ['/en/feed.rss', '/en/search/feed.atom?q=river']) {
      const first = await get(url);
      expect(first.statusCode).toBe(200);
      const etag = String(first.headers.etag);
      const lastModified = String(first.headers['last-modified']);
      expect(etag).toMatch(/^"f-/);
      expect(Number.isNaN(Date.parse(lastModified))).toBe(false);
      const byTag = await get(url, { 'if-none-match': etag });
      expect(byTag.statusCode, url).toBe(304);
      expect(byTag.body).toBe('');
      expect(byTag.headers.etag).toBe(etag);
      expect((await get(url, { 'if-modified-since': lastModified })).statusCode, url).toBe(304);
      const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
      expect((await get(url, { 'if-modified-since': earlier })).statusCode, url).toBe(200);
      expect((await get(url, { 'if-none-match': '"other"' })).statusCode, url).toBe(200);
    }
    // An embargo lifting changes the feed: the old ETag and date no longer match.
    await site.addItem(
      pressRelease({
        title: 'New year statement',
        status: 'scheduled',
        publishedAt: '2031-01-01T00:00:00.000Z',
      }),
    );
    site.clock.set('2030-12-31T23:59:59.999Z');
    const early = await get('/en/feed.rss');
    expect(early.body).not.toContain('New year statement');
    expect((await get('/en/feed.rss', { 'if-none-match': String(early.headers.etag) })).statusCode).toBe(304);
    site.clock.set('2031-01-01T00:00:00.000Z');
    const late = await get('/en/feed.rss', { 'if-none-match': String(early.headers.etag) });
    expect(late.statusCode).toBe(200);
    expect(late.body).toContain('New year statement');
    const since = await get('/en/feed.rss', { 'if-modified-since': String(early.headers['last-modified']) });
    expect(since.statusCode).toBe(200);
    expect(since.headers['last-modified']).toBe('Wed, 01 Jan 2031 00:00:00 GMT');
  });
  it('dates a feed that lost an item at the moment the loss was seen', async () => {
    site.clock.set('2031-01-01T00:05:00.000Z');
    const before = await get('/en/feed.rss');
    expect(before.body).toContain('New year statement');
    await site.database.db
      .updateTable('items')
      .set({ status: 'withdrawn', visible_from: null })
      .where('title', '=', 'New year statement')
      .execute();
    await bumpContentVersion(site.database.db);
    site.app.site.contentChanged();
    site.clock.set('2031-01-01T00:10:00.000Z');
    const after = await get('/en/feed.rss', { 'if-modified-since': String(before.headers['last-modified']) });
    expect(after.statusCode).toBe(200);
    expect(after.body).not.toContain('New year statement');
    expect(after.headers['last-modified']).toBe('Wed, 01 Jan 2031 00:10:00 GMT');
  });
});
