/**
 * Row types of every table, as Kysely sees them. Instants are ISO-8601 UTC strings
 * (`2010-05-21T08:00:00.000Z`) in both dialects: they sort correctly as text, compare the same on
 * SQLite and PostgreSQL, and never pass through a driver's time-zone conversion.
 * JSON columns hold text; repositories parse them.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface VocabularyTable {
  id: Generated<number>;
  slug: string;
  /** Key used in query language and URL filters, e.g. `country`. */
  query_key: string;
  /** JSON: { en: 'Countries', fr: 'Pays', ... } */
  labels: string;
  hierarchical: number;
  /** 1 when terms of this vocabulary can be the issuing source of an item. */
  is_source: number;
  position: number;
}

export interface TermTable {
  id: Generated<number>;
  vocabulary_id: number;
  slug: string;
  parent_id: number | null;
  /** JSON: per-language labels. */
  labels: string;
  /** JSON: string[] of other names, acronyms, former names. */
  aliases: string;
  /** Calendar dates YYYY-MM-DD; null means open-ended. */
  valid_from: string | null;
  valid_to: string | null;
  status: 'active' | 'closed';
  successor_id: number | null;
  /** JSON: ISO codes, seat, location, ... */
  attributes: string;
  position: number;
}

export interface TermSlugRedirectTable {
  vocabulary_id: number;
  old_slug: string;
  term_id: number;
  created_at: string;
}

/** Time-bound relations such as "Finland holds the Chairpersonship in 2025". */
export interface TermRelationTable {
  id: Generated<number>;
  kind: string;
  term_id: number;
  valid_from: string;
  valid_to: string;
  note: string | null;
}

export const CONTENT_TYPES = ['press-release', 'news', 'statement', 'publication', 'event', 'page'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

export const ITEM_STATUSES = [
  'draft',
  'in_review',
  'scheduled',
  'published',
  'archived',
  'withdrawn',
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export interface ItemTable {
  id: Generated<number>;
  type: ContentType;
  language: string;
  /** Year segment of the stable URL /{lang}/{type}/{yyyy}/{slug}; fixed once published. */
  url_year: number;
  slug: string;
  title: string;
  summary: string;
  body_md: string;
  /** Rendered from body_md and sanitized with an allow-list; never edited directly. */
  body_html: string;
  dateline_place: string | null;
  /** Calendar date shown in the dateline when it differs from the publication date. */
  dateline_date: string | null;
  /** Instant from which the item is publicly visible (also the embargo instant). */
  published_at: string | null;
  /**
   * Derived by content/visibility.ts from status and published_at on every write: the instant from
   * which the public may read the item, or null if never (drafts, withdrawn). Reads compare it to now.
   */
  visible_from: string | null;
  status: ItemStatus;
  /** Items sharing a key are translations of each other. */
  translation_key: string | null;
  legacy_url: string | null;
  /** Path of legacy_url, answered with a 301 to the item's stable URL. */
  legacy_path: string | null;
  /** SHA-256 of the imported source, so a rerun recognizes what it already imported. */
  content_hash: string | null;
  event_starts_at: string | null;
  event_ends_at: string | null;
  event_venue: string | null;
  event_series_id: number | null;
  correction_note: string | null;
  created_at: string;
  updated_at: string;
  revision: number;
}

export interface ItemSourceTable {
  item_id: number;
  term_id: number;
  position: number;
}

/** Who put a tag on an item: an editor (or an import reading the page's own tags), or a machine suggestion. */
export type TagOrigin = 'editor' | 'machine';

export interface ItemTagTable {
  item_id: number;
  term_id: number;
  origin: Generated<TagOrigin>;
  /** The suggestion's confidence (0..1) for machine-made tags; null for editors' tags. */
  confidence: number | null;
}

/** A trained model (e.g. the fields-of-work classifier), shared by every app server. */
export interface EnrichModelTable {
  name: string;
  version: number;
  trained_at: string;
  /** One line for people: what it was trained on and how it scored. */
  summary: string;
  model_json: string;
}

/** Derived listing index: an item under each term it is tagged with or issued by. */
export interface TermListingTable {
  term_id: number;
  item_id: number;
  language: string;
  visible_from: string | null;
}

export interface PersonTable {
  id: Generated<number>;
  name: string;
  slug: string;
}

export interface QuoteTable {
  id: Generated<number>;
  item_id: number;
  position: number;
  person_id: number;
  /** The speaker's role on the day of the quote, which may differ from today's. */
  role: string | null;
  text: string;
}

export interface AttachmentTable {
  id: Generated<number>;
  item_id: number;
  position: number;
  title: string;
  file_name: string;
  media_type: string;
  byte_size: number;
  sha256: string;
  language: string | null;
  created_at: string;
}

/** Bumped on every content write; caches and ETags are keyed by it. */
export interface SiteStateTable {
  key: string;
  value: string;
}

export interface Database {
  vocabularies: VocabularyTable;
  terms: TermTable;
  term_slug_redirects: TermSlugRedirectTable;
  term_relations: TermRelationTable;
  items: ItemTable;
  item_sources: ItemSourceTable;
  item_tags: ItemTagTable;
  term_listing: TermListingTable;
  people: PersonTable;
  quotes: QuoteTable;
  attachments: AttachmentTable;
  site_state: SiteStateTable;
  enrich_models: EnrichModelTable;
  // -- accounts (newsroom): tables here --
  // -- api keys (open API): tables here --
  // -- webhooks: tables here --
}

export type ItemRow = Selectable<ItemTable>;
export type NewItemRow = Insertable<ItemTable>;
export type ItemUpdate = Updateable<ItemTable>;
export type TermRow = Selectable<TermTable>;
export type VocabularyRow = Selectable<VocabularyTable>;
