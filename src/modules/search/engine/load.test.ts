/**
 * An index build whose texts are analyzed in a thread of their own (text-analysis.ts) builds the
 * same index as one that analyzes them in the builder's thread, on both databases.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../../test/databases.js';
import { createTestSite, OSCE_PROFILE, type TestSite } from '../../../../test/site.js';
import { loadDemoItems } from '../../demo/demo.service.js';
import { forEachTerm } from '../analyze.js';
import { forEachPosting, type IndexData } from './index-data.js';
import { loadIndex } from './load.js';
import { PositionReader } from './positions.js';

/** Everything of an index a search reads, as plain values (word order included). */
function picture(data: IndexData) {
  const postings = (map: IndexData['words']) =>
    [...map].map(([word, p]) => {
      const docs: number[] = [];
      forEachPosting(p, (doc) => docs.push(doc));
      return [word, p.df, docs, [...p.tf]];
    });
  const reader = new PositionReader(data.positions);
  return {
    size: data.size,
    columns: [
      data.itemId,
      data.language,
      data.type,
      data.year,
      data.publishedAt,
      data.visibleFrom,
      data.length,
    ].map((column) => [...column]),
    averageLength: data.averageLength,
    facets: [[...data.facetTermId], [...data.facetIsSource], data.facetDocs.map((d) => [...d])],
    words: postings(data.words),
    titleWords: postings(data.titleWords),
    surface: [...data.surface],
    positions: [...data.words.keys()].map((word) => {
      const out: number[][] = [];
      forEachPosting(data.words.get(word)!, (doc) => out.push([...(reader.positionsIn(word, doc) ?? [])]));
      return out;
    }),
  };
}

describeEachDialect('an index build with an analysis thread', (dialect) => {
  let site: TestSite;
  /** The index built in one thread, for comparison. */
  let alone: IndexData;

  beforeAll(async () => {
    site = await createTestSite(dialect, { profile: OSCE_PROFILE });
    // More than one page of rows (2,000), so pages are analyzed while the one before is added.
    await loadDemoItems(site.database.db, site.app.site.taxonomy(), site.app.site.profile, {
      items: 2_100,
      seed: 5,
      now: site.clock.now(),
    });
    alone = await loadIndex(
      site.database.db,
      site.app.site.taxonomy(),
      forEachTerm,
      undefined,
      undefined,
      undefined,
      { from: Number.POSITIVE_INFINITY },
    );
  });
  afterAll(() => site.close());

  it('builds the same index as one thread, and reports progress page by page', async () => {
    const taxonomy = site.app.site.taxonomy();
    const progress: number[] = [];
    const threaded = await loadIndex(
      site.database.db,
      taxonomy,
      forEachTerm,
      (n) => {
        progress.push(n);
      },
      undefined,
      undefined,
      { from: 0 },
    );
    expect(threaded.size).toBeGreaterThan(2_000);
    expect(progress).toEqual([2_000, threaded.size]);
    expect(threaded.words.size).toBeGreaterThan(1_000);
    expect(picture(threaded)).toEqual(picture(alone));
  });

  it('builds in one thread when the analysis thread fails', async () => {
    const progress: number[] = [];
    const rebuilt = await loadIndex(
      site.database.db,
      site.app.site.taxonomy(),
      forEachTerm,
      (n) => {
        progress.push(n);
      },
      undefined,
      undefined,
      { from: 0, entry: new URL('./no-such-analysis-entry.mjs', import.meta.url) },
    );
    // The failed attempt reported nothing: its first page never came back.
    expect(progress).toEqual([2_000, rebuilt.size]);
    expect(picture(rebuilt)).toEqual(picture(alone));
  });
});
