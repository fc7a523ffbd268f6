/**
 * The presenter of items: a database row → the API's representation, with only the fields asked
 * for (`fields=`), so related rows (tags, quotes, translations…) are read only when wanted.
 * Labels are given in the item's own language.
 */
import type { ItemRow } from '../db/schema.js';
import { DatelineError } from '../errors.js';
import {
  LISTING_COLUMNS,
  listItemAttachments,
  listItemQuotes,
  listItemSourceIds,
  listItemTags,
  listVisibleTranslations,
} from '../modules/content/items.repo.js';
import { labelIn, type Term } from '../modules/taxonomy/taxonomy.js';
import type { Site } from '../site.js';
import { itemPath } from '../web/format.js';
import { ITEM_FIELDS, type ItemField, type ItemView } from './schemas.js';

/** The fields named by a `fields=` value, `id` always included; DL_VALIDATION names the allowed ones. */
export function parseFields(raw: string | undefined, defaults: readonly ItemField[]): ReadonlySet<ItemField> {
  if (raw === undefined || raw.trim() === '') return new Set(defaults);
  const names = raw
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  const unknown = names.filter((f) => !(ITEM_FIELDS as readonly string[]).includes(f));
  if (unknown.length > 0)
    throw new DatelineError('DL_VALIDATION', `Unknown fields: ${unknown.join(', ').slice(0, 200)}.`, {
      fields: `allowed: ${ITEM_FIELDS.join(', ')}`,
    });
  return new Set<ItemField>(['id', ...(names as ItemField[])]);
}

/**
 * Every column of an item the presenter reads but its two bodies: those are kilobytes each, the
 * rest a few hundred bytes, and a list or search of the default fields shows neither (reading
 * them doubled the time of the rows query of an API search). body_html is read for `bodyHtml`.
 */
export const PRESENTED_COLUMNS = [
  ...LISTING_COLUMNS,
  'items.dateline_date',
  'items.visible_from',
  'items.translation_key',
  'items.legacy_url',
  'items.event_series_id',
  'items.correction_note',
  'items.created_at',
  'items.updated_at',
  'items.revision',
  'items.content_hash',
  'items.legacy_path',
  'items.created_by',
] as const;
type PresentedColumn = (typeof PRESENTED_COLUMNS)[number] extends `items.${infer C}` ? C : never;
/** Fails to compile when items gains a column the list above does not name. */
const everyColumnListed: Exclude<keyof ItemRow, PresentedColumn | 'body_md' | 'body_html'> extends never
  ? true
  : never = true;
void everyColumnListed;

/** A row as the presenter reads it: body_html present when the `bodyHtml` field was asked for. */
export type PresentedRow = Pick<ItemRow, PresentedColumn> & { readonly body_html?: string };

/** The columns to read for `fields`. */
export function presentedColumns(fields: ReadonlySet<ItemField>) {
  return fields.has('bodyHtml') ? ([...PRESENTED_COLUMNS, 'items.body_html'] as const) : PRESENTED_COLUMNS;
}

/** Absolute public URL of an item. */
export function itemUrl(site: Site, row: Pick<ItemRow, 'language' | 'type' | 'url_year' | 'slug'>): string {
  return `${site.config.publicUrl}${itemPath(row)}`;
}

function termRef(term: Term, language: string) {
  return { vocabulary: term.vocabularySlug, slug: term.slug, label: labelIn(term.labels, language) };
}

/** The representation of one visible item (the caller has checked visibility). */
export async function presentItem(
  site: Site,
  row: PresentedRow,
  fields: ReadonlySet<ItemField>,
  now: Date,
): Promise<ItemView> {
  const db = site.database.db;
  const taxonomy = site.taxonomy();
  const lang = row.language;
  const terms = (ids: readonly number[]) =>
    ids.map((id) => taxonomy.term(id)).filter((t): t is Term => t !== undefined);
  const view: Record<string, unknown> = { id: row.id };
  const want = (field: ItemField) => fields.has(field);
  if (want('url')) view.url = itemUrl(site, row);
  if (want('type')) view.type = row.type;
  if (want('language')) view.language = row.language;
  if (want('title')) view.title = row.title;
  if (want('slug')) view.slug = row.slug;
  if (want('summary')) view.summary = row.summary;
  if (want('bodyHtml')) view.bodyHtml = row.body_html;
  if (want('datelinePlace')) view.datelinePlace = row.dateline_place;
  if (want('datelineDate')) view.datelineDate = row.dateline_date;
  // Visible items always have a publication instant; visible_from equals it.
  if (want('publishedAt')) view.publishedAt = row.published_at ?? row.visible_from;
  if (want('updatedAt')) view.updatedAt = row.updated_at;
  if (want('correctionNote')) view.correctionNote = row.correction_note;
  if (want('sources')) view.sources = terms(await listItemSourceIds(db, row.id)).map((t) => termRef(t, lang));
  if (want('tags')) {
    view.tags = (await listItemTags(db, row.id)).flatMap((tag) => {
      const term = taxonomy.term(tag.termId);
      return term ? [{ ...termRef(term, lang), origin: tag.origin }] : [];
    });
  }
  if (want('quotes'))
    view.quotes = (await listItemQuotes(db, row.id)).map((q) => ({
      speaker: q.speaker,
      role: q.role,
      text: q.text,
    }));
  if (want('attachments'))
    view.attachments = (await listItemAttachments(db, row.id)).map((a) => ({
      title: a.title,
      fileName: a.file_name,
      mediaType: a.media_type,
      byteSize: Number(a.byte_size),
      sha256: a.sha256,
      language: a.language,
    }));
  if (want('translations'))
    view.translations = (await listVisibleTranslations(db, row, now)).map((t) => ({
      id: t.id,
      language: t.language,
      title: t.title,
      url: itemUrl(site, t),
    }));
  if (want('event')) {
    const series = row.event_series_id === null ? undefined : taxonomy.term(row.event_series_id);
    view.event =
      row.event_starts_at === null
        ? null
        : {
            startsAt: row.event_starts_at,
            endsAt: row.event_ends_at,
            venue: row.event_venue,
            series: series ? termRef(series, lang) : null,
          };
  }
  return view as ItemView;
}
