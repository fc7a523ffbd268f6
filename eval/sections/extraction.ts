/**
 * Extraction accuracy on real material: title, publication date and dateline (place and date) of
 * three European Parliament press-release pages and the 20 entries of a ReliefWeb feed, each
 * compared exactly with what a person reads off the page (extraction-expected.json).
 */
import fs from 'node:fs';
import path from 'node:path';
import { extractHtmlPage } from '../../src/modules/ingest/html-page.js';
import { readFeed } from '../../src/modules/ingest/readers/feed.js';
import type { ExtractedPage } from '../../src/modules/ingest/text-page.js';
import type { Metric, Section, SectionResult } from '../types.js';

interface Expected {
  readonly title: string;
  readonly date: string;
  readonly dateline: { readonly place: string; readonly date: string | null } | null;
}

const EXPECTED = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'extraction-expected.json'), 'utf8'),
) as { pages: Record<string, Expected>; feed: Expected[] };

const PAGES = path.join('pages', 'europarl');
const FEED = path.join('feeds', 'reliefweb-ukraine-2020-09.xml');
const TARGET = 0.95;

interface Case {
  readonly name: string;
  readonly expected: Expected;
  readonly page: ExtractedPage | null;
}

function sameDateline(found: ExtractedPage['dateline'] | undefined, expected: Expected['dateline']): boolean {
  if (!found || !expected) return !found && !expected;
  return found.place === expected.place && found.date === expected.date;
}

export const run: Section = async (dataDir: string): Promise<SectionResult> => {
  const pagesDir = path.join(dataDir, PAGES);
  const feedFile = path.join(dataDir, FEED);
  if (!fs.existsSync(pagesDir) || !fs.existsSync(feedFile))
    return {
      name: 'extraction',
      available: false,
      notes: [`Needs ${PAGES}/ and ${FEED} in the data folder; not found.`],
      metrics: [],
    };
  const cases: Case[] = Object.entries(EXPECTED.pages).map(([file, expected]) => {
    const full = path.join(pagesDir, file);
    return {
      name: file,
      expected,
      page: fs.existsSync(full) ? extractHtmlPage(fs.readFileSync(full, 'utf8')) : null,
    };
  });
  const records = readFeed(fs.readFileSync(feedFile, 'utf8'), 'feed');
  EXPECTED.feed.forEach((expected, i) => {
    const record = records[i];
    cases.push({ name: `feed#${i + 1}`, expected, page: record?.kind === 'page' ? record.page : null });
  });

  const misses: string[] = [];
  const accuracy = (field: string, correct: (c: Case) => boolean, shown: (c: Case) => unknown): number => {
    let right = 0;
    for (const c of cases) {
      if (c.page && correct(c)) right++;
      else misses.push(`${field} ${c.name}: got ${JSON.stringify(c.page ? shown(c) : 'nothing')}`);
    }
    return right / cases.length;
  };
  const metric = (key: string, label: string, value: number): Metric => ({
    key: `extraction.${key}`,
    label,
    value,
    min: TARGET,
    n: cases.length,
  });
  const metrics = [
    metric(
      'title',
      'Pages and feed entries: title exact match',
      accuracy(
        'title',
        (c) => c.page!.title === c.expected.title,
        (c) => c.page!.title,
      ),
    ),
    metric(
      'date',
      'Pages and feed entries: publication date exact match',
      accuracy(
        'date',
        (c) => c.page!.date === c.expected.date,
        (c) => c.page!.date,
      ),
    ),
    metric(
      'dateline',
      'Pages and feed entries: dateline (place and date) exact match',
      accuracy(
        'dateline',
        (c) => sameDateline(c.page!.dateline, c.expected.dateline),
        (c) => c.page!.dateline,
      ),
    ),
  ];
  return {
    name: 'extraction',
    available: true,
    notes: [
      `${Object.keys(EXPECTED.pages).length} Europarl pages and ${EXPECTED.feed.length} ReliefWeb feed entries; expected values read by a person.`,
      ...misses,
    ],
    metrics,
  };
};
