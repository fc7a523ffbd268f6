/** `dateline import` of many-item sources: feeds (files and URLs), JSONL, CSV and Dateline's own export. */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TermMatcher } from '../src/modules/enrich/term-matcher.js';
import { type FileReport, importSource } from '../src/modules/ingest/import.service.js';
import { toExportRecord } from '../src/modules/ingest/item-record.js';
import { describeEachDialect } from './databases.js';
import { createTestSite, OSCE_PROFILE, type TestSite } from './site.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

describeEachDialect('import of feeds, records and exports', (dialect) => {
  let site: TestSite;
  let run: (source: string, options?: { dryRun?: boolean }) => Promise<FileReport[]>;
  const count = async () =>
    Number(
      (
        await site.database.db
          .selectFrom('items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    site = await createTestSite(dialect, { profile: OSCE_PROFILE });
    const taxonomy = site.app.site.taxonomy();
    const context = {
      db: site.database.db,
      taxonomy,
      profile: site.app.site.profile,
      matcher: new TermMatcher(taxonomy, ['OSCE']),
      now: () => site.clock.now(),
    };
    run = async (source, options = {}) => {
      const reports: FileReport[] = [];
      for await (const report of importSource(context, source, {
        ...options,
        read: { fetchTimeoutMs: 3_000 },
      }))
        reports.push(report);
      site.app.site.contentChanged();
      return reports;
    };
  });
  afterAll(() => site.close());

  it('imports each feed entry as its own item; categories of any kind are matched or reported', async () => {
    const feed = path.join(FIXTURES, 'feeds', 'rss2-field-updates.xml');
    const reports = await run(feed);
    expect(reports.map((r) => [path.basename(r.file), r.outcome])).toEqual([
      ['rss2-field-updates.xml#1', 'created'],
      ['rss2-field-updates.xml#2', 'created'],
      ['rss2-field-updates.xml#3', 'failed'],
    ]);
    expect(reports[0]!.item).toMatchObject({
      title: 'Border police from two countries train on document checks in Belgrade',
      datelinePlace: 'BELGRADE',
      publishedAt: '2020-09-15T12:00:00.000Z',
      legacyUrl: 'https://updates.example.org/report/border-police-train-belgrade',
      sources: [{ vocabulary: 'field-operations', slug: 'mission-to-serbia' }],
      tags: expect.arrayContaining([
        { vocabulary: 'countries', slug: 'serbia' },
        { vocabulary: 'fields-of-work', slug: 'border-management' },
      ]),
    });
    expect(reports[0]!.unmatched).toEqual(
      expect.arrayContaining([
        { field: 'categories', label: 'Invented Theme Nobody Has' },
        { field: 'sources', label: 'Field Updates' },
      ]),
    );
    expect(reports[0]!.item?.bodyMarkdown).not.toMatch(/script|onclick/u);
    const moved = await site.app.inject('/report/border-police-train-belgrade');
    expect(moved.statusCode).toBe(301);

    const before = await count();
    expect((await run(feed)).map((r) => r.outcome)).toEqual(['skipped', 'skipped', 'failed']);
    expect(await count()).toBe(before);
  });

  it('imports JSONL and CSV records one by one, bad ones failing alone', async () => {
    const jsonl = await run(path.join(FIXTURES, 'records', 'reports.jsonl'));
    expect(jsonl.map((r) => r.outcome)).toEqual(['created', 'failed', 'failed', 'created']);
    expect(jsonl[0]!.item).toMatchObject({
      type: 'press-release',
      sources: [{ vocabulary: 'structures', slug: 'secretariat' }],
      tags: [{ vocabulary: 'fields-of-work', slug: 'border-management' }],
    });
    const csv = await run(path.join(FIXTURES, 'records', 'stories.csv'));
    expect(csv.map((r) => r.outcome)).toEqual(['created', 'failed', 'created']);
    expect(csv[1]!.reason).toMatch(/No body/u);
  });

  it('imports its own export back into an equal item, once', async () => {
    const input = {
      type: 'statement',
      language: 'en',
      title: 'Statement on the anniversary of the Helsinki Final Act',
      summary: 'The Chair marks the anniversary.',
      bodyMarkdown: 'VIENNA, 1 August 2020 – The Chair marked the anniversary.',
      datelinePlace: 'VIENNA',
      datelineDate: null,
      publishedAt: '2020-08-01T12:00:00.000Z',
      status: 'published',
      legacyUrl: 'https://www.example.org/statements/helsinki-anniversary',
      contentHash: 'export-test-hash',
      sources: [{ vocabulary: 'structures', slug: 'secretariat' }],
      tags: [{ vocabulary: 'fields-of-work', slug: 'policing' }],
      quotes: [],
    } as const;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-export-'));
    const file = path.join(dir, 'export.jsonl');
    fs.writeFileSync(
      file,
      `${JSON.stringify(toExportRecord(input))}\n{"format":"dateline-item/1","type":"news"}\n`,
    );
    try {
      const reports = await run(file);
      expect(reports.map((r) => r.outcome)).toEqual(['created', 'failed']);
      expect(reports[1]!.reason).toMatch(/^DL_VALIDATION: Field "language"/u);
      const row = await site.database.db
        .selectFrom('items')
        .selectAll()
        .where('id', '=', reports[0]!.itemId!)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        type: input.type,
        language: input.language,
        title: input.title,
        summary: input.summary,
        body_md: input.bodyMarkdown,
        dateline_place: input.datelinePlace,
        published_at: input.publishedAt,
        status: input.status,
        legacy_url: input.legacyUrl,
        content_hash: input.contentHash,
      });
      expect((await run(file)).map((r) => r.outcome)).toEqual(['skipped', 'failed']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fetches a feed URL, and says clearly when a URL cannot be read', async () => {
    const atom = fs.readFileSync(path.join(FIXTURES, 'feeds', 'atom-statements.atom'));
    const server = http.createServer((request, response) => {
      if (request.url === '/feed.atom')
        response.writeHead(200, { 'content-type': 'application/atom+xml' }).end(atom);
      else response.writeHead(404).end('gone');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const reports = await run(`${base}/feed.atom`, { dryRun: true });
      expect(reports.map((r) => [r.file, r.outcome])).toEqual([
        [`${base}/feed.atom#1`, 'would-create'],
        [`${base}/feed.atom#2`, 'would-create'],
      ]);
      expect((await run(`${base}/missing.xml`))[0]).toMatchObject({
        outcome: 'failed',
        reason: expect.stringMatching(/^DL_SOURCE_UNREACHABLE: .*answered HTTP 404/u),
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect((await run(base))[0]).toMatchObject({
      outcome: 'failed',
      reason: expect.stringMatching(/^DL_SOURCE_UNREACHABLE: Could not fetch/u),
    });
  });
});
