/**
 * Feed entries for a page of listed items: the full rows (bodies, edit instants), attachments and
 * tag labels, read in three queries however long the feed. The caller has already chosen the
 * items with a visibility-checked listing or search; this only reads them in that order.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { itemPath } from '../format.js';
import { labelIn, type Taxonomy } from '../../modules/taxonomy/taxonomy.js';
import type { FeedEntry } from '../../modules/syndication/feed.js';
import { absoluteUrl, attachmentPath, itemTagUri } from '../../modules/syndication/identity.js';

export type ContentChoice = 'full' | 'summary';

export interface EntryOptions {
  readonly publicUrl: string;
  readonly taxonomy: Taxonomy;
  /** Language of category labels. */
  readonly language: string;
  readonly content: ContentChoice;
}

/** Entries for `itemIds`, in that order; ids that no longer exist are skipped. */
export async function loadFeedEntries(
  db: Kysely<Database>,
  itemIds: readonly number[],
  options: EntryOptions,
): Promise<FeedEntry[]> {
  if (itemIds.length === 0) return [];
  const ids = [...itemIds];
  const [rows, attachments, tags, sources] = await Promise.all([
    db
      .selectFrom('items')
      .select([
        'id',
        'type',
        'language',
        'url_year',
        'slug',
        'title',
        'summary',
        'body_html',
        'published_at',
        'created_at',
        'updated_at',
        'event_starts_at',
        'event_ends_at',
        'event_venue',
      ])
      .where('id', 'in', ids)
      .execute(),
    // Only files whose bytes are stored: an enclosure must download (imports may bring metadata only).
    db
      .selectFrom('attachments')
      .innerJoin('attachment_blobs', 'attachment_blobs.sha256', 'attachments.sha256')
      .select([
        'attachments.item_id',
        'attachments.title',
        'attachments.file_name',
        'attachments.media_type',
        'attachments.byte_size',
      ])
      .where('attachments.item_id', 'in', ids)
      .orderBy('attachments.item_id')
      .orderBy('attachments.position')
      .execute(),
    db.selectFrom('item_tags').select(['item_id', 'term_id']).where('item_id', 'in', ids).execute(),
    db
      .selectFrom('item_sources')
      .select(['item_id', 'term_id'])
      .where('item_id', 'in', ids)
      .orderBy('position')
      .execute(),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const termIdsOf = groupBy([...sources, ...tags], (r) => r.item_id);
  const filesOf = groupBy(attachments, (a) => a.item_id);
  const entries: FeedEntry[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    // A listed item always has a publication instant; the guard keeps the types honest.
    if (!row || row.published_at === null) continue;
    const path = itemPath(row);
    const categories = new Set<string>();
    for (const { term_id } of termIdsOf.get(id) ?? []) {
      const term = options.taxonomy.term(term_id);
      if (term) categories.add(labelIn(term.labels, options.language));
    }
    entries.push({
      id: itemTagUri(options.publicUrl, row.created_at, row.id),
      itemId: row.id,
      url: absoluteUrl(options.publicUrl, path),
      title: row.title,
      summary: row.summary,
      contentHtml: options.content === 'full' ? row.body_html : null,
      language: row.language,
      published: row.published_at,
      // An item written before its embargo lifted was last edited "before" it was published;
      // readers must never see a modification earlier than the publication.
      updated: laterInstant(row.updated_at, row.published_at),
      categories: [...categories],
      enclosures: (filesOf.get(id) ?? []).map((a) => ({
        url: absoluteUrl(options.publicUrl, attachmentPath(path, a.file_name)),
        title: a.title,
        mediaType: a.media_type,
        byteSize: Number(a.byte_size),
      })),
      event: row.event_starts_at
        ? { startsAt: row.event_starts_at, endsAt: row.event_ends_at, venue: row.event_venue }
        : null,
    });
  }
  return entries;
}

/** The later of two ISO-8601 UTC instants (fixed-width strings: text order is time order). */
function laterInstant(a: string, b: string): string {
  return b < a ? a : b;
}

function groupBy<T, K>(list: readonly T[], key: (x: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const x of list) {
    const k = key(x);
    const group = map.get(k);
    if (group) group.push(x);
    else map.set(k, [x]);
  }
  return map;
}
