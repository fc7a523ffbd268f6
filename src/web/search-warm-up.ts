/**
 * Practice searches when a server starts: a search warmer, as Solr's first-searcher queries are.
 *
 * Why: V8 compiles a function to fast machine code only once it has run it many times, on
 * background threads. A server that has just built its index has run its search path (the engine
 * in each search worker; the hits' rows, snippets and page rendering in the request thread) a
 * handful of times, so its first seconds under load were spent compiling on the same two cores
 * the searches needed: at 200 req/s the first ten seconds were answered at ~150 req/s with a p95
 * of seconds (docs/ARCHITECTURE.md, "Practice searches at start"). A few passes one search at a time did not
 * set it off; searches several at a time, thousands of them, did.
 *
 * So once the index is built, the server sends itself `SEARCH_WARM_UP` searches through its own
 * routes (app.inject: routing, the engine in its workers, rows and snippets, the HTML page and the
 * API's JSON), four at a time, made of the words of the newest titles in the shapes readers use,
 * and says it is ready (/ready, /health) only after them. Readers arriving meanwhile are answered,
 * sharing the machine with the practice. Practice requests carry a token only this process knows:
 * they are neither logged nor counted against the API's rate limit.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { type Released, releaseFreedMemory } from '../freed-memory.js';

const PRACTICE_HEADER = 'x-dateline-practice';
const PRACTICE_TOKEN = randomBytes(16).toString('hex');
/** Practice searches under way at once: enough for both search workers to run whole searches. */
const CONCURRENCY = 4;
/** However slow the machine, the practice stops after this long. */
const MAX_MS = 60_000;
/** The newest items whose titles give the practice its words. */
const TITLES = 120;

/** Whether a request is one of this process's practice searches. */
export function isPractice(request: { readonly headers: IncomingHttpHeaders }): boolean {
  return request.headers[PRACTICE_HEADER] === PRACTICE_TOKEN;
}

export interface WarmUpReport {
  /** Practice searches answered, and how many of them were not 200. */
  readonly searches: number;
  readonly failed: number;
  readonly ms: number;
  /** The memory the build freed, handed back to the system before and after the practice (freed-memory.ts). */
  readonly released: Released;
}

/**
 * The practice's URLs: for each of the newest titles, one search page or API search of its words
 * in one of the shapes of the query language (a word, two words, OR with AND, NOT, a phrase), in
 * turn with a filter of each vocabulary, a type, a date range, date order or a deep page; and a
 * few with no words (browsing) or a misspelling (no hits: "did you mean"). Empty without items.
 */
export async function practicePaths(app: FastifyInstance): Promise<string[]> {
  const { site, searchService } = app;
  const language = site.profile.defaultLanguage;
  const newest = await searchService.search({
    q: '',
    language,
    sort: 'date',
    limit: TITLES,
    facets: false,
    snippets: false,
  });
  const taxonomy = site.taxonomy();
  const filters = taxonomy.vocabularies.flatMap((v) =>
    taxonomy
      .termsOf(v.id)
      .slice(0, 3)
      .map((t) => `${encodeURIComponent(v.queryKey)}=${encodeURIComponent(t.slug)}`),
  );
  const paths: string[] = [];
  newest.hits.forEach((hit, i) => {
    const words = hit.item.title.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 3);
    if (words.length === 0) return;
    const [a, b = a, c = b] = words as [string, string?, string?];
    const shapes = [a, `${a} ${b}`, `(${a} OR ${b}) ${c}`, `${a} -${c}`, `"${a} ${b}"`];
    const params = new URLSearchParams({ q: shapes[i % shapes.length]! });
    const year = hit.item.published_at?.slice(0, 4);
    switch (i % 6) {
      case 1:
        if (filters.length > 0) {
          const filter = new URLSearchParams(filters[i % filters.length]!);
          for (const [key, value] of filter) params.append(key, value);
        }
        break;
      case 2:
        params.append('type', hit.item.type);
        break;
      case 3:
        if (year) {
          params.append('from', year);
          params.append('to', year);
        }
        break;
      case 4:
        params.append('sort', 'date');
        break;
      case 5:
        params.append('page', '20');
        break;
    }
    const pageLanguage = site.profile.languages.includes(hit.item.language) ? hit.item.language : language;
    if (i % 4 === 3) paths.push(`/api/v1/search?${params}`);
    else paths.push(`/${pageLanguage}/search?${params}&lang=${i % 2 === 0 ? 'any' : pageLanguage}`);
    if (i % 10 === 0) paths.push(`/${language}/search?q=${encodeURIComponent(`${a}${a.at(-1)}q`)}`);
    if (i % 10 === 5) paths.push(`/${language}/search?${filters[i % Math.max(1, filters.length)] ?? ''}`);
  });
  return paths;
}

/**
 * Builds the search index now (not on the first search) and warms it with `searches` practice
 * searches (none with 0): what `dateline serve` does after it starts listening. The service's
 * readiness says where it is (SearchService.readiness). The memory the build freed goes back to
 * the system before the practice, and again before it says ready: by then the practice has given
 * the collector time to let the rest of the build's buffers go (freed-memory.ts). Once `stopping`
 * is aborted (the server is closing) no further practice search is sent.
 */
export async function prepareSearch(
  app: FastifyInstance,
  searches: number,
  stopping?: AbortSignal,
): Promise<WarmUpReport> {
  const { searchService } = app;
  searchService.warming = true;
  try {
    await searchService.current();
    // Twice: what the build freed, before the practice (else the practice's own allocations sit on
    // top of it: ~60 MB higher at a million items), then what the collector let go during it.
    const afterBuild = releaseFreedMemory();
    const practice = await practise(app, searches, stopping);
    const afterPractice = releaseFreedMemory();
    return {
      ...practice,
      released: {
        available: afterBuild.available,
        mb: afterBuild.mb + afterPractice.mb,
        ms: Number((afterBuild.ms + afterPractice.ms).toFixed(1)),
      },
    };
  } finally {
    searchService.warming = false;
  }
}

async function practise(
  app: FastifyInstance,
  searches: number,
  stopping?: AbortSignal,
): Promise<Omit<WarmUpReport, 'released'>> {
  const started = performance.now();
  let answered = 0;
  let failed = 0;
  const paths = searches > 0 ? await practicePaths(app) : [];
  if (paths.length === 0) return { searches: 0, failed: 0, ms: 0 };
  let next = 0;
  const practiser = async () => {
    // A closed app refuses injected requests: a server stopped while it practises just stops.
    while (next < searches && performance.now() - started < MAX_MS && !stopping?.aborted) {
      const url = paths[next++ % paths.length]!;
      const response = await app.inject({
        method: 'GET',
        url,
        headers: { [PRACTICE_HEADER]: PRACTICE_TOKEN },
      });
      answered++;
      if (response.statusCode !== 200) failed++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, practiser));
  return { searches: answered, failed, ms: Math.round(performance.now() - started) };
}
