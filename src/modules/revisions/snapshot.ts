/**
 * A revision snapshot: every field an editor can change, plus status and publication instant for
 * the record. Terms are kept as `vocabulary/slug` (readable in a diff, and restorable into the
 * form); a snapshot is a whole state, so any two can be compared and any one restored.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, ItemRow, TagOrigin } from '../../db/schema.js';
import type { Taxonomy } from '../taxonomy/taxonomy.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface SnapshotTag {
  /** `vocabulary/slug` */
  readonly term: string;
  readonly origin: TagOrigin;
  readonly confidence: number | null;
}

export interface SnapshotQuote {
  readonly speaker: string;
  readonly role: string | null;
  readonly text: string;
}

export interface SnapshotEvent {
  readonly startsAt: string | null;
  readonly endsAt: string | null;
  readonly venue: string | null;
  /** `vocabulary/slug` of the meeting series, or null. */
  readonly series: string | null;
}

export interface RevisionSnapshot {
  readonly type: string;
  readonly language: string;
  readonly title: string;
  readonly slug: string;
  readonly summary: string;
  readonly bodyMarkdown: string;
  readonly datelinePlace: string | null;
  readonly datelineDate: string | null;
  readonly translationKey: string | null;
  readonly sources: readonly string[];
  readonly tags: readonly SnapshotTag[];
  readonly quotes: readonly SnapshotQuote[];
  readonly event: SnapshotEvent | null;
  readonly correctionNote: string | null;
  /** Recorded, never restored: status and publication belong to the workflow. */
  readonly status: string;
  readonly publishedAt: string | null;
  /** File names, recorded for the history; files are added and removed on their own. */
  readonly attachments: readonly string[];
}

function termKey(taxonomy: Taxonomy, termId: number): string {
  const term = taxonomy.term(termId);
  return term ? `${term.vocabularySlug}/${term.slug}` : `term/${termId}`;
}

/** The item's stored state as a snapshot (read inside the caller's transaction when there is one). */
export async function readSnapshot(db: Db, item: ItemRow, taxonomy: Taxonomy): Promise<RevisionSnapshot> {
  const [sources, tags, quotes, attachments] = await Promise.all([
    db
      .selectFrom('item_sources')
      .select('term_id')
      .where('item_id', '=', item.id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('item_tags')
      .select(['term_id', 'origin', 'confidence'])
      .where('item_id', '=', item.id)
      .orderBy('term_id')
      .execute(),
    db
      .selectFrom('quotes')
      .innerJoin('people', 'people.id', 'quotes.person_id')
      .select(['people.name as speaker', 'quotes.role', 'quotes.text'])
      .where('quotes.item_id', '=', item.id)
      .orderBy('quotes.position')
      .execute(),
    db
      .selectFrom('attachments')
      .select('file_name')
      .where('item_id', '=', item.id)
      .orderBy('position')
      .orderBy('id')
      .execute(),
  ]);
  const seriesTerm = item.event_series_id;
  return {
    type: item.type,
    language: item.language,
    title: item.title,
    slug: item.slug,
    summary: item.summary,
    bodyMarkdown: item.body_md,
    datelinePlace: item.dateline_place,
    datelineDate: item.dateline_date,
    translationKey: item.translation_key,
    sources: sources.map((s) => termKey(taxonomy, s.term_id)),
    tags: tags
      // The series is stored as a tag too; the snapshot shows it once, under the event.
      .filter((t) => t.term_id !== seriesTerm)
      .map((t) => ({
        term: termKey(taxonomy, t.term_id),
        origin: t.origin,
        // PostgreSQL keeps a `real` in single precision: six places undo it.
        confidence: t.confidence === null ? null : Math.round(Number(t.confidence) * 1e6) / 1e6,
      }))
      .sort((a, b) => a.term.localeCompare(b.term)),
    quotes: quotes.map((q) => ({ speaker: q.speaker, role: q.role, text: q.text })),
    event:
      item.event_starts_at || item.event_ends_at || item.event_venue || seriesTerm
        ? {
            startsAt: item.event_starts_at,
            endsAt: item.event_ends_at,
            venue: item.event_venue,
            series: seriesTerm ? termKey(taxonomy, seriesTerm) : null,
          }
        : null,
    correctionNote: item.correction_note,
    status: item.status,
    publishedAt: item.published_at,
    attachments: attachments.map((a) => a.file_name),
  };
}

/** Parses a stored snapshot. */
export function parseSnapshot(json: string): RevisionSnapshot {
  return JSON.parse(json) as RevisionSnapshot;
}
