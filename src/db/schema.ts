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
  /** The newsroom user who created the item (null: imported, generated or created by the API). */
  created_by: Generated<number | null>;
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

/** A newsroom account; `username_key` is the lower-cased username, unique (case-insensitive names). */
export interface UserTable {
  id: Generated<number>;
  username: string;
  username_key: string;
  display_name: string;
  email: string;
  role: string;
  password_hash: string;
  disabled: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** A signed-in browser: only the SHA-256 of its cookie token is stored. */
export interface SessionTable {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string;
  ip: string;
}

/** Failed sign-ins per key (`user:<name>` or `ip:<address>`), shared by every app server. */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  first_failure_at: string;
  locked_until: string | null;
}

/** One recorded event: who did what to which subject, when and from where. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_user_id: number | null;
  actor_label: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  detail: string;
  ip: string | null;
}

/** A URL that wants to hear about item events, signed with its own secret. */
export interface WebhookSubscriptionTable {
  id: Generated<number>;
  url: string;
  /** Comma-separated event names, e.g. `item.published,item.updated`. */
  events: string;
  secret: string;
  active: Generated<number>;
  created_by: string | null;
  created_at: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event for one subscription: the queue row, retried until delivered or failed. */
export interface WebhookDeliveryTable {
  id: Generated<number>;
  subscription_id: number;
  event: string;
  item_id: number;
  /** The item's state the event describes; with the event and item it makes a delivery unique. */
  fingerprint: string;
  /** JSON: the event body without its delivery id. */
  payload: string;
  status: Generated<WebhookDeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: string;
  /** Set by the server that claimed the delivery until `next_attempt_at` (its lease). */
  lease_token: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** The log of every delivery attempt. */
export interface WebhookAttemptTable {
  id: Generated<number>;
  delivery_id: number;
  attempted_at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** What subscribers were last told about an item: visible or not, at which revision. */
export interface WebhookItemStateTable {
  item_id: number;
  visible: number;
  fingerprint: string;
}

/** The dispatcher's watermarks (name → value). */
export interface WebhookCursorTable {
  name: string;
  value: string;
}

/** An open-API key: only the SHA-256 of its secret is kept; `scopes` is `read` or `write`. */
export interface ApiKeyTable {
  id: Generated<number>;
  name: string;
  /** The secret's first characters, shown in lists to tell keys apart. */
  prefix: string;
  secret_sha256: string;
  scopes: 'read' | 'write';
  /** Who created it (free text: accounts may come and go). */
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** The bytes of attachment files, stored once per content (SHA-256, hex); attachments name them by sha256. */
export interface AttachmentBlobTable {
  sha256: string;
  bytes: Buffer;
  byte_size: number;
  created_at: string;
}

/** An editor turned down a machine-made tag: machine tagging never puts this term on this item again. */
export interface ItemTagRejectionTable {
  item_id: number;
  term_id: number;
  /** The newsroom user who rejected it (null: the CLI or a deleted account). */
  rejected_by: number | null;
  rejected_at: string;
}

/** A reviewer's approval of one revision of an item (workflow). */
export interface ItemApprovalTable {
  id: Generated<number>;
  item_id: number;
  revision: number;
  approved_by: number | null;
  approved_by_label: string;
  approved_at: string;
}

/** A newsroom comment on an item: plain text, escaped when shown (workflow). */
export interface ItemCommentTable {
  id: Generated<number>;
  item_id: number;
  author_id: number | null;
  author_label: string;
  body: string;
  created_at: string;
  resolved_at: string | null;
}

/** Early access to one item: only the SHA-256 of the link's token is stored (workflow). */
export interface PreviewLinkTable {
  id: Generated<number>;
  item_id: number;
  token_sha256: string;
  /** Who it is for, e.g. a journalist's name and outlet. */
  label: string;
  created_by: number | null;
  created_by_label: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  use_count: Generated<number>;
}

/** One saved revision of an item: who, when, a snapshot of every editable field (JSON), what changed. */
export interface ItemRevisionTable {
  item_id: number;
  revision: number;
  saved_at: string;
  /** The newsroom user who saved it (null: imported, the API, or a workflow step recorded afterwards). */
  saved_by: number | null;
  saved_by_label: string;
  /** JSON: a RevisionSnapshot (src/modules/revisions/snapshot.ts). */
  snapshot: string;
  /** Names of the fields that changed from the previous recorded revision, e.g. `title, tags`. */
  summary: string;
}

/** An editor's unsaved form for an item (autosave), one per item and user; never a revision. */
export interface ItemAutosaveTable {
  item_id: number;
  user_id: number;
  saved_at: string;
  /** The item revision the form was opened at. */
  base_revision: number;
  /** JSON: the form's fields as typed. */
  form: string;
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
  users: UserTable;
  sessions: SessionTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  // -- api keys (open API): tables here --
  api_keys: ApiKeyTable;
  // -- webhooks: tables here --
  // -- attachment files: tables here --
  // -- items editor and revisions: tables here --
  item_revisions: ItemRevisionTable;
  item_autosaves: ItemAutosaveTable;
  // -- workflow: tables here --
  item_approvals: ItemApprovalTable;
  item_comments: ItemCommentTable;
  preview_links: PreviewLinkTable;
  // -- taxonomy admin: tables here --
  // -- imports and tag review: tables here --
  item_tag_rejections: ItemTagRejectionTable;
  attachment_blobs: AttachmentBlobTable;
  webhook_subscriptions: WebhookSubscriptionTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  webhook_item_state: WebhookItemStateTable;
  webhook_cursor: WebhookCursorTable;
}

export type ItemRow = Selectable<ItemTable>;
export type NewItemRow = Insertable<ItemTable>;
export type ItemUpdate = Updateable<ItemTable>;
export type TermRow = Selectable<TermTable>;
export type VocabularyRow = Selectable<VocabularyTable>;
