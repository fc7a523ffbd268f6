/** The format writers on their own: XML-safe text, RFC 822 dates, an empty feed in every format. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { writeAtom } from '../src/modules/syndication/atom.js';
import type { Feed, FeedEntry } from '../src/modules/syndication/feed.js';
import { writeICalendar } from '../src/modules/syndication/icalendar.js';
import { itemTagUri } from '../src/modules/syndication/identity.js';
import { writeJsonFeed } from '../src/modules/syndication/json-feed.js';
import { rfc822, writeRss } from '../src/modules/syndication/rss.js';
import { xmlSafe } from '../src/modules/syndication/xml.js';

const EMPTY: Feed = {
  language: 'en',
  title: 'Nothing yet',
  description: 'Newest first.',
  siteName: 'Test Organization',
  pageUrl: 'https://news.example.org/en/',
  selfUrl: 'https://news.example.org/en/feed.atom',
  id: 'https://news.example.org/en/feed.atom',
  updated: null,
  entries: [],
};

const ENTRY: FeedEntry = {
  id: 'tag:news.example.org,2025-01-02:item/7',
  itemId: 7,
  url: 'https://news.example.org/en/news/2025/controls',
  title: 'Bell\u0007 and \uD800 lone surrogate, emoji 🌊 kept',
  summary: 'Form\u000Cfeed',
  contentHtml: '<p>Body</p>',
  language: 'en',
  published: '2025-01-02T03:04:05.000Z',
  updated: '2025-01-03T00:00:00.000Z',
  categories: [],
  enclosures: [],
  event: null,
};

describe('feed writers', () => {
  it('drops characters XML 1.0 cannot carry and keeps everything else', () => {
    expect(xmlSafe('a\u0000b\u0008c\td\ne\rf')).toBe('abc\td\ne\rf');
    expect(xmlSafe('x\uD800y\uDC00z 🌊 \uFFFE')).toBe('xyz 🌊 ');
    expect(xmlSafe('plain & <text>')).toBe('plain & <text>');
  });

  it('writes RFC 822 dates in GMT', () => {
    expect(rfc822('2010-05-21T08:00:00.000Z')).toBe('Fri, 21 May 2010 08:00:00 GMT');
  });

  it('builds tag URIs from host, creation day and id only', () => {
    expect(itemTagUri('https://news.example.org:8443/base', '2010-05-21T08:00:00.000Z', 12)).toBe(
      'tag:news.example.org,2010-05-21:item/12',
    );
  });

  it('writes well-formed XML even for control characters in titles', () => {
    const feed = { ...EMPTY, entries: [ENTRY], updated: ENTRY.updated };
    for (const doc of [writeRss(feed), writeAtom(feed)]) {
      expect(XMLValidator.validate(doc)).toBe(true);
      expect(doc).toContain('Bell and  lone surrogate, emoji 🌊 kept');
    }
  });

  it('writes a valid empty feed in every format', () => {
    const parser = new XMLParser({ ignoreAttributes: false });
    const rss = parser.parse(writeRss(EMPTY));
    expect(rss.rss.channel.title).toBe('Nothing yet');
    expect(rss.rss.channel.item).toBeUndefined();
    const atom = parser.parse(writeAtom(EMPTY));
    expect(atom.feed.updated).toBe('1970-01-01T00:00:00.000Z');
    expect(atom.feed.author.name).toBe('Test Organization');
    expect(JSON.parse(writeJsonFeed(EMPTY)).items).toEqual([]);
    const calendar = new ICAL.Component(ICAL.parse(writeICalendar(EMPTY, (id) => `item-${id}@x`)));
    expect(calendar.name).toBe('vcalendar');
    expect(calendar.getAllSubcomponents('vevent')).toEqual([]);
  });
});
