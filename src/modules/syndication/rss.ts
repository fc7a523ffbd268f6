/**
 * RSS 2.0 (with content:encoded for full bodies and atom:link rel=self, as validators expect).
 * Dates are RFC 822 (`Fri, 21 May 2010 08:00:00 GMT`); GUIDs are tag URIs, not permalinks.
 */
import type { Feed, FeedEntry } from './feed.js';
import { XML_DECLARATION, xmlBuilder, xmlSafe } from './xml.js';

/** An ISO instant as RFC 822, the date format RSS 2.0 requires. */
export function rfc822(instant: string): string {
  return new Date(instant).toUTCString();
}

function item(entry: FeedEntry) {
  return {
    title: xmlSafe(entry.title),
    link: entry.url,
    guid: { '#text': entry.id, '@_isPermaLink': 'false' },
    pubDate: rfc822(entry.published),
    description: xmlSafe(entry.summary),
    ...(entry.contentHtml !== null ? { 'content:encoded': xmlSafe(entry.contentHtml) } : {}),
    category: entry.categories.map(xmlSafe),
    // RSS allows one enclosure per item; the rest are in the other formats and on the page.
    ...(entry.enclosures[0]
      ? {
          enclosure: {
            '@_url': entry.enclosures[0].url,
            '@_length': String(entry.enclosures[0].byteSize),
            '@_type': entry.enclosures[0].mediaType,
          },
        }
      : {}),
  };
}

/** The feed as an RSS 2.0 document. */
export function writeRss(feed: Feed): string {
  return xmlBuilder.build({
    ...XML_DECLARATION,
    rss: {
      '@_version': '2.0',
      '@_xmlns:atom': 'http://www.w3.org/2005/Atom',
      '@_xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
      channel: {
        title: xmlSafe(feed.title),
        link: feed.pageUrl,
        description: xmlSafe(feed.description),
        language: feed.language,
        ...(feed.updated ? { lastBuildDate: rfc822(feed.updated) } : {}),
        'atom:link': { '@_href': feed.selfUrl, '@_rel': 'self', '@_type': 'application/rss+xml' },
        item: feed.entries.map(item),
      },
    },
  });
}
