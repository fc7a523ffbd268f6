/** The search index in a worker thread answers exactly as in-process, and follows new writes. */
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/databases.js';
import { pressRelease } from '../../../test/factories.js';
import { createTestSite, type TestSite } from '../../../test/site.js';
import { normalizeTerm } from './analyze.js';
import type { EngineQuery, MatchNode } from './engine/execute.js';
import { InlineHost, WorkerHost } from './engine/index-host.js';
import type { HostReply } from './engine/worker-protocol.js';
import { type SearchRequest, SearchService } from './search.service.js';

/** `request` answered by `tested` exactly as by `reference` (hits, snippets, counts); `tested`'s answer. */
async function sameSearch(tested: SearchService, reference: SearchService, request: SearchRequest) {
  const [a, b] = await Promise.all([tested.search(request), reference.search(request)]);
  expect(a.total).toBe(b.total);
  // Every hit whole: its row, snippet and marked title.
  expect(a.hits).toEqual(b.hits);
  expect(a.facets).toEqual(b.facets);
  return a;
}

/** The site's search in `workers` worker threads, and the same in-process to compare with. */
function searchServices(site: TestSite, workers: number, positionsInMemory?: number) {
  const host = new WorkerHost(site.config.databaseUrl, workers, positionsInMemory);
  return {
    host,
    inWorkers: new SearchService(site.app.site, host),
    inline: new SearchService(
      site.app.site,
      new InlineHost(site.database.db, () => site.app.site.taxonomy()),
    ),
  };
}

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

  const same = (request: SearchRequest) => sameSearch(inWorker, inline, request);

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

  /** A typed word as the index holds it (the engine is asked for index words). */
  const indexWord = (word: string) => normalizeTerm(word, 'en') ?? word;
  const engineQuery = (text: MatchNode | null, facets = true): EngineQuery => ({
    text,
    filters: new Map(),
    sort: 'relevance',
    offset: 0,
    limit: 10,
    facets,
  });

  it('replies with the page of hits first and the facets counted after it', async () => {
    const worker = new Worker(new URL('./engine/worker-entry.mjs', import.meta.url), {
      workerData: { databaseUrl: site.config.databaseUrl },
    });
    try {
      const replies: HostReply[] = [];
      const arrived = (count: number) =>
        new Promise<void>((resolve) => {
          const check = () => {
            if (replies.length < count) return;
            worker.off('message', onMessage);
            resolve();
          };
          const onMessage = (reply: HostReply) => {
            replies.push(reply);
            check();
          };
          worker.on('message', onMessage);
          check();
        });
      const now = site.clock.now().getTime();
      worker.postMessage({
        id: 1,
        kind: 'search',
        query: engineQuery({ kind: 'word', word: indexWord('police') }),
        now,
      });
      worker.postMessage({
        id: 2,
        kind: 'search',
        query: engineQuery({ kind: 'word', word: indexWord('water') }, false),
        now,
      });
      worker.postMessage({ id: 3, kind: 'refresh' });
      await arrived(4);
      // Two replies to the search with facets, one to the search without, then the refresh's.
      expect(replies.map((r) => [r.id, 'part' in r ? r.part : 'whole'])).toEqual([
        [1, 'page'],
        [1, 'facets'],
        [2, 'page'],
        [3, 'whole'],
      ]);
      const [page, facets, alone] = replies as [HostReply, HostReply, HostReply];
      expect(page).toMatchObject({ ok: true, facetsFollow: true, result: { total: 3 } });
      expect(page.ok && 'facets' in (page.result as object)).toBe(false);
      const inThread = await new InlineHost(site.database.db, () => site.app.site.taxonomy()).searchWhole(
        engineQuery({ kind: 'word', word: indexWord('police') }),
        now,
      );
      expect(facets.ok && facets.result).toEqual(inThread.facets);
      expect(alone).toMatchObject({ ok: true, facetsFollow: false, result: { total: 2 } });
    } finally {
      await worker.terminate();
    }
  });

  it('fails the page and its facets alike when the engine cannot answer, and goes on answering', async () => {
    const host = new WorkerHost(site.config.databaseUrl);
    try {
      const broken = host.search(engineQuery({ kind: 'no such node' } as unknown as MatchNode), Date.now());
      await expect(broken.page).rejects.toMatchObject({ code: 'DL_INTERNAL' });
      await expect(broken.facets).rejects.toMatchObject({ code: 'DL_INTERNAL' });
      const next = host.search(
        engineQuery({ kind: 'word', word: indexWord('police') }),
        site.clock.now().getTime(),
      );
      expect((await next.page).total).toBe(3);
      expect((await next.facets)?.types.get('press-release')).toBe(3);
    } finally {
      await host.close();
    }
  });
});

describeEachDialect('search in two worker threads sharing one index', (dialect) => {
  let site: TestSite;
  let host: WorkerHost;
  let inWorkers: SearchService;
  let inline: SearchService;
  const ids: number[] = [];

  beforeAll(async () => {
    site = await createTestSite(dialect);
    site.clock.set('2026-01-01T00:00:00Z');
    const titles = [
      'River police trained',
      'Water board meets',
      'Police and water agencies agree',
      'Agencies agree on water, then on police',
    ];
    for (const [i, title] of titles.entries())
      ids.push(
        await site.addItem(
          pressRelease({ title, publishedAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString() }),
        ),
      );
    // One byte of positions in memory: the primary writes them to a file, which the replica opens
    // again (positions.ts); the inline reference keeps them in memory.
    ({ host, inWorkers, inline } = searchServices(site, 2, 1));
  });
  afterAll(async () => {
    await inWorkers.close();
    await site.close();
  });

  const requests: SearchRequest[] = [
    { q: 'police', language: 'en' },
    { q: 'water -police', language: 'en', sort: 'date' },
    { q: '', language: 'en', filters: new Map([['places', ['freedonia']]]) },
    { q: 'police OR water', language: 'en', limit: 1, offset: 1 },
    { q: '"water board"', language: 'en' },
    // Phrases: words in order, and the same words in another order (no match).
    { q: '"police trained"', language: 'en' },
    { q: '"board water"', language: 'en' },
    // Every item; then with columns lacking the summary and language a snippet is made from; then no snippets.
    { q: 'police OR water OR agencies', language: 'en' },
    {
      q: 'police OR water OR agencies',
      language: 'en',
      columns: ['items.id', 'items.title', 'items.body_html'],
    },
    { q: 'police OR water OR agencies', language: 'en', snippets: false },
  ];
  const same = (request: SearchRequest) => sameSearch(inWorkers, inline, request);
  const work = () => host.workLog();

  it('splits a lone search: one worker ranks its page while the other counts its facets', async () => {
    const before = work();
    for (const request of requests) await same(request);
    const after = work();
    // Every search with words found both workers idle: its page on one, its facets on the other.
    const counted = after.reduce((n, w, i) => n + w.counts - before[i]!.counts, 0);
    expect(counted).toBe(requests.filter((r) => r.q !== '').length);
    // Taking turns: each worker ranked some pages and counted some facets (warming both caches).
    for (const i of [0, 1]) {
      expect(after[i]!.counts - before[i]!.counts, `worker ${i}`).toBeGreaterThan(0);
      expect(after[i]!.searches - before[i]!.searches, `worker ${i}`).toBeGreaterThan(0);
    }
  });

  it('ranks by closeness in either worker as the inline index does, reading positions from the file', async () => {
    // Each word once in each title: closeness alone orders them (the pair as typed, three apart).
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([
        same({ q: 'police water', language: 'en' }),
        same({ q: 'water police', language: 'en' }),
      ]);
      expect(a.hits.map((h) => h.itemId)).toEqual([ids[2], ids[3]]);
      expect(b.hits.map((h) => h.itemId)).toEqual([ids[3], ids[2]]);
    }
  });

  it('gives searches that arrive together to both workers, answering as one index does', async () => {
    const before = work();
    await Promise.all(Array.from({ length: 4 }, () => requests.map(same)).flat());
    const after = work();
    expect(after[0]!.searches).toBeGreaterThan(before[0]!.searches);
    expect(after[1]!.searches).toBeGreaterThan(before[1]!.searches);
  });

  it('follows new writes in every worker', async () => {
    const added = await site.addItem(
      pressRelease({ title: 'Police academy opens', publishedAt: '2025-06-01T08:00:00.000Z' }),
    );
    const before = work();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => same({ q: 'academy', language: 'en' })),
    );
    for (const result of results) expect(result.hits.map((h) => h.itemId)).toEqual([added]);
    expect(work()[1]!.searches + work()[1]!.counts).toBeGreaterThan(before[1]!.searches + before[1]!.counts);
  });

  it('keeps answering when a replica dies, and hands the index to the one started after it', async () => {
    // The replica's thread, reached through the host's internals: nothing else can end it.
    const replica = (host as unknown as { replicas: { worker: Worker | null }[] }).replicas[0]!;
    await replica.worker!.terminate();
    for (const request of requests) await same(request);
    const before = work()[1]!;
    await expect
      .poll(
        async () => {
          await Promise.all(requests.map(same));
          const now = work()[1]!;
          return now.searches + now.counts - before.searches - before.counts;
        },
        // A new thread loads the code and adopts the index first.
        { timeout: 20_000, interval: 100 },
      )
      .toBeGreaterThan(0);
  });
});

describeEachDialect('search workers warming their index', (dialect) => {
  let site: TestSite;
  let host: WorkerHost;
  let inWorkers: SearchService;
  let inline: SearchService;

  beforeAll(async () => {
    site = await createTestSite(dialect);
    site.clock.set('2026-01-01T00:00:00Z');
    // Past 64 documents a word is kept as a bitset: a frequent word, which warming prepares.
    for (let i = 0; i < 80; i++)
      await site.addItem(
        pressRelease({
          title: `${i % 2 ? 'Water' : 'Police'} report ${i}`,
          publishedAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
        }),
      );
    ({ host, inWorkers, inline } = searchServices(site, 2));
  });
  afterAll(async () => {
    await inWorkers.close();
    await site.close();
  });

  it('warms the frequent words in every worker before it answers, and answers as the inline index does', async () => {
    // The first search builds the index, warmed before it answers; the replica adopts it after.
    await sameSearch(inWorkers, inline, { q: 'report', language: 'en' });
    expect((await host.warmth())[0]).toMatchObject({ done: true });
    await expect
      .poll(async () => (await host.warmth()).every((w) => w?.done), { timeout: 15_000, interval: 50 })
      .toBe(true);
    for (const warmth of await host.warmth()) expect(warmth!.words).toBeGreaterThan(0);
    for (const q of ['report', 'report -water', 'police OR water', '"police report"'])
      await sameSearch(inWorkers, inline, { q, language: 'en' });
  });
});
