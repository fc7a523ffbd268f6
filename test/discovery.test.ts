/** Discovery: canonical URLs, hreflang, Open Graph, JSON-LD shapes, sitemaps and robots.txt, on both databases. */
import { XMLParser } from 'fast-xml-parser';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalUrl } from '../src/web/discovery/canonical.js';
import { TestClock } from './clock.js';
import { describeEachDialect } from './databases.js';
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const HOSTILE = 'Talks </script><script>alert(1)</script> & <!-- end';

const xmlParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function documentOf(html: string) {
  return parseHTML(html).document;
}

function jsonLdOf(html: string): Record<string, unknown>[] {
  const scripts = Array.from(documentOf(html).querySelectorAll('script[type="application/ld+json"]'));
  return scripts.flatMap((s) => {
    const data = JSON.parse(s.textContent ?? '') as Record<string, unknown> | Record<string, unknown>[];
    return Array.isArray(data) ? data : [data];
  });
}

function meta(html: string, key: string): string | null {
  const doc = documentOf(html);
  return (
    doc.querySelector(`meta[property="${key}"]`)?.getAttribute('content') ??
    doc.querySelector(`meta[name="${key}"]`)?.getAttribute('content') ??
    null
  );
}

describe('canonical URLs', () => {
  const publicUrl = 'https://example.org';
  it('drops tracking parameters and page=1, keeps later pages', () => {
    expect(canonicalUrl({ publicUrl, path: '/en/news?utm_source=x&page=1' })).toBe(
      'https://example.org/en/news',
    );
    expect(canonicalUrl({ publicUrl, path: '/en/news?page=3&fbclid=abc' })).toBe(
      'https://example.org/en/news?page=3',
    );
    expect(canonicalUrl({ publicUrl, path: '/en/press-release/2025/a?x=1' })).toBe(
      'https://example.org/en/press-release/2025/a',
    );
  });
  it('keeps the state of a search, in one order', () => {
    expect(canonicalUrl({ publicUrl, path: '/en/search?sort=date&q=police&utm_medium=mail&country=' })).toBe(
      'https://example.org/en/search?q=police&sort=date',
    );
  });
});

describeEachDialect('discovery', (dialect) => {
  let site: TestSite;
  const clock = new TestClock('2026-01-15T09:00:00.000Z');

  beforeAll(async () => {
    site = await createTestSite(dialect, {
      clock,
      config: { sitemapMaxUrls: 2, publicUrl: 'https://news.example.org' },
    });
    await site.addItem(
      pressRelease({
        title: 'Offices agree joint river monitoring plan',
        slug: 'river-plan',
        datelinePlace: 'STRELSAU',
        publishedAt: '2025-05-21T08:00:00.000Z',
        translationKey: 'river-plan',
      }),
    );
    await site.addItem(
      pressRelease({
        title: 'Plan de surveillance des rivières',
        slug: 'plan-rivieres',
        language: 'fr',
        publishedAt: '2025-05-21T08:00:00.000Z',
        translationKey: 'river-plan',
      }),
    );
    await site.addItem(
      pressRelease({
        type: 'event',
        title: 'Regional water conference',
        slug: 'water-conference',
        publishedAt: '2025-06-01T08:00:00.000Z',
        event: {
          startsAt: '2025-09-10T07:00:00.000Z',
          endsAt: '2025-09-11T15:00:00.000Z',
          venue: 'Hofburg, Vienna',
        },
      }),
    );
    await site.addItem(
      pressRelease({ title: HOSTILE, slug: 'hostile', publishedAt: '2025-07-01T08:00:00.000Z' }),
    );
    await site.addItem(
      pressRelease({ title: 'An older release', slug: 'older', publishedAt: '2019-02-01T08:00:00.000Z' }),
    );
    await site.addItem(
      pressRelease({
        title: 'Embargoed statement on rivers',
        slug: 'embargoed',
        status: 'scheduled',
        publishedAt: '2026-01-15T10:00:00.000Z',
      }),
    );
  });
  afterAll(() => site.close());

  it('describes a press release as a NewsArticle with dateline, publisher, authors and subjects', async () => {
    const res = await site.app.inject('/en/press-release/2025/river-plan?utm_campaign=x');
    expect(res.statusCode).toBe(200);
    const [article] = jsonLdOf(res.body);
    expect(article).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Offices agree joint river monitoring plan',
      inLanguage: 'en',
      url: 'https://news.example.org/en/press-release/2025/river-plan',
      mainEntityOfPage: {
        '@type': 'WebPage',
        '@id': 'https://news.example.org/en/press-release/2025/river-plan',
      },
      datePublished: '2025-05-21T08:00:00.000Z',
      dateline: 'STRELSAU',
      description: 'Engineers from four districts finished a course on shared river management.',
      publisher: { '@type': 'Organization', name: 'Test Organization', url: 'https://news.example.org/en/' },
    });
    expect(article?.dateModified).toMatch(ISO_INSTANT);
    expect(article?.author).toEqual([
      expect.objectContaining({ '@type': 'Organization', name: 'Field Office in Freedonia' }),
    ]);
    expect(article?.about).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          '@type': 'Country',
          name: 'Freedonia',
          url: 'https://news.example.org/en/places/freedonia',
        }),
        expect.objectContaining({ '@type': 'Thing', name: expect.any(String) }),
      ]),
    );
  });

  it('gives an item page a clean canonical URL, hreflang with x-default, Open Graph and a Twitter card', async () => {
    const res = await site.app.inject('/en/press-release/2025/river-plan?utm_campaign=x');
    const doc = documentOf(res.body);
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(
      'https://news.example.org/en/press-release/2025/river-plan',
    );
    const hreflang = Object.fromEntries(
      Array.from(doc.querySelectorAll('link[rel="alternate"][hreflang]')).map((l) => [
        l.getAttribute('hreflang'),
        l.getAttribute('href'),
      ]),
    );
    expect(hreflang).toEqual({
      en: 'https://news.example.org/en/press-release/2025/river-plan',
      fr: 'https://news.example.org/fr/press-release/2025/plan-rivieres',
      'x-default': 'https://news.example.org/en/press-release/2025/river-plan',
    });
    expect(meta(res.body, 'og:type')).toBe('article');
    expect(meta(res.body, 'og:title')).toBe('Offices agree joint river monitoring plan');
    expect(meta(res.body, 'og:url')).toBe('https://news.example.org/en/press-release/2025/river-plan');
    expect(meta(res.body, 'og:site_name')).toBe('TO');
    expect(meta(res.body, 'og:locale')).toBe('en_GB');
    expect(meta(res.body, 'og:locale:alternate')).toBe('fr_FR');
    expect(meta(res.body, 'article:published_time')).toBe('2025-05-21T08:00:00.000Z');
    expect(meta(res.body, 'twitter:card')).toBe('summary');
    expect(meta(res.body, 'twitter:description')).toContain('shared river management');
    // JSON-LD is data: the strict CSP stays as it was.
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('names a search by its state alone: unknown parameters, "show all" and tracking do not make another address', async () => {
    const res = await site.app.inject(
      '/en/search?sort=date&foo=bar&q=river&more=country&utm_source=x&page=1',
    );
    expect(res.statusCode).toBe(200);
    const canonical = 'https://news.example.org/en/search?q=river&sort=date';
    expect(documentOf(res.body).querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(canonical);
    expect(meta(res.body, 'og:url')).toBe(canonical);
    const paged = await site.app.inject('/en/search?q=river&page=2&bar=1');
    expect(documentOf(paged.body).querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(
      'https://news.example.org/en/search?page=2&q=river',
    );
  });

  it('describes an event as a schema.org Event with dates, place and organizer', async () => {
    const res = await site.app.inject('/en/event/2025/water-conference');
    expect(res.statusCode).toBe(200);
    const [event] = jsonLdOf(res.body);
    expect(event).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: 'Regional water conference',
      startDate: '2025-09-10T07:00:00.000Z',
      endDate: '2025-09-11T15:00:00.000Z',
      eventStatus: 'https://schema.org/EventScheduled',
      location: { '@type': 'Place', name: 'Hofburg, Vienna' },
      organizer: [expect.objectContaining({ '@type': 'Organization' })],
    });
  });

  it('describes the home page as the Organization and a WebSite with a search action', async () => {
    const res = await site.app.inject('/fr/');
    const data = jsonLdOf(res.body);
    expect(data.map((d) => d['@type'])).toEqual(['Organization', 'WebSite']);
    expect(data[0]).toMatchObject({ name: 'Organisation de test', url: 'https://news.example.org/fr/' });
    expect(data[1]).toMatchObject({
      potentialAction: {
        '@type': 'SearchAction',
        target: { urlTemplate: 'https://news.example.org/fr/search?q={search_term_string}' },
        'query-input': 'required name=search_term_string',
      },
    });
    const doc = documentOf(res.body);
    expect(doc.querySelector('link[hreflang="x-default"]')?.getAttribute('href')).toBe(
      'https://news.example.org/',
    );
    expect(meta(res.body, 'og:type')).toBe('website');
  });

  it('keeps a hostile title inside its JSON-LD script', async () => {
    const res = await site.app.inject('/en/press-release/2025/hostile');
    expect(res.statusCode).toBe(200);
    const doc = documentOf(res.body);
    // Only the JSON-LD element: the title did not open a script of its own.
    expect(doc.querySelectorAll('script')).toHaveLength(1);
    expect(res.body).not.toContain('<script>alert(1)');
    expect(jsonLdOf(res.body)[0]?.headline).toBe(HOSTILE);
  });

  it('lists sitemaps per year, split at the URL limit, and the embargoed item exactly at its instant', async () => {
    clock.set('2026-01-15T09:59:59.999Z');
    const before = xmlParser.parse((await site.app.inject('/sitemap.xml')).body);
    const locsBefore = asArray(before.sitemapindex.sitemap).map((s: { loc: string }) => s.loc);
    expect(locsBefore).toEqual([
      'https://news.example.org/sitemaps/pages.xml',
      'https://news.example.org/sitemaps/2019.xml',
      'https://news.example.org/sitemaps/2025-1.xml',
      'https://news.example.org/sitemaps/2025-2.xml',
    ]);
    expect((await site.app.inject('/sitemaps/2026.xml')).statusCode).toBe(404);
    expect((await site.app.inject('/sitemaps/2025.xml')).statusCode).toBe(404);

    const part1 = await site.app.inject('/sitemaps/2025-1.xml');
    expect(part1.headers['content-type']).toContain('application/xml');
    const part2 = await site.app.inject('/sitemaps/2025-2.xml');
    const urls = [part1, part2].flatMap((r) => asArray(xmlParser.parse(r.body).urlset.url));
    expect(urls).toHaveLength(4);
    const river = urls.find((u: { loc: string }) => u.loc.endsWith('/en/press-release/2025/river-plan'));
    expect(river.lastmod).toMatch(ISO_INSTANT);
    expect(
      asArray(river['xhtml:link']).map((l: Record<string, string>) => [l['@hreflang'], l['@href']]),
    ).toEqual([
      ['en', 'https://news.example.org/en/press-release/2025/river-plan'],
      ['fr', 'https://news.example.org/fr/press-release/2025/plan-rivieres'],
    ]);
    expect(JSON.stringify(urls)).not.toContain('embargoed');

    clock.set('2026-01-15T10:00:00.000Z');
    const after = xmlParser.parse((await site.app.inject('/sitemap.xml')).body);
    expect(asArray(after.sitemapindex.sitemap).map((s: { loc: string }) => s.loc)).toContain(
      'https://news.example.org/sitemaps/2026.xml',
    );
    const year = xmlParser.parse((await site.app.inject('/sitemaps/2026.xml')).body);
    expect(asArray(year.urlset.url).map((u: { loc: string }) => u.loc)).toEqual([
      'https://news.example.org/en/press-release/2026/embargoed',
    ]);
  });

  it('answers a sitemap conditional GET with 304', async () => {
    const first = await site.app.inject('/sitemaps/2019.xml');
    expect(first.statusCode).toBe(200);
    const again = await site.app.inject({
      url: '/sitemaps/2019.xml',
      headers: { 'if-none-match': first.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('lists home, listing, vocabulary and term pages with their languages', async () => {
    const res = await site.app.inject('/sitemaps/pages.xml');
    const urls = asArray(xmlParser.parse(res.body).urlset.url) as {
      loc: string;
      lastmod?: string;
      'xhtml:link': unknown;
    }[];
    const locs = urls.map((u) => u.loc);
    for (const path of [
      '/en/',
      '/fr/',
      '/en/press-release',
      '/fr/event',
      '/en/places',
      '/fr/places/freedonia',
    ])
      expect(locs).toContain(`https://news.example.org${path}`);
    const home = urls.find((u) => u.loc === 'https://news.example.org/en/');
    expect(home?.lastmod).toMatch(ISO_INSTANT);
    expect(asArray(home?.['xhtml:link'] as Record<string, string>[]).map((l) => l['@hreflang'])).toEqual([
      'en',
      'fr',
    ]);
  });

  it('answers odd sitemap names with a coded 404, never an error', async () => {
    for (const url of [
      '/sitemaps/2099.xml',
      '/sitemaps/abc.xml',
      '/sitemaps/2025-0.xml',
      '/sitemaps/2025-9.xml',
      '/sitemaps/%3Cx%3E.xml',
      '/sitemaps/2019',
    ])
      expect((await site.app.inject(url)).statusCode, url).toBe(404);
  });

  it('serves robots.txt pointing at the sitemap', async () => {
    const res = await site.app.inject('/robots.txt');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const lines = res.body.split('\n');
    expect(lines).toContain('User-agent: *');
    expect(lines).toContain('Disallow: /admin');
    expect(lines).toContain('Sitemap: https://news.example.org/sitemap.xml');
  });
});
