/** A starting server's practice searches (web/search-warm-up.ts) and its readiness, on both databases. */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { isPractice, practicePaths, prepareSearch } from '../src/web/search-warm-up.js';
import { describeEachDialect } from './databases.js';
import { pressRelease } from './factories.js';
import { createTestSite, type TestSite } from './site.js';

/** What prepareSearch did, in order: 'trim' (freed memory handed back) or 'search' (a practice search). */
const steps = vi.hoisted(() => [] as string[]);
vi.mock('../src/freed-memory.js', async (original) => {
  const actual = await original<typeof import('../src/freed-memory.js')>();
  return {
    ...actual,
    releaseFreedMemory: () => {
      steps.push('trim');
      return actual.releaseFreedMemory();
    },
  };
});

const TITLES = [
  'Water engineers finish river course',
  'Border monitors meet district mayors',
  'Election observers publish final report',
  'Journalists trained on safety online',
  'Police academy opens community wing',
  'Mayors agree shared flood warnings',
  'Observers praise calm polling stations',
  'Ministers discuss border crossings',
  'Youth forum debates media freedom',
  'Experts review water treaty drafts',
  'Court reform roadmap presented',
  'Training course for border police',
];

async function readiness(site: TestSite) {
  const health = await site.app.inject({ url: '/health' });
  const ready = await site.app.inject({ url: '/ready' });
  return { health: health.json().search as string, ready: ready.statusCode, readyBody: ready.json() };
}

describeEachDialect('search warm-up', (dialect) => {
  let site: TestSite;
  beforeAll(async () => {
    // A small allowance, so a practice search counted against it would show.
    site = await createTestSite(dialect, { config: { apiRateLimit: 3 } });
    for (const [i, title] of TITLES.entries())
      await site.addItem(
        pressRelease({ title, publishedAt: `2025-0${1 + (i % 9)}-1${i % 10}T10:00:00.000Z` }),
      );
  });
  afterAll(() => site.close());

  it('is not ready before its index is built', async () => {
    expect(await readiness(site)).toEqual({
      health: 'idle',
      ready: 503,
      readyBody: { status: 'starting', search: 'idle' },
    });
  });

  it('practises every shape of the query language, on pages and the API', async () => {
    const paths = await practicePaths(site.app);
    const queries = paths.map((p) => new URL(p, 'http://x'));
    const qs = queries.map((u) => u.searchParams.get('q') ?? '');
    expect(qs.some((q) => /^"\S+ \S+"$/.test(q))).toBe(true);
    expect(qs.some((q) => q.includes(' OR '))).toBe(true);
    expect(qs.some((q) => / -\S/.test(q))).toBe(true);
    expect(
      queries.some(
        (u) => u.searchParams.has('topic') || u.searchParams.has('place') || u.searchParams.has('office'),
      ),
    ).toBe(true);
    expect(queries.some((u) => u.searchParams.get('type') === 'press-release')).toBe(true);
    expect(queries.some((u) => /^\d{4}$/.test(u.searchParams.get('from') ?? ''))).toBe(true);
    expect(queries.some((u) => u.searchParams.get('sort') === 'date')).toBe(true);
    expect(queries.some((u) => u.searchParams.get('page') === '20')).toBe(true);
    expect(queries.some((u) => u.pathname === '/api/v1/search')).toBe(true);
    expect(queries.some((u) => u.pathname === '/en/search' && !u.searchParams.has('q'))).toBe(true);
    // Its words are the titles' own.
    const words = new Set(TITLES.join(' ').split(' '));
    for (const q of qs.filter(Boolean))
      for (const word of q.match(/\p{L}+/gu) ?? [])
        if (word !== 'OR') expect(words.has(word) || words.has(word.slice(0, -2))).toBe(true);
  });

  it('builds the index, practises, then says it is ready; readers keep their API allowance', async () => {
    // What the server says about itself while each practice search is sent.
    const seen = new Set<string>();
    const inject = site.app.inject.bind(site.app);
    const spy = vi.spyOn(site.app, 'inject').mockImplementation(((options: InjectOptions) => {
      seen.add(site.app.searchService.readiness);
      steps.push('search');
      return inject(options);
    }) as typeof site.app.inject);
    steps.length = 0;
    const report = await prepareSearch(site.app, 60).finally(() => spy.mockRestore());
    expect(report.searches).toBe(60);
    // The build's freed memory handed back before the practice (whose allocations would otherwise
    // sit on top of it) and again before ready, where the C library can (glibc: freed-memory.ts).
    expect(report.released.available).toBe(process.platform === 'linux');
    expect(steps.filter((s) => s === 'trim')).toHaveLength(2);
    expect(steps[0]).toBe('trim');
    expect(steps.at(-1)).toBe('trim');
    expect(report.failed).toBe(0);
    expect([...seen]).toEqual(['warming']);
    expect(await readiness(site)).toEqual({
      health: 'ready',
      ready: 200,
      readyBody: { status: 'ready', search: 'ready' },
    });

    // Practice searches went through the API, and none was counted against the reader's 3 a minute.
    const reader = await site.app.inject({ url: '/api/v1/search?q=water' });
    expect(reader.statusCode).toBe(200);
    expect(reader.headers['ratelimit-remaining']).toBe('2');
    // A request claiming to be practice without this process's token is a reader's like any other.
    const impostor = await site.app.inject({
      url: '/api/v1/search?q=water',
      headers: { 'x-dateline-practice': 'guess' },
    });
    expect(impostor.headers['ratelimit-remaining']).toBe('1');
    expect(isPractice({ headers: { 'x-dateline-practice': 'guess' } })).toBe(false);
  });

  it('is what a started server does: /ready answers 200 once its workers have practised', async () => {
    // The server as `dateline serve` starts it: its own app on this database, the index in workers.
    const app = await startServer(
      loadConfig({}, { ...site.config, port: 0, searchInWorker: true, searchWarmUp: 40 }),
    );
    try {
      const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const states: string[] = [];
      for (let tries = 0; tries < 600; tries++) {
        const health = (await (await fetch(`${url}/health`)).json()) as { search: string };
        if (states.at(-1) !== health.search) states.push(health.search);
        if (health.search === 'ready') break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(states.at(-1)).toBe('ready');
      expect((await fetch(`${url}/ready`)).status).toBe(200);
      // It was building or warming when first asked: the answer follows the work, not the clock.
      expect(states.length).toBeGreaterThan(1);
      expect(states.every((state) => ['building', 'warming', 'ready'].includes(state))).toBe(true);
      expect((await fetch(`${url}/en/search?q=observers`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('stops practising once asked to (the server closing)', async () => {
    const stopping = new AbortController();
    let sent = 0;
    const inject = site.app.inject.bind(site.app);
    const spy = vi.spyOn(site.app, 'inject').mockImplementation(((options: InjectOptions) => {
      if (++sent === 5) stopping.abort();
      return inject(options);
    }) as typeof site.app.inject);
    const report = await prepareSearch(site.app, 200, stopping.signal).finally(() => spy.mockRestore());
    // The four practisers each finish the search they had sent, and send no other.
    expect(sent).toBeGreaterThanOrEqual(5);
    expect(sent).toBeLessThanOrEqual(8);
    expect(report).toMatchObject({ searches: sent, failed: 0 });
  });

  it.each(['building', 'warming'] as const)(
    'a server closed while %s stops quietly: no failure logged',
    async (state) => {
      const app = await startServer(
        loadConfig({}, { ...site.config, port: 0, searchInWorker: true, searchWarmUp: 20_000 }),
      );
      const errors = vi.spyOn(app.log, 'error');
      const infos = vi.spyOn(app.log, 'info');
      const said = () => infos.mock.calls.map((call) => String(call[0]));
      try {
        for (let tries = 0; tries < 600 && app.searchService.readiness !== state; tries++)
          await new Promise((resolve) => setTimeout(resolve, 10));
        expect(app.searchService.readiness).toBe(state);
      } finally {
        await app.close();
      }
      for (let tries = 0; tries < 500 && !said().some((m) => m.startsWith('Search ')); tries++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(said()).toContain('Search preparation stopped: the server is closing');
      expect(errors).not.toHaveBeenCalled();
    },
  );

  it('with SEARCH_WARM_UP=0, or nothing to search, only builds the index', async () => {
    const empty = await createTestSite(dialect);
    try {
      expect(await prepareSearch(empty.app, 100)).toMatchObject({ searches: 0, failed: 0 });
      expect((await readiness(empty)).ready).toBe(200);
    } finally {
      await empty.close();
    }
    const none = await createTestSite(dialect);
    try {
      await none.addItem(pressRelease());
      expect(await prepareSearch(none.app, 0)).toMatchObject({ searches: 0 });
      expect((await readiness(none)).health).toBe('ready');
    } finally {
      await none.close();
    }
  });
});
