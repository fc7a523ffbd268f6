import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnMapping, readCsv, readJsonl, recordPage } from './records.js';
import type { SourceRecord } from './source.js';

const RECORDS = path.join(import.meta.dirname, '../../../../test/fixtures/records');
const all = async (records: AsyncIterable<SourceRecord>) => {
  const out: SourceRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
};

describe('JSONL and CSV records', () => {
  it('reads JSONL lines by common names; a bad line fails alone with its line number', async () => {
    const file = path.join(RECORDS, 'reports.jsonl');
    const records = await all(readJsonl(file, {}));
    expect(records.map((r) => [r.key.slice(file.length), r.kind])).toEqual([
      ['#1', 'page'],
      ['#2', 'failed'],
      ['#3', 'failed'],
      ['#5', 'page'],
    ]);
    expect(records[0]).toMatchObject({
      legacyUrl: 'https://records.example.org/customs-training',
      page: {
        title: 'Customs officers train on tracing smuggled goods',
        type: 'press-release',
        date: '2021-04-12',
        dateline: { place: 'VIENNA', date: '2021-04-12' },
        sources: ['OSCE Secretariat'],
        categories: ['Border management', 'Unknown Theme'],
      },
    });
    expect(records[1]).toMatchObject({
      reason: expect.stringMatching(/^DL_VALIDATION: Line 2 is not JSON/u),
    });
    expect(records[2]).toMatchObject({
      reason: expect.stringMatching(/^DL_VALIDATION: No body \(looked for "body"/u),
    });
    expect(records[3]).toMatchObject({
      page: {
        bodyMarkdown: 'SKOPJE, 3 May 2019 – A *workshop* on policing opened.\n\nIt lasts two days.',
        date: '2019-05-03',
        dateline: { place: 'SKOPJE' },
        categories: ['Policing', 'Border management'],
      },
    });
  });

  it('reads CSV with a BOM and quoted multi-line fields, row by row', async () => {
    const file = path.join(RECORDS, 'stories.csv');
    const records = await all(readCsv(file, { bodyFormat: 'text' }));
    expect(records.map((r) => [r.key.slice(file.length), r.kind])).toEqual([
      ['#2', 'page'],
      ['#5', 'failed'],
      ['#6', 'page'],
    ]);
    expect(records[0]).toMatchObject({
      legacyUrl: 'https://records.example.org/youth-forum',
      page: {
        title: 'Youth forum opens, registration starts',
        date: '2020-02-01',
        bodyParagraphs: ['Young people from the region can register.', 'The forum opens in June.'],
        categories: ['Policing', 'Invented Theme'],
      },
    });
  });

  it('follows --columns, and refuses a mapping to an unknown field', () => {
    const columns = columnMapping('title=headline,body=story');
    const { page } = recordPage({ headline: 'H', title: 'ignored', story: 'Plain body.' }, { columns });
    expect(page.title).toBe('H');
    expect(page.bodyParagraphs).toEqual(['Plain body.']);
    expect(() => recordPage({ title: 'T', body: 'x' }, { columns: columnMapping('body=story') })).toThrow(
      /No body/u,
    );
    expect(() => columnMapping('colour=red')).toThrow(expect.objectContaining({ code: 'DL_VALIDATION' }));
  });
});
