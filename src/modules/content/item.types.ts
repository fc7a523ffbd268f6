/** Domain shapes of an item, as services and pages see them (rows are in db/schema.ts). */
import type { ContentType, ItemStatus, TagOrigin } from '../../db/schema.js';

/** A reference to a taxonomy term by vocabulary slug and term slug, e.g. countries/serbia. */
export interface TermRef {
  readonly vocabulary: string;
  readonly slug: string;
  /**
   * Who put the tag on the item: an editor (or the page it was imported from: default) or a
   * suggester (`machine`), so editors can review machine-made tags. Tags only, never sources.
   */
  readonly origin?: TagOrigin;
  /** The suggestion's confidence (0..1); machine-made tags only. */
  readonly confidence?: number;
}

export interface QuoteInput {
  readonly speaker: string;
  /** The speaker's role on the date of the item, e.g. "Senior Police Adviser to the OSCE Secretary General". */
  readonly role?: string | null;
  readonly text: string;
}

export interface AttachmentInput {
  readonly title: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly byteSize: number;
  readonly sha256: string;
  readonly language?: string | null;
}

export interface EventInput {
  readonly startsAt: string;
  readonly endsAt?: string | null;
  readonly venue?: string | null;
  /** Term of the meeting-series vocabulary. */
  readonly series?: TermRef | null;
}

/** Everything needed to create an item. Instants are ISO-8601 strings or Dates. */
export interface NewItemInput {
  readonly type: ContentType;
  readonly language: string;
  readonly title: string;
  /** Derived from the title when absent. */
  readonly slug?: string;
  readonly summary?: string;
  /** Markdown source; rendered and sanitized on save. */
  readonly bodyMarkdown?: string;
  readonly datelinePlace?: string | null;
  readonly datelineDate?: string | null;
  readonly publishedAt?: string | Date | null;
  readonly status: ItemStatus;
  readonly translationKey?: string | null;
  readonly legacyUrl?: string | null;
  /** Hash of the imported source (see ingest); identifies an import on rerun. */
  readonly contentHash?: string | null;
  readonly sources?: readonly TermRef[];
  readonly tags?: readonly TermRef[];
  readonly quotes?: readonly QuoteInput[];
  readonly attachments?: readonly AttachmentInput[];
  readonly event?: EventInput | null;
  readonly correctionNote?: string | null;
}
