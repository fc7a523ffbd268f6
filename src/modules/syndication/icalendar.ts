/**
 * iCalendar (RFC 5545) for the events in a feed, written by ical-generator, which folds lines at
 * 75 octets and escapes `, ; \` and newlines in text. Times are UTC. DTSTAMP is the event's last
 * edit, not "now": for a published calendar RFC 5545 allows it, and it keeps the bytes (and the
 * ETag) the same until the content changes.
 */
import ical from 'ical-generator';
import type { Feed } from './feed.js';

/** The feed's events as a VCALENDAR; entries that are not events are left out. */
export function writeICalendar(feed: Feed, uidOf: (itemId: number) => string): string {
  const calendar = ical({
    name: feed.title,
    description: feed.description,
    prodId: { company: 'Dateline', product: 'Dateline feeds', language: feed.language.toUpperCase() },
    url: feed.pageUrl,
    source: feed.selfUrl,
  });
  for (const entry of feed.entries) {
    if (!entry.event) continue;
    calendar.createEvent({
      id: uidOf(entry.itemId),
      start: new Date(entry.event.startsAt),
      ...(entry.event.endsAt ? { end: new Date(entry.event.endsAt) } : {}),
      stamp: new Date(entry.updated),
      created: new Date(entry.published),
      lastModified: new Date(entry.updated),
      summary: entry.title,
      description: entry.summary,
      ...(entry.event.venue ? { location: entry.event.venue } : {}),
      url: entry.url,
      categories: entry.categories.map((name) => ({ name })),
      attachments: entry.enclosures.map((f) => f.url),
    });
  }
  return calendar.toString();
}
