/**
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1): RFC 3339 dates, `language` on the feed and on
 * items in another language, attachments, and event times in a `_dateline` extension object
 * (underscore keys are the spec's extension mechanism; readers ignore what they do not know).
 */
import type { Feed, FeedEntry } from './feed.js';

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

function item(e: FeedEntry, feedLanguage: string) {
  return {
    id: e.id,
    url: e.url,
    title: e.title,
    // The spec requires content_html or content_text: the body when chosen, else the summary.
    ...(e.contentHtml !== null ? { content_html: e.contentHtml } : { content_text: e.summary || e.title }),
    ...(e.summary ? { summary: e.summary } : {}),
    date_published: e.published,
    date_modified: e.updated,
    ...(e.language !== feedLanguage ? { language: e.language } : {}),
    ...(e.categories.length > 0 ? { tags: e.categories } : {}),
    ...(e.enclosures.length > 0
      ? {
          attachments: e.enclosures.map((f) => ({
            url: f.url,
            mime_type: f.mediaType,
            title: f.title,
            size_in_bytes: f.byteSize,
          })),
        }
      : {}),
    ...(e.event
      ? {
          _dateline: {
            event_starts_at: e.event.startsAt,
            event_ends_at: e.event.endsAt,
            event_venue: e.event.venue,
          },
        }
      : {}),
  };
}

/** The feed as a JSON Feed 1.1 document. */
export function writeJsonFeed(feed: Feed): string {
  return JSON.stringify({
    version: JSON_FEED_VERSION,
    title: feed.title,
    home_page_url: feed.pageUrl,
    feed_url: feed.selfUrl,
    description: feed.description,
    language: feed.language,
    authors: [{ name: feed.siteName }],
    items: feed.entries.map((e) => item(e, feed.language)),
  });
}
