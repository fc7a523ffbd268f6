/** `dateline import` of plain-text page dumps: extraction, matching, idempotency, bad files. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TermMatcher } from '../src/modules/enrich/term-matcher.js';
import { collectFiles, type FileReport, importFile } from '../src/modules/ingest/import.service.js';
import { labelIn } from '../src/modules/taxonomy/taxonomy.js';
import { describeEachDialect } from './databases.js';
import { createTestSite, OSCE_PROFILE, type TestSite } from './site.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'import');

/** What importFile needs, from a test site. */
function importContext(site: TestSite) {
  const taxonomy = site.app.site.taxonomy();
  return {
    db: site.database.db,
    taxonomy,
    profile: site.app.site.profile,
    matcher: new TermMatcher(taxonomy, ['OSCE']),
    now: () => site.clock.now(),
  };
}

describeEachDialect('import of text pages', (dialect) => {
  let site: TestSite;
  let run: (options?: { dryRun?: boolean; mapping?: Map<string, string> }) => Promise<FileReport[]>;

  beforeAll(async () => {
    site = await createTestSite(dialect, { profile: OSCE_PROFILE });
    run = async (options = {}) => {
      const context = importContext(site);
      const reports: FileReport[] = [];
      for (const file of collectFiles([FIXTURES])) reports.push(await importFile(context, file, options));
      site.app.site.contentChanged();
      return reports;
    };
  });
  afterAll(() => site.close());

  const byFile = (reports: FileReport[], name: string) =>
    reports.find((r) => path.basename(r.file) === name)!;
  const count = async () =>
    Number(
      (
        await site.database.db
          .selectFrom('items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('previews without writing anything', async () => {
    const reports = await run({ dryRun: true });
    expect(byFile(reports, 'workshop-2019.txt').outcome).toBe('would-create');
    expect(await count()).toBe(0);
  });

  it('imports a page into a structured item, reporting what matched no term', async () => {
    const reports = await run();
    const workshop = byFile(reports, 'workshop-2019.txt');
    expect(workshop.outcome).toBe('created');
    expect(workshop.item).toMatchObject({
      type: 'press-release',
      title: 'Border police from three countries train together on document fraud in Belgrade',
      datelinePlace: 'BELGRADE',
      publishedAt: '2019-03-14T12:00:00.000Z',
      status: 'published',
      sources: [
        { vocabulary: 'field-operations', slug: 'mission-to-serbia' },
        { vocabulary: 'structures', slug: 'secretariat' },
      ],
      tags: [
        { vocabulary: 'fields-of-work', slug: 'border-management' },
        { vocabulary: 'fields-of-work', slug: 'policing' },
      ],
      quotes: [{ speaker: 'Marta Kowalczyk', role: 'Head of the Border Unit at the OSCE Secretariat' }],
    });
    expect(workshop.unmatched).toEqual([{ field: 'fieldsOfWork', label: 'Unknown Field Of Our Own' }]);
    expect(workshop.item?.bodyMarkdown?.split('\n\n')).toHaveLength(5);
    expect(workshop.item?.bodyMarkdown).not.toMatch(/Fields of work|About us|Mission to Skopje/);
    const page = await site.app.inject(
      '/en/press-release/2019/border-police-from-three-countries-train-together-on-document-fraud-in-belgrade',
    );
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<span class="dateline__place">BELGRADE</span>');
    expect(page.body).toContain('Marta Kowalczyk');
  });

  it('keeps going past broken files and says why each failed', async () => {
    const reports = await run();
    expect(byFile(reports, 'broken.txt')).toMatchObject({
      outcome: 'failed',
      reason: expect.stringMatching(/binary/),
    });
    expect(byFile(reports, 'navigation-only.txt')).toMatchObject({
      outcome: 'failed',
      reason: expect.stringMatching(/No article found/),
    });
  });

  it('imports nothing twice on a rerun', async () => {
    const before = await count();
    const reports = await run();
    expect(byFile(reports, 'workshop-2019.txt').outcome).toBe('skipped');
    expect(await count()).toBe(before);
  });

  it('imports a page without a date as a draft, invisible to the public', async () => {
    const notice = byFile(await run({ dryRun: true }), 'notice-no-date.txt');
    expect(notice.outcome).toBe('skipped');
    expect(notice.item).toMatchObject({ type: 'news', status: 'draft', publishedAt: null });
    expect((await site.app.inject('/en/news')).body).not.toContain('Regional youth forum opens registration');
  });
});

const SEED = path.join(import.meta.dirname, '..', '..', 'shared', 'seed');
const seedPresent = fs.existsSync(path.join(SEED, 'expected-item.json'));

describeEachDialect('import of the seed page', (dialect) => {
  it.skipIf(!seedPresent)('becomes the item a press officer would enter (expected-item.json)', async () => {
    const expected = JSON.parse(fs.readFileSync(path.join(SEED, 'expected-item.json'), 'utf8'));
    const site = await createTestSite(dialect, { profile: OSCE_PROFILE });
    try {
      const taxonomy = site.app.site.taxonomy();
      const report = await importFile(
        importContext(site),
        path.join(SEED, 'osce-press-release-police-experts-2010.txt'),
      );
      expect(report.outcome).toBe('created');
      const item = report.item!;
      const label = (ref: { vocabulary: string; slug: string }) =>
        labelIn(taxonomy.termBySlug(ref.vocabulary, ref.slug)!.labels, 'en');
      expect(item.type).toBe(expected.type);
      expect(item.title).toBe(expected.title);
      expect(item.language).toBe(expected.language);
      expect(item.datelinePlace).toBe(expected.dateline.place);
      expect(String(item.publishedAt).slice(0, 10)).toBe(expected.dateline.date);
      expect(
        item.sources!.map((s) => taxonomy.termBySlug(s.vocabulary, s.slug)!.aliases.concat(label(s))),
      ).toEqual(expected.sources.map((s: string) => expect.arrayContaining([s])));
      expect(
        item
          .tags!.map(label)
          .map((l) => l.toLowerCase())
          .sort(),
      ).toEqual(expected.tags['fields-of-work'].map((l: string) => l.toLowerCase()).sort());
      expect(item.quotes!.map((q) => ({ speaker: q.speaker, role: q.role }))).toEqual(
        expected.quotes.map((q: { speaker: string; role: string }) => ({ speaker: q.speaker, role: q.role })),
      );
      expect(item.quotes![0]!.text.startsWith(expected.quotes[0].startsWith)).toBe(true);
      expect(report.people).toEqual(expect.arrayContaining(expected.people));
      const paragraphs = item.bodyMarkdown!.split('\n\n');
      expect(paragraphs).toHaveLength(expected.body.paragraphs);
      expect(paragraphs[0]!.startsWith(expected.body.startsWith)).toBe(true);
      expect(paragraphs.at(-1)!.endsWith(expected.body.endsWith)).toBe(true);
    } finally {
      await site.close();
    }
  });
});

describeEachDialect('import of an HTML page', (dialect) => {
  it('imports a press-release page and redirects its canonical address to the item', async () => {
    const site = await createTestSite(dialect, { profile: OSCE_PROFILE });
    try {
      const report = await importFile(
        importContext(site),
        path.join(import.meta.dirname, 'fixtures', 'html', 'press-release.html'),
      );
      site.app.site.contentChanged();
      expect(report.outcome).toBe('created');
      expect(report.item).toMatchObject({
        type: 'press-release',
        title: 'Customs officers from five countries train together on tracing smuggled goods',
        datelinePlace: 'VIENNA',
        publishedAt: '2021-04-12T12:00:00.000Z',
        status: 'published',
        legacyUrl: 'https://www.example.org/newsroom/press-releases/2021/customs-officers-train-together',
        sources: [{ vocabulary: 'structures', slug: 'secretariat' }],
        tags: [
          { vocabulary: 'fields-of-work', slug: 'border-management' },
          { vocabulary: 'fields-of-work', slug: 'policing' },
        ],
        quotes: [{ speaker: 'Anna Lindqvist' }],
      });
      const body = report.item?.bodyMarkdown ?? '';
      expect(body).toMatch(/^<p>VIENNA, 12 April 2021 – Customs and border officers/);
      expect(body).not.toMatch(
        /About us|Newsroom|cookies|Share this page|Related news|newsletter|Privacy policy|©/,
      );

      const moved = await site.app.inject('/newsroom/press-releases/2021/customs-officers-train-together');
      expect(moved.statusCode).toBe(301);
      expect(moved.headers.location).toMatch(
        /^\/en\/press-release\/2021\/customs-officers-from-five-countries/,
      );
      const page = await site.app.inject(String(moved.headers.location));
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<span class="dateline__place">VIENNA</span>');
      expect(page.body).toContain('learn to trust each other’s judgement');
      expect(page.body).not.toMatch(/We use cookies|Border guards meet in Skopje|All rights reserved/);
    } finally {
      await site.close();
    }
  });
});
