/**
 * A feed as every format sees it: one format-independent model that the RSS, Atom, JSON Feed and
 * iCalendar writers each serialise. Everything in it is already visible to the public (the
 * listing that produced it applied `visible_from <= now`), absolute, and deterministic for a
 * given content state, so a feed's bytes — and so its ETag — change only when its content does.
 */

export interface FeedEnclosure {
  readonly url: string;
  readonly title: string;
  readonly mediaType: string;
  readonly byteSize: number;
}

export interface FeedEvent {
  /** ISO-8601 UTC instants. */
  readonly startsAt: string;
  readonly endsAt: string | null;
  readonly venue: string | null;
}

export interface FeedEntry {
  /** Stable identifier (a `tag:` URI from the site's host and the item id), never the title. */
  readonly id: string;
  readonly itemId: number;
  /** The item's stable page, absolute. */
  readonly url: string;
  readonly title: string;
  /** Plain text. */
  readonly summary: string;
  /** Sanitized body HTML, or null when the reader asked for summaries only. */
  readonly contentHtml: string | null;
  readonly language: string;
  /** ISO-8601 UTC; the publication instant. */
  readonly published: string;
  /** ISO-8601 UTC; the last edit, never before `published`. */
  readonly updated: string;
  /** Labels of the item's tags and issuing institutions, in the feed's language. */
  readonly categories: readonly string[];
  readonly enclosures: readonly FeedEnclosure[];
  readonly event: FeedEvent | null;
}

export interface Feed {
  /** Language of the feed (its entries are in it, except for a search across languages). */
  readonly language: string;
  readonly title: string;
  readonly description: string;
  /** The site's name, as the feed's author. */
  readonly siteName: string;
  /** Absolute URL of the HTML page this feed follows. */
  readonly pageUrl: string;
  /** Absolute URL of this feed itself. */
  readonly selfUrl: string;
  /** Stable identity of the feed: its self URL without the format, so formats share it. */
  readonly id: string;
  /** Newest `updated` among the entries, or null for an empty feed. */
  readonly updated: string | null;
  readonly entries: readonly FeedEntry[];
}

/** The newest modification instant among entries (ISO strings sort as time), or null. */
export function newestUpdate(entries: readonly FeedEntry[]): string | null {
  let newest: string | null = null;
  for (const entry of entries) if (newest === null || entry.updated > newest) newest = entry.updated;
  return newest;
}
