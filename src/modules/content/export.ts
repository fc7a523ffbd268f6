/**
 * `dateline export`: every public item as Dateline's own record ("dateline-item/1", the shape
 * `dateline import` reads back), with its sources, tags, quotes, attachments and event fields.
 *
 * Only what the public may read at the export's instant leaves (`visibleItems(now)`): nothing
 * embargoed, draft or withdrawn. Items are read in keyset pages (`id > last ORDER BY id`), so memory
 * holds one page whatever the size of the archive and every page costs the same (OFFSET would rescan
 * all the rows before it).
 */
import type { Kysely } from 'kysely';
import type { ContentType, Database } from '../../db/schema.js';
import { type ItemRecord, toExportRecord } from '../ingest/item-record.js';
import type { AttachmentInput, NewItemInput, QuoteInput, TermRef } from './item.types.js';
import { visibleItems } from './visibility.js';

/** What to export; every field narrows. */
export interface ExportFilter {
  readonly language?: string;
  readonly type?: ContentType;
  /** YYYY-MM-DD: items published on or after the start of that day (UTC). */
  readonly since?: string;
}

/** One exported item: its record, and what its public URL needs beyond the record. */
export interface ExportedItem {
  readonly id: number;
  /** Year segment of the item's stable URL (fixed once published, so not always the record's year). */
  readonly urlYear: number;
  readonly record: ItemRecord;
}

export const EXPORT_PAGE_SIZE = 1000;

/** Public items matching the filter at `now`, as a query to select from. */
function exportable(db: Kysely<Database>, filter: ExportFilter, now: Date) {
  let query = db.selectFrom('items').where(visibleItems(now));
  if (filter.language) query = query.where('items.language', '=', filter.language);
  if (filter.type) query = query.where('items.type', '=', filter.type);
  if (filter.since) query = query.where('items.published_at', '>=', `${filter.since}T00:00:00.000Z`);
  return query;
}

/** How many items `exportItems` will yield for the same filter and instant (for a progress total). */
export async function countExportItems(
  db: Kysely<Database>,
  filter: ExportFilter,
  now: Date,
): Promise<number> {
  const row = await exportable(db, filter, now)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A page of items (bodies included, derived columns such as body_html left out). */
function readPage(db: Kysely<Database>, filter: ExportFilter, now: Date, after: number, size: number) {
  return exportable(db, filter, now)
    .leftJoin('terms as series', 'series.id', 'items.event_series_id')
    .leftJoin('vocabularies as series_vocabulary', 'series_vocabulary.id', 'series.vocabulary_id')
    .select([
      'items.id',
      'items.type',
      'items.language',
      'items.url_year',
      'items.slug',
      'items.title',
      'items.summary',
      'items.body_md',
      'items.dateline_place',
      'items.dateline_date',
      'items.published_at',
      'items.status',
      'items.translation_key',
      'items.legacy_url',
      'items.content_hash',
      'items.event_starts_at',
      'items.event_ends_at',
      'items.event_venue',
      'series.slug as series_slug',
      'series_vocabulary.slug as series_vocabulary',
      'items.correction_note',
    ])
    .where('items.id', '>', after)
    .orderBy('items.id')
    .limit(size)
    .execute();
}

/** Groups rows by item id, keeping their order. */
function byItem<T extends { item_id: number }, U>(rows: readonly T[], map: (row: T) => U): Map<number, U[]> {
  const groups = new Map<number, U[]>();
  for (const row of rows) {
    const group = groups.get(row.item_id);
    if (group) group.push(map(row));
    else groups.set(row.item_id, [map(row)]);
  }
  return groups;
}

interface Related {
  readonly sources: Map<number, TermRef[]>;
  readonly tags: Map<number, TermRef[]>;
  readonly quotes: Map<number, QuoteInput[]>;
  readonly attachments: Map<number, AttachmentInput[]>;
}

/**
 * Sources, tags, quotes and attachments of one page of items: four queries per page, never one per
 * item. Ids are listed (at most a page of them) rather than given as a range, because a range
 * between two public items may span any number of drafts whose rows would be read for nothing.
 */
async function readRelated(db: Kysely<Database>, ids: readonly number[]): Promise<Related> {
  const [sources, tags, quotes, attachments] = await Promise.all([
    db
      .selectFrom('item_sources')
      .innerJoin('terms', 'terms.id', 'item_sources.term_id')
      .innerJoin('vocabularies', 'vocabularies.id', 'terms.vocabulary_id')
      .select(['item_sources.item_id', 'vocabularies.slug as vocabulary', 'terms.slug'])
      .where('item_sources.item_id', 'in', ids)
      .orderBy('item_sources.item_id')
      .orderBy('item_sources.position')
      .execute(),
    // Tags have no order of their own: by vocabulary and slug, the same in every database (term ids
    // differ between the exporting site and the one importing).
    db
      .selectFrom('item_tags')
      .innerJoin('terms', 'terms.id', 'item_tags.term_id')
      .innerJoin('vocabularies', 'vocabularies.id', 'terms.vocabulary_id')
      .select([
        'item_tags.item_id',
        'vocabularies.slug as vocabulary',
        'terms.slug',
        'item_tags.origin',
        'item_tags.confidence',
      ])
      .where('item_tags.item_id', 'in', ids)
      .orderBy('item_tags.item_id')
      .orderBy('vocabularies.slug')
      .orderBy('terms.slug')
      .execute(),
    db
      .selectFrom('quotes')
      .innerJoin('people', 'people.id', 'quotes.person_id')
      .select(['quotes.item_id', 'people.name as speaker', 'quotes.role', 'quotes.text'])
      .where('quotes.item_id', 'in', ids)
      .orderBy('quotes.item_id')
      .orderBy('quotes.position')
      .execute(),
    db
      .selectFrom('attachments')
      .select(['item_id', 'title', 'file_name', 'media_type', 'byte_size', 'sha256', 'language'])
      .where('item_id', 'in', ids)
      .orderBy('item_id')
      .orderBy('position')
      .execute(),
  ]);
  const ref = (r: { vocabulary: string; slug: string }): TermRef => ({
    vocabulary: r.vocabulary,
    slug: r.slug,
  });
  // Machine-made tags leave with their origin and confidence, so a re-import keeps them apart from
  // editors' tags (PostgreSQL stores confidence in single precision: rounded back).
  const tag = (r: {
    vocabulary: string;
    slug: string;
    origin: string;
    confidence: number | null;
  }): TermRef =>
    r.origin === 'machine'
      ? {
          ...ref(r),
          origin: 'machine',
          ...(r.confidence !== null ? { confidence: Math.round(Number(r.confidence) * 1e6) / 1e6 } : {}),
        }
      : ref(r);
  return {
    sources: byItem(sources, ref),
    tags: byItem(tags, tag),
    quotes: byItem(quotes, (q) => ({ speaker: q.speaker, role: q.role, text: q.text })),
    attachments: byItem(attachments, (a) => ({
      title: a.title,
      fileName: a.file_name,
      mediaType: a.media_type,
      // PostgreSQL may hand a bigint back as a string.
      byteSize: Number(a.byte_size),
      sha256: a.sha256,
      language: a.language,
    })),
  };
}

type PageRow = Awaited<ReturnType<typeof readPage>>[number];

/** The item input a row and its related rows stand for: what `createItem` would need to make it again. */
function itemInput(row: PageRow, related: Related): NewItemInput {
  const series =
    row.series_vocabulary !== null && row.series_slug !== null
      ? { vocabulary: row.series_vocabulary, slug: row.series_slug }
      : null;
  return {
    type: row.type,
    language: row.language,
    title: row.title,
    slug: row.slug,
    summary: row.summary,
    bodyMarkdown: row.body_md,
    datelinePlace: row.dateline_place,
    datelineDate: row.dateline_date,
    publishedAt: row.published_at,
    status: row.status,
    translationKey: row.translation_key,
    legacyUrl: row.legacy_url,
    contentHash: row.content_hash,
    sources: related.sources.get(row.id) ?? [],
    tags: related.tags.get(row.id) ?? [],
    quotes: related.quotes.get(row.id) ?? [],
    attachments: related.attachments.get(row.id) ?? [],
    event:
      row.event_starts_at === null
        ? null
        : { startsAt: row.event_starts_at, endsAt: row.event_ends_at, venue: row.event_venue, series },
    correctionNote: row.correction_note,
  };
}

/**
 * Every public item matching `filter` at `now`, in id order. One instant for the whole export: an
 * embargo lifting halfway through neither adds an item to a later page nor disagrees with the count.
 */
export async function* exportItems(
  db: Kysely<Database>,
  filter: ExportFilter,
  now: Date,
  options: { readonly pageSize?: number } = {},
): AsyncGenerator<ExportedItem> {
  const size = options.pageSize ?? EXPORT_PAGE_SIZE;
  let last = 0;
  for (;;) {
    const rows = await readPage(db, filter, now, last, size);
    if (rows.length === 0) return;
    const related = await readRelated(
      db,
      rows.map((r) => r.id),
    );
    for (const row of rows)
      yield { id: row.id, urlYear: row.url_year, record: toExportRecord(itemInput(row, related)) };
    if (rows.length < size) return;
    last = rows[rows.length - 1]!.id;
  }
}

/** Columns of the CSV export, named so that `dateline import` recognizes them (see readers/records.ts). */
export const CSV_COLUMNS = [
  'id',
  'type',
  'language',
  'title',
  'summary',
  'body',
  'dateline_place',
  'dateline_date',
  'published_at',
  'url',
  'legacy_url',
  'sources',
  'tags',
  'translation_key',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/**
 * Spreadsheets run a cell that starts with =, +, -, @ (or a tab or carriage return before one) as
 * a formula ("CSV injection"): such a cell gets a leading apostrophe, which they show as text.
 * The apostrophe stays in the data: an importer reading these cells sees it.
 */
export function neutralizeFormula(cell: string): string {
  return /^[=+\-@\t\r]/u.test(cell) ? `'${cell}` : cell;
}

const refList = (refs: readonly TermRef[] | undefined) =>
  (refs ?? []).map((r) => `${r.vocabulary}/${r.slug}`).join(';');

/** The CSV row of an exported item; `url` is its public address. Every cell is text, formulas defused. */
export function csvRow(item: ExportedItem, url: string): Record<CsvColumn, string> {
  const { record } = item;
  const cells: Record<CsvColumn, string | null | undefined> = {
    id: String(item.id),
    type: record.type,
    language: record.language,
    title: record.title,
    summary: record.summary,
    body: record.bodyMarkdown,
    dateline_place: record.datelinePlace,
    dateline_date: record.datelineDate,
    published_at: record.publishedAt,
    url,
    legacy_url: record.legacyUrl,
    sources: refList(record.sources),
    tags: refList(record.tags),
    translation_key: record.translationKey,
  };
  return Object.fromEntries(
    CSV_COLUMNS.map((column) => [column, neutralizeFormula(cells[column] ?? '')]),
  ) as Record<CsvColumn, string>;
}
