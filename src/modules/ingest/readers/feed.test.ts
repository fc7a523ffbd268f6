import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFeed, withoutDoctype } from './feed.js';
import type { PageRecord, SourceRecord } from './source.js';

const FEEDS = path.join(import.meta.dirname, '../../../../test/fixtures/feeds');
const read = (name: string) => readFeed(fs.readFileSync(path.join(FEEDS, name), 'utf8'), name);
const pages = (records: SourceRecord[]) => records.filter((r): r is PageRecord => r.kind === 'page');

describe('readFeed', () => {
  it('reads RSS 2.0 entries: title, link, date, sanitized body, dateline, quotes, labels', () => {
    const records = read('rss2-field-updates.xml');
    expect(records.map((r) => r.key)).toEqual([
      'rss2-field-updates.xml#1',
      'rss2-field-updates.xml#2',
      'rss2-field-updates.xml#3',
    ]);
    const [first, second] = pages(records);
    expect(first).toMatchObject({
      legacyUrl: 'https://updates.example.org/report/border-police-train-belgrade',
      page: {
        title: 'Border police from two countries train on document checks in Belgrade',
        date: '2020-09-15',
        language: 'en',
        dateline: { place: 'BELGRADE', date: '2020-09-14' },
        sources: ['OSCE Mission to Serbia', 'Field Updates'],
        categories: ['Serbia', 'OSCE Mission to Serbia', 'Border management', 'Invented Theme Nobody Has'],
      },
    });
    expect(first!.page.quotes[0]).toMatchObject({ speaker: 'Jelena Marković' });
    expect(first!.page.bodyHtml).not.toMatch(/script|onclick|Country:|Source:/u);
    expect(first!.page.bodyHtml).toContain('The course ended with a joint exercise.');
    expect(second!.page).toMatchObject({ title: 'Weekly water update & repairs', date: '2020-09-14' });
    expect(second!.page.bodyParagraphs[0]).toMatch(/^Repairs to two pumping stations/u);
  });

  it('gives each entry its own hash, unchanged when another entry changes', () => {
    const xml = fs.readFileSync(path.join(FEEDS, 'rss2-field-updates.xml'), 'utf8');
    const before = pages(readFeed(xml, 'a'));
    const after = pages(readFeed(xml.replace('Repairs to two', 'Repairs to three'), 'a'));
    expect(new Set(before.map((r) => r.contentHash)).size).toBe(before.length);
    expect(after[0]!.contentHash).toBe(before[0]!.contentHash);
    expect(after[1]!.contentHash).not.toBe(before[1]!.contentHash);
  });

  it('reads Atom entries (html title, xhtml and text content, RFC 3339 dates as written)', () => {
    const [statement, notice] = pages(read('atom-statements.atom'));
    expect(statement).toMatchObject({
      legacyUrl: 'https://statements.example.org/2021/chair-welcomes-agreement',
      page: {
        title: 'Chair welcomes agreement on the water pipeline',
        date: '2021-03-01',
        dateline: { place: 'VIENNA', date: '2021-03-01' },
        categories: ['Economic and environmental activities'],
      },
    });
    expect(notice!.page.bodyParagraphs).toEqual([
      'The office is closed on Monday.',
      'It reopens on Tuesday <as usual>.',
    ]);
    expect(notice!.page.date).toBe('2021-02-20');
  });

  it('reads RSS 1.0 (RDF) entries with Dublin Core date, subject, creator and the channel language', () => {
    const [entry] = pages(read('rdf-bulletin.rdf'));
    expect(entry).toMatchObject({
      legacyUrl: 'https://bulletin.example.org/2019/atelier-skopje',
      page: {
        date: '2019-05-06',
        language: 'fr',
        sources: ['OSCE Mission to Skopje'],
        categories: ['Border management'],
      },
    });
  });

  it('never expands entities a feed declares (XXE, billion laughs) and keeps markup out of the body', () => {
    const started = Date.now();
    const [entry] = pages(read('hostile.xml'));
    expect(Date.now() - started).toBeLessThan(2_000);
    const everything = JSON.stringify(entry);
    expect(everything).not.toMatch(/lollol|root:/u);
    expect(entry!.page.title).toBe('Laughs &lol9; and secrets &secret;');
    expect(entry!.page.bodyHtml).not.toMatch(/<script|javascript:/u);
  });

  it('fails a malformed or foreign document with a coded reason instead of throwing', () => {
    expect(readFeed('<rss><channel><item><title>x</item>', 'broken.xml')).toEqual([
      expect.objectContaining({
        kind: 'failed',
        key: 'broken.xml',
        reason: expect.stringMatching(/^DL_VALIDATION/u),
      }),
    ]);
    expect(readFeed('<html><body>hi</body></html>', 'page.xml')[0]).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(/^DL_VALIDATION: Not an RSS or Atom feed/u),
    });
    expect(() => withoutDoctype('<!DOCTYPE rss [ <!ENTITY a "b">')).toThrow(/unterminated DOCTYPE/u);
  });
});
