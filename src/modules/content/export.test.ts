import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/databases.js';
import { pressRelease } from '../../../test/factories.js';
import { createTestSite, type TestSite } from '../../../test/site.js';
import { fromExportRecord, ITEM_RECORD_FORMAT } from '../ingest/item-record.js';
import {
  CSV_COLUMNS,
  countExportItems,
  csvRow,
  type ExportedItem,
  type ExportFilter,
  exportItems,
  neutralizeFormula,
} from './export.js';
import type { NewItemInput } from './item.types.js';

const FULL: NewItemInput = pressRelease({
  type: 'event',
  title: 'Water conference in Fredonia City',
  slug: 'water-conference',
  datelineDate: '2025-03-02',
  translationKey: 'water-2025',
  legacyUrl: 'https://old.example.org/news/1',
  contentHash: 'abc123',
  correctionNote: 'The venue was corrected.',
  quotes: [
    { speaker: 'Anna Lindqvist', role: 'Head of Office', text: 'Water connects us.' },
    { speaker: 'Petar Novak', role: null, text: 'Rivers know no borders.' },
  ],
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
    venue: 'Town hall',
    series: { vocabulary: 'topics', slug: 'water' },
  },
  tags: [
    { vocabulary: 'topics', slug: 'water' },
    { vocabulary: 'places', slug: 'freedonia' },
    { vocabulary: 'topics', slug: 'roads', origin: 'machine', confidence: 0.91 },
  ],
});

const EMBARGO = '2026-01-15T10:00:00.000Z';

/** Records every query the export sends, to check how it pages. */
function recorder(): KyselyPlugin & { pages: () => number; offsets: () => number } {
  const selects: RootOperationNode[] = [];
  const pageQuery = (n: RootOperationNode) => n.kind === 'SelectQueryNode' && n.limit !== undefined;
  return {
    transformQuery: ({ node }) => {
      selects.push(node);
      return node;
    },
    transformResult: async ({ result }) => result,
    pages: () => selects.filter(pageQuery).length,
    offsets: () => selects.filter((n) => n.kind === 'SelectQueryNode' && n.offset !== undefined).length,
  };
}

describeEachDialect('export of public items', (dialect) => {
  let site: TestSite;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    site = await createTestSite(dialect);
    site.clock.set('2026-01-15T09:00:00.000Z');
    ids.full = await site.addItem(FULL);
    ids.draft = await site.addItem(pressRelease({ status: 'draft' }));
    ids.review = await site.addItem(pressRelease({ status: 'in_review' }));
    ids.withdrawn = await site.addItem(pressRelease({ status: 'withdrawn' }));
    ids.embargoed = await site.addItem(pressRelease({ status: 'scheduled', publishedAt: EMBARGO }));
    ids.french = await site.addItem(
      pressRelease({
        language: 'fr',
        title: 'Conférence sur l’eau',
        translationKey: 'water-2025',
        publishedAt: '2025-03-04T09:00:00.000Z',
      }),
    );
    ids.archived = await site.addItem(
      pressRelease({ type: 'news', status: 'archived', publishedAt: '2010-05-21T08:00:00.000Z' }),
    );
  });
  afterAll(() => site?.close());

  const exported = async (filter: ExportFilter = {}, pageSize?: number) => {
    const items: ExportedItem[] = [];
    const options = pageSize ? { pageSize } : {};
    for await (const item of exportItems(site.database.db, filter, site.clock.now(), options))
      items.push(item);
    return items;
  };

  it('exports every field of an item as the record `dateline import` reads back', async () => {
    const full = (await exported()).find((i) => i.id === ids.full);
    expect(full?.urlYear).toBe(2025);
    expect(full?.record).toEqual({
      ...FULL,
      format: ITEM_RECORD_FORMAT,
      // Sorted by vocabulary and slug; the series is one of the tags. The machine-made tag keeps
      // its origin and confidence.
      tags: [
        { vocabulary: 'places', slug: 'freedonia' },
        { vocabulary: 'topics', slug: 'roads', origin: 'machine', confidence: 0.91 },
        { vocabulary: 'topics', slug: 'water' },
      ],
    });
    expect(() => fromExportRecord(JSON.parse(JSON.stringify(full?.record)))).not.toThrow();
  });

  it('leaves out drafts, items in review, withdrawn and embargoed items; an embargo lifts at its instant', async () => {
    const public_ = [ids.full, ids.french, ids.archived];
    expect((await exported()).map((i) => i.id)).toEqual(public_);
    expect(await countExportItems(site.database.db, {}, site.clock.now())).toBe(3);
    site.clock.set(new Date(Date.parse(EMBARGO) - 1));
    expect((await exported()).map((i) => i.id)).toEqual(public_);
    site.clock.set(EMBARGO);
    expect((await exported()).map((i) => i.id)).toEqual([...public_, ids.embargoed].sort((a, b) => a! - b!));
    expect(await countExportItems(site.database.db, {}, site.clock.now())).toBe(4);
    site.clock.set('2026-01-15T09:00:00.000Z');
  });

  it('narrows by language, type and publication day, and counts the same', async () => {
    for (const [filter, expected] of [
      [{ language: 'fr' }, [ids.french]],
      [{ type: 'event' }, [ids.full]],
      [{ since: '2025-03-04' }, [ids.french]],
      [{ since: '2025-03-03', language: 'en' }, [ids.full]],
      [{ type: 'news', since: '2011-01-01' }, []],
    ] as const) {
      expect(
        (await exported(filter)).map((i) => i.id),
        JSON.stringify(filter),
      ).toEqual(expected);
      expect(await countExportItems(site.database.db, filter, site.clock.now())).toBe(expected.length);
    }
  });

  it('reads keyset pages lazily: the next page only once the previous one is used up, never OFFSET', async () => {
    const log = recorder();
    const db = site.database.db.withPlugin(log);
    const pagesAtItem: number[] = [];
    for await (const _item of exportItems(db, {}, site.clock.now(), { pageSize: 2 }))
      pagesAtItem.push(log.pages());
    // Three public items in pages of two: items 1–2 from page 1, item 3 from page 2 (a short page ends it).
    expect(pagesAtItem).toEqual([1, 1, 2]);
    expect(log.pages()).toBe(2);
    expect(log.offsets()).toBe(0);
  });
});

describe('CSV rows of the export', () => {
  const item: ExportedItem = {
    id: 7,
    urlYear: 2025,
    record: {
      format: ITEM_RECORD_FORMAT,
      type: 'news',
      language: 'en',
      title: '=HYPERLINK("http://evil.example")',
      slug: 'x',
      summary: 'Plain, with "quotes"',
      bodyMarkdown: '- a list first\n\nthen text',
      datelinePlace: null,
      publishedAt: '2025-03-03T10:00:00.000Z',
      status: 'published',
      legacyUrl: null,
      translationKey: 'k',
      sources: [{ vocabulary: 'offices', slug: 'field-office' }],
      tags: [
        { vocabulary: 'places', slug: 'freedonia' },
        { vocabulary: 'topics', slug: 'water' },
      ],
    },
  };

  it('holds every column, lists as vocabulary/slug separated by ";", formulas defused', () => {
    const row = csvRow(item, 'https://example.org/en/news/2025/x');
    expect(Object.keys(row)).toEqual([...CSV_COLUMNS]);
    expect(row).toEqual({
      id: '7',
      type: 'news',
      language: 'en',
      title: `'=HYPERLINK("http://evil.example")`,
      summary: 'Plain, with "quotes"',
      body: "'- a list first\n\nthen text",
      dateline_place: '',
      dateline_date: '',
      published_at: '2025-03-03T10:00:00.000Z',
      url: 'https://example.org/en/news/2025/x',
      legacy_url: '',
      sources: 'offices/field-office',
      tags: 'places/freedonia;topics/water',
      translation_key: 'k',
    });
  });

  it('prefixes exactly the cells a spreadsheet would run', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1'])
      expect(neutralizeFormula(cell)).toBe(`'${cell}`);
    for (const cell of ['', 'a=b', ' =1', 'Vienna', "'quoted"]) expect(neutralizeFormula(cell)).toBe(cell);
  });
});
