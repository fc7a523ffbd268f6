/**
 * Atom 1.0 (RFC 4287): RFC 3339 dates, xml:lang on the feed and on entries in another language,
 * summary always, content (HTML) when the reader chose full bodies, enclosures as links.
 */
import type { Feed, FeedEntry } from './feed.js';
import { XML_DECLARATION, xmlBuilder, xmlSafe } from './xml.js';

// Atom requires <updated>; an empty feed has none to report, and "now" would change its bytes
// (and ETag) on every request, so it carries the epoch instead.
const NEVER = '1970-01-01T00:00:00.000Z';

function entry(e: FeedEntry, feedLanguage: string) {
  return {
    ...(e.language !== feedLanguage ? { '@_xml:lang': e.language } : {}),
    id: e.id,
    title: { '#text': xmlSafe(e.title), '@_type': 'text' },
    link: [
      { '@_rel': 'alternate', '@_type': 'text/html', '@_href': e.url },
      ...e.enclosures.map((f) => ({
        '@_rel': 'enclosure',
        '@_type': f.mediaType,
        '@_href': f.url,
        '@_length': String(f.byteSize),
        '@_title': xmlSafe(f.title),
      })),
    ],
    published: e.published,
    updated: e.updated,
    summary: { '#text': xmlSafe(e.summary), '@_type': 'text' },
    ...(e.contentHtml !== null ? { content: { '#text': xmlSafe(e.contentHtml), '@_type': 'html' } } : {}),
    category: e.categories.map((label) => ({ '@_term': xmlSafe(label) })),
  };
}

/** The feed as an Atom 1.0 document. */
export function writeAtom(feed: Feed): string {
  return xmlBuilder.build({
    ...XML_DECLARATION,
    feed: {
      '@_xmlns': 'http://www.w3.org/2005/Atom',
      '@_xml:lang': feed.language,
      id: feed.id,
      title: { '#text': xmlSafe(feed.title), '@_type': 'text' },
      subtitle: { '#text': xmlSafe(feed.description), '@_type': 'text' },
      updated: feed.updated ?? NEVER,
      author: { name: xmlSafe(feed.siteName) },
      link: [
        { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': feed.selfUrl },
        { '@_rel': 'alternate', '@_type': 'text/html', '@_href': feed.pageUrl },
      ],
      entry: feed.entries.map((e) => entry(e, feed.language)),
    },
  });
}
