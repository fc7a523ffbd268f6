import { describe, expect, it } from 'vitest';
import type { NewItemInput } from '../content/item.types.js';
import { fromExportRecord, ITEM_RECORD_FORMAT, toExportRecord } from './item-record.js';

const FULL: NewItemInput = {
  type: 'event',
  language: 'fr',
  title: 'Réunion annuelle des experts de police',
  slug: 'reunion-annuelle',
  summary: 'Les experts se réunissent.',
  bodyMarkdown: 'VIENNE, 21 mai 2010 – Les experts…\n\n> « Citation »',
  datelinePlace: 'VIENNE',
  datelineDate: '2010-05-20',
  publishedAt: new Date('2010-05-21T12:00:00.000Z'),
  status: 'published',
  translationKey: 'police-2010',
  legacyUrl: 'https://www.example.org/fr/item/1',
  contentHash: 'abc123',
  sources: [{ vocabulary: 'structures', slug: 'secretariat' }],
  tags: [{ vocabulary: 'fields-of-work', slug: 'policing' }],
  quotes: [{ speaker: 'Anna Lindqvist', role: null, text: 'Citation' }],
  attachments: [
    {
      title: 'Rapport',
      fileName: 'rapport.pdf',
      mediaType: 'application/pdf',
      byteSize: 1234,
      sha256: 'ff',
      language: 'fr',
    },
  ],
  event: { startsAt: '2010-05-21T08:00:00.000Z', endsAt: null, venue: 'Hofburg', series: null },
  correctionNote: null,
};

describe('item records (dateline-item/1)', () => {
  it('round-trips every field of an item input through a JSON line', () => {
    const line = JSON.stringify(toExportRecord(FULL));
    expect(JSON.parse(line).format).toBe(ITEM_RECORD_FORMAT);
    expect(fromExportRecord(JSON.parse(line))).toEqual({ ...FULL, publishedAt: '2010-05-21T12:00:00.000Z' });
    const minimal: NewItemInput = { type: 'news', language: 'en', title: 'T', status: 'draft' };
    expect(fromExportRecord(JSON.parse(JSON.stringify(toExportRecord(minimal))))).toEqual(minimal);
  });

  it('refuses a wrong, missing or unknown field, or another format version, with a coded error', () => {
    const record = toExportRecord(FULL) as unknown as Record<string, unknown>;
    for (const [bad, message] of [
      [{ ...record, type: 'blog' }, /Field "type" must be one of/u],
      [{ ...record, title: undefined }, /Field "title" must be present/u],
      [{ ...record, colour: 'red' }, /Unknown field "colour"/u],
      [{ ...record, tags: [{ vocabulary: 'x' }] }, /Field "tags\[0\].slug"/u],
      [{ ...record, format: 'dateline-item/2' }, /Unknown record format/u],
    ] as const)
      expect(() => fromExportRecord(JSON.parse(JSON.stringify(bad)))).toThrow(
        expect.objectContaining({ code: 'DL_VALIDATION', message: expect.stringMatching(message) }),
      );
  });
});
