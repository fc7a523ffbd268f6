/** The search index in a worker thread answers exactly as in-process, and follows new writes. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/databases.js';
import { pressRelease } from '../../../test/factories.js';
import { createTestSite, type TestSite } from '../../../test/site.js';
import { InlineHost, WorkerHost } from './engine/index-host.js';
import { type SearchRequest, SearchService } from './search.service.js';

describeEachDialect('search in a worker thread', (dialect) => {
  let site: TestSite;
  let inWorker: SearchService;
  let inline: SearchService;

  beforeAll(async () => {
    site = await createTestSite(dialect);
    site.clock.set('2026-01-01T00:00:00Z');
    for (const [i, title] of [
      'River police trained',
      'Water board meets',
      'Police and water agencies agree',
    ].entries())
      await site.addItem(
        pressRelease({ title, publishedAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString() }),
      );
    inWorker = new SearchService(site.app.site, new WorkerHost(site.config.databaseUrl));
    inline = new SearchService(
      site.app.site,
      new InlineHost(site.database.db, () => site.app.site.taxonomy()),
    );
  });
  afterAll(async () => {
    await inWorker.close();
    await site.close();
  });

  const same = async (request: SearchRequest) => {
    const [a, b] = await Promise.all([inWorker.search(request), inline.search(request)]);
    expect(a.total).toBe(b.total);
    expect(a.hits.map((h) => [h.itemId, h.snippet])).toEqual(b.hits.map((h) => [h.itemId, h.snippet]));
    expect(a.facets).toEqual(b.facets);
    return a;
  };

  it('answers as the in-process index does, facets included', async () => {
    expect((await same({ q: 'police', language: 'en' })).total).toBe(2);
    await same({ q: 'water -police', language: 'en', sort: 'date' });
    await same({ q: '', language: 'en', filters: new Map([['places', ['freedonia']]]) });
  });

  it('offers the same spelling corrections as the in-process index', async () => {
    const request = { q: 'polise', language: 'en' };
    const [a, b] = await Promise.all([inWorker.didYouMean(request), inline.didYouMean(request)]);
    expect(a).toEqual(b);
    expect(a?.q).toBe('police');
  });

  it('catches up with items written after it was built', async () => {
    const added = await site.addItem(
      pressRelease({ title: 'Police academy opens', publishedAt: '2025-06-01T08:00:00.000Z' }),
    );
    const result = await same({ q: 'academy', language: 'en' });
    expect(result.hits.map((h) => h.itemId)).toEqual([added]);
  });
});
