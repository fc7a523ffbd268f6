/**
 * Search for the site: the query language (query.ts) and URL filters turned into an engine query,
 * run on the live in-memory index (engine/), and the page of hits read back from the database
 * with highlighted snippets. The index is built on first use and caught up whenever the site's
 * content version moves, so a search never shows a stale item; what the public may see is
 * decided by the same visibility instants as every other path.
 */
import type { Site } from '../../site.js';
import { LISTING_COLUMNS } from '../content/items.repo.js';
import { normalizeName } from '../enrich/term-matcher.js';
import { labelIn, type Taxonomy } from '../taxonomy/taxonomy.js';
import { ANALYZER_LANGUAGES, analyze, normalizeTerm } from './analyze.js';
import { parseDateBound } from './dates.js';
import { type EngineQuery, type FacetCounts, type MatchNode, SOURCE_DIMENSION } from './engine/execute.js';
import { type IndexHost, InlineHost, WorkerHost } from './engine/index-host.js';
import type { LiveIndex } from './engine/live-index.js';
import { UNKNOWN_WORD } from './engine/spelling.js';
import { type Notice, type ParsedQuery, parseQuery, type TextNode } from './query.js';
import { HitReader, type HitTexts, type ItemColumn, type SearchHit } from './search-hits.js';

export { SOURCE_DIMENSION } from './engine/execute.js';

/** What a reader asked for: the query text plus the filters a search page keeps in its URL. */
export interface SearchRequest {
  readonly q: string;
  /** The reader's language: query analysis, labels, and the default language filter. */
  readonly language: string;
  /** Dimension (vocabulary slug or SOURCE_DIMENSION) → term slugs; OR within, AND across. */
  readonly filters?: ReadonlyMap<string, readonly string[]>;
  readonly types?: readonly string[];
  /** Item languages; empty or absent: every language. */
  readonly languages?: readonly string[];
  /** Calendar dates, inclusive (YYYY, YYYY-MM or YYYY-MM-DD). */
  readonly from?: string;
  readonly to?: string;
  readonly sort?: 'relevance' | 'date';
  readonly offset?: number;
  readonly limit?: number;
  readonly facets?: boolean;
  /** False for listings: hits without snippets, so no item body is read. */
  readonly snippets?: boolean;
  /**
   * The item columns each hit's `item` holds: LISTING_COLUMNS unless a caller presents more (the
   * API), read in the same query as the hits, not a second time.
   */
  readonly columns?: readonly ItemColumn[];
}

export type { ItemColumn, SearchHit } from './search-hits.js';

export interface SearchResponse {
  readonly total: number;
  readonly hits: readonly SearchHit[];
  readonly facets: FacetCounts | null;
  readonly parsed: ParsedQuery;
  readonly notices: readonly Notice[];
  /** The sort actually used: date when there are no words to rank by. */
  readonly sort: 'relevance' | 'date';
  /**
   * Milliseconds this search took here, from the request to its facets (a catch-up of the index
   * it waited for included): what a response's Server-Timing header reports (serverTiming).
   */
  readonly tookMs: number;
}

/**
 * A Server-Timing header value for a search ("search;dur=3.21"): browsers' developer tools show
 * it, and a client can tell the search from the rest of a response's time (bench:search does).
 */
export function serverTiming(result: Pick<SearchResponse, 'tookMs'>): string {
  return `search;dur=${result.tookMs.toFixed(2)}`;
}

/** Deep pages are answered up to here; beyond it readers are asked to narrow the search. */
export const MAX_OFFSET = 10_000;
const DAY = 86_400_000;

export class SearchService {
  private readonly host: IndexHost;
  private pending: Promise<void> | null = null;
  private readonly hitReader: HitReader;
  private indexedVersion = Number.NaN;
  /** Set while a starting server builds its index and practises searches (web/search-warm-up.ts). */
  warming = false;

  /** `host`: where the index runs; by default a worker thread (SEARCH_IN_WORKER), else inline. */
  constructor(
    private readonly site: Site,
    host?: IndexHost,
  ) {
    const inMemory = /^sqlite:(:memory:)?$/.test(site.config.databaseUrl);
    const positionsInMemory = site.config.searchPositionsMemoryMb * 1024 * 1024;
    this.host =
      host ??
      (site.config.searchInWorker && !inMemory
        ? new WorkerHost(site.config.databaseUrl, site.config.searchWorkers, positionsInMemory)
        : new InlineHost(site.database.db, () => site.taxonomy(), { positionsInMemory }));
    this.hitReader = new HitReader(site.database.db);
  }

  /**
   * Brings the index to the site's current content version (built on first use); returns the
   * index itself when it runs in this thread.
   */
  async current(): Promise<LiveIndex | null> {
    const inThread = () => (this.host instanceof InlineHost ? this.host.index : null);
    const { version } = await this.site.freshness();
    if (version === this.indexedVersion) return inThread();
    // One build or catch-up at a time; concurrent searches wait for the same one.
    this.pending ??= (async () => {
      try {
        await this.host.refresh();
        this.indexedVersion = version;
      } finally {
        this.pending = null;
      }
    })();
    await this.pending;
    // Written again while we caught up: catch up once more.
    if ((await this.site.freshness()).version !== this.indexedVersion) return this.current();
    return inThread();
  }

  /**
   * Where the index is: `idle` (built on the first search), `building` (the first build),
   * `warming` (built; the server is practising searches) or `ready`. Catching up with new content
   * later does not change it: searches wait only for what was written since.
   */
  get readiness(): 'idle' | 'building' | 'warming' | 'ready' {
    if (Number.isNaN(this.indexedVersion)) return this.pending || this.warming ? 'building' : 'idle';
    return this.warming ? 'warming' : 'ready';
  }

  close(): Promise<void> {
    return this.host.close();
  }

  /**
   * "Did you mean": for a search that found nothing, the query with each word the index does not
   * know replaced by the closest word it does, when that finds something; else null.
   */
  async didYouMean(request: SearchRequest): Promise<QuerySuggestion | null> {
    await this.current();
    const taxonomy = this.site.taxonomy();
    const parsed = this.parse(request.q, request.language, taxonomy);
    const typed = [...new Set(typedWords(parsed.text).map((w) => w.toLowerCase()))].slice(0, 12);
    if (typed.length === 0) return null;
    const words = typed.map((text) => ({
      text,
      forms: [
        ...new Set(
          [request.language, ...this.site.profile.languages]
            .map((language) => normalizeTerm(text, language))
            .filter((form): form is string => form !== null),
        ),
      ],
    }));
    const corrections = await this.host.suggest(words);
    const fixes = new Map<string, string>();
    corrections.forEach((fix, i) => {
      if (fix !== null && fix !== typed[i]) fixes.set(typed[i]!, fix);
    });
    if (fixes.size === 0) return null;
    const q = replaceWords(request.q, fixes);
    if (!/[\p{L}\p{N}]/u.test(q)) return null;
    const { total } = await this.search({
      ...request,
      q,
      offset: 0,
      limit: 1,
      facets: false,
      snippets: false,
    });
    return total > 0 ? { q, total } : null;
  }

  private parse(q: string, language: string, taxonomy: Taxonomy): ParsedQuery {
    return parseQuery(q, {
      vocabularies: Object.fromEntries(taxonomy.vocabularies.map((v) => [v.queryKey, v.slug])),
      sourceVocabularies: taxonomy.vocabularies.filter((v) => v.isSource).map((v) => v.slug),
      resolveTerm: termResolver(taxonomy),
      languages: this.site.profile.languages,
      language,
    });
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const started = performance.now();
    await this.current();
    const taxonomy = this.site.taxonomy();
    const parsed = this.parse(request.q, request.language, taxonomy);
    const notices: Notice[] = [...parsed.notices];
    const query = engineQuery(parsed, request, taxonomy, this.site.profile.languages, notices);
    const now = this.site.clock.now().getTime();
    const texts: HitTexts = {
      columns: request.columns ?? LISTING_COLUMNS,
      snippets: request.snippets !== false,
      text: query.text,
    };
    const inProgress = this.host.search(query, now);
    // Awaited after the rows are read; marked handled now, so a failed page does not leave it
    // rejected with no one listening.
    inProgress.facets.catch(() => undefined);
    const result = await inProgress.page;
    const hits = await this.hitReader.read(result.hits, texts);
    const facets = await inProgress.facets;
    return {
      total: result.total,
      hits,
      facets,
      parsed,
      notices,
      sort: query.sort,
      tookMs: performance.now() - started,
    };
  }
}

/** A search's spelling correction: the corrected query text and how many items it finds. */
export interface QuerySuggestion {
  readonly q: string;
  readonly total: number;
}

/** The words as typed in a query's text (plain words and the words of phrases), not under NOT. */
function typedWords(node: TextNode | null, out: string[] = []): string[] {
  if (!node) return out;
  switch (node.kind) {
    case 'word':
      out.push(node.text);
      break;
    case 'phrase':
      out.push(...node.text.split(/\s+/).filter(Boolean));
      break;
    case 'and':
    case 'or':
      for (const child of node.children) typedWords(child, out);
      break;
    default:
      break;
  }
  return out;
}

/**
 * `q` with each whole-word occurrence of a key of `fixes` replaced, case aside; a word replaced by
 * UNKNOWN_WORD is left out with its qualifier or minus sign, and so is a phrase or group it leaves
 * empty.
 */
function replaceWords(q: string, fixes: ReadonlyMap<string, string>): string {
  return q
    .replace(/([\p{L}\p{N}_-]+:|-)?([\p{L}\p{N}]+)/gu, (whole, prefix: string | undefined, word: string) => {
      const fix = fixes.get(word.toLowerCase());
      if (fix === undefined) return whole;
      return fix === UNKNOWN_WORD ? '' : (prefix ?? '') + fix;
    })
    .replace(/"\s*"|\(\s*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

type TermResolver = (vocabulary: string, value: string) => string | null;

/** One resolver per taxonomy snapshot: its name maps are built once, not on every search. */
const resolvers = new WeakMap<Taxonomy, TermResolver>();

function termResolver(taxonomy: Taxonomy): TermResolver {
  let resolver = resolvers.get(taxonomy);
  if (!resolver) {
    resolver = newTermResolver(taxonomy);
    resolvers.set(taxonomy, resolver);
  }
  return resolver;
}

/** Term slugs for what readers type after a qualifier: the slug, a label in any language, an alias. */
function newTermResolver(taxonomy: Taxonomy): TermResolver {
  const names = new Map<string, Map<string, string | null>>();
  return (vocabularySlug, value) => {
    let map = names.get(vocabularySlug);
    if (!map) {
      map = new Map();
      const vocabulary = taxonomy.vocabulary(vocabularySlug);
      for (const term of vocabulary ? taxonomy.termsOf(vocabulary.id) : []) {
        for (const name of [term.slug, ...Object.values(term.labels), ...term.aliases]) {
          const key = normalizeName(name);
          // A name shared by two terms names neither.
          map.set(key, map.has(key) && map.get(key) !== term.slug ? null : term.slug);
        }
      }
      names.set(vocabularySlug, map);
    }
    return map.get(normalizeName(value.replace(/-/g, ' '))) ?? map.get(normalizeName(value)) ?? null;
  };
}

function dayStart(date: string): number {
  return Date.parse(`${date}T00:00:00.000Z`);
}

/** Turns the parsed query and the URL's filters into one engine query. */
function engineQuery(
  parsed: ParsedQuery,
  request: SearchRequest,
  taxonomy: Taxonomy,
  languages: readonly string[],
  notices: Notice[],
): EngineQuery {
  const toMatch = (node: TextNode): MatchNode => matchOf(node, taxonomy, languages);
  const negative: MatchNode[] = parsed.mustNot.map((n) => ({ kind: 'not', child: toMatch(n) }));
  const filters = new Map<string, number[]>();
  const addFilter = (dimension: string, termId: number) => {
    const list = filters.get(dimension) ?? [];
    if (!list.includes(termId)) list.push(termId);
    filters.set(dimension, list);
  };
  for (const filter of parsed.filters) {
    const term = taxonomy.termBySlug(filter.vocabulary, filter.slug);
    if (!term) continue;
    if (filter.negated)
      negative.push({ kind: 'not', child: { kind: 'terms', termIds: [term.id], source: filter.source } });
    else addFilter(filter.source ? SOURCE_DIMENSION : filter.vocabulary, term.id);
  }
  for (const [dimension, slugs] of request.filters ?? []) {
    for (const slug of slugs) {
      const term =
        dimension === SOURCE_DIMENSION
          ? taxonomy.vocabularies
              .filter((v) => v.isSource)
              .map((v) => taxonomy.termBySlug(v.slug, slug))
              .find((t) => t !== undefined)
          : taxonomy.termBySlug(dimension, slug);
      if (term) addFilter(dimension, term.id);
      else notices.push({ code: 'unknown-term', key: dimension, value: slug });
    }
  }
  const types = [...parsed.types.filter((t) => !t.negated).map((t) => t.type), ...(request.types ?? [])];
  for (const t of parsed.types.filter((t) => t.negated))
    negative.push({ kind: 'not', child: { kind: 'type', type: t.type } });
  const itemLanguages = [
    ...parsed.languages.filter((l) => !l.negated).map((l) => l.language),
    ...(request.languages ?? []),
  ];
  for (const l of parsed.languages.filter((l) => l.negated))
    negative.push({ kind: 'not', child: { kind: 'language', language: l.language } });

  let from = parsed.dateRange.from ? dayStart(parsed.dateRange.from) : undefined;
  let to = parsed.dateRange.to ? dayStart(parsed.dateRange.to) + DAY - 1 : undefined;
  for (const [bound, raw] of [
    ['from', request.from],
    ['to', request.to],
  ] as const) {
    if (!raw) continue;
    const result = parseDateBound(raw, bound);
    if (result.date === null) notices.push(result.notice);
    else if (bound === 'from') from = Math.max(from ?? Number.NEGATIVE_INFINITY, dayStart(result.date));
    else to = Math.min(to ?? Number.POSITIVE_INFINITY, dayStart(result.date) + DAY - 1);
  }

  const positive = parsed.text ? toMatch(parsed.text) : null;
  const text: MatchNode | null =
    negative.length === 0
      ? positive
      : { kind: 'and', children: [...(positive ? [positive] : []), ...negative] };
  // Ranking a deep page keeps a heap of offset + limit hits, so relevance pages stop at MAX_OFFSET;
  // a date-ordered page is a slice of the match set's set bits, cheap at any depth (listings).
  const ranked = request.sort !== 'date' && positive !== null;
  const offset = Math.max(0, request.offset ?? 0);
  const clampedOffset = ranked ? Math.min(offset, MAX_OFFSET) : offset;
  return {
    text,
    filters,
    types,
    languages: itemLanguages,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    sort: ranked ? 'relevance' : 'date',
    offset: clampedOffset,
    limit: Math.min(Math.max(1, request.limit ?? 20), 100),
    facets: request.facets !== false,
  };
}

/**
 * A query node as the engine matches it. Documents were analyzed in their own language, so a word
 * matches any of its analyses in the site's languages ("rivers" → river; "rivières" → rivier).
 */
function matchOf(node: TextNode, taxonomy: Taxonomy, languages: readonly string[]): MatchNode {
  const field = (f: 'title' | 'body' | null) => (f ? { field: f } : {});
  switch (node.kind) {
    case 'word': {
      const forms = new Set([node.term]);
      for (const language of languages) {
        const form = normalizeTerm(node.text, language);
        if (form) forms.add(form);
      }
      const words = [...forms].map((word): MatchNode => ({ kind: 'word', word, ...field(node.field) }));
      return words.length === 1 ? words[0]! : { kind: 'or', children: words };
    }
    case 'phrase': {
      // Like a word, a phrase matches its analysis in any of the site's languages, each with its
      // own gaps (a language's stop words leave them).
      const variants = new Map<string, { words: string[]; offsets: number[] }>([
        [
          `${node.terms.join(' ')}|${node.offsets.join(' ')}`,
          { words: [...node.terms], offsets: [...node.offsets] },
        ],
      ]);
      for (const language of languages) {
        const tokens = analyze(node.text, language);
        if (tokens.length === 0) continue;
        const words = tokens.map((t) => t.term);
        const offsets = tokens.map((t) => t.position - tokens[0]!.position);
        variants.set(`${words.join(' ')}|${offsets.join(' ')}`, { words, offsets });
      }
      const phrases = [...variants.values()].map(
        ({ words, offsets }): MatchNode =>
          words.length === 1
            ? { kind: 'word', word: words[0]!, ...field(node.field) }
            : { kind: 'phrase', words, offsets, ...field(node.field) },
      );
      return phrases.length === 1 ? phrases[0]! : { kind: 'or', children: phrases };
    }
    case 'prefix': {
      // Index words are stems, and the stem of a typed prefix can be shorter ("organiz*" → organ):
      // both are tried, so a prefix finds what its whole word would.
      const prefixes = new Set([node.prefix]);
      for (const language of languages) {
        const stem = normalizeTerm(node.text, language);
        if (stem && stem.length < node.prefix.length && node.prefix.startsWith(stem.slice(0, 3)))
          prefixes.add(stem);
      }
      const nodes = [...prefixes].map(
        (prefix): MatchNode => ({ kind: 'prefix', prefix, ...field(node.field) }),
      );
      return nodes.length === 1 ? nodes[0]! : { kind: 'or', children: nodes };
    }
    case 'filter': {
      const term = taxonomy.termBySlug(node.vocabulary, node.slug);
      return { kind: 'terms', termIds: term ? [term.id] : [], source: node.source };
    }
    case 'type':
      return { kind: 'type', type: node.type };
    case 'language':
      return { kind: 'language', language: node.language };
    case 'date':
      return node.bound === 'from'
        ? { kind: 'dates', from: dayStart(node.date), to: Number.POSITIVE_INFINITY }
        : { kind: 'dates', from: Number.NEGATIVE_INFINITY, to: dayStart(node.date) + DAY - 1 };
    case 'and':
      return { kind: 'and', children: node.children.map((c) => matchOf(c, taxonomy, languages)) };
    case 'or':
      return { kind: 'or', children: node.children.map((c) => matchOf(c, taxonomy, languages)) };
    case 'not':
      return { kind: 'not', child: matchOf(node.child, taxonomy, languages) };
  }
}

/** Labels for facet rendering: a term id's label in a language. */
export function facetLabel(taxonomy: Taxonomy, termId: number, language: string): string {
  const term = taxonomy.term(termId);
  return term ? labelIn(term.labels, language) : String(termId);
}

export { ANALYZER_LANGUAGES };
