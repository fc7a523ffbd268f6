/**
 * The fixed query mix of the search benchmark, derived from the index's own vocabulary so it works
 * at any corpus size and is the same on every run over the same corpus. Each query is kept in
 * three shapes: the text a reader types (our query language), a structured form the baselines
 * translate to FTS5 and MiniSearch, and the search page URL for the HTTP load.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema.js';
import { ANALYZER_LANGUAGES, forEachTerm, normalizeTerm } from '../src/modules/search/analyze.js';
import { forEachPosting, type IndexData } from '../src/modules/search/engine/index-data.js';
import { htmlToText } from '../src/modules/search/engine/load.js';
import type { Taxonomy } from '../src/modules/taxonomy/taxonomy.js';

export const QUERY_CLASSES = [
  'rare word',
  'common word',
  'phrase',
  'boolean',
  'two facet filters',
  'date range',
  'browse',
  'deep page',
] as const;
export type QueryClass = (typeof QUERY_CLASSES)[number];

/** Classes whose words match a large share of the corpus: where the targets against SQL apply. */
export const COMMON_CLASSES: readonly QueryClass[] = ['common word', 'phrase', 'deep page'];

/** The words of a query as surface words (what a reader types), for the baselines. */
export type TextQuery =
  | { readonly kind: 'word'; readonly word: string }
  | { readonly kind: 'phrase'; readonly words: readonly string[] }
  | { readonly kind: 'and' | 'or'; readonly children: readonly TextQuery[] }
  | { readonly kind: 'andNot'; readonly positive: TextQuery; readonly negative: TextQuery };

export interface TermFilter {
  /** Vocabulary slug (the key of SearchRequest.filters). */
  readonly vocabulary: string;
  /** Its URL parameter on the search page. */
  readonly queryKey: string;
  readonly slug: string;
}

export interface BenchQuery {
  readonly class: QueryClass;
  /** The query as a reader types it. */
  readonly q: string;
  /** The words of `q` for the baselines; null: no words (browse). */
  readonly text: TextQuery | null;
  readonly filters: readonly TermFilter[];
  readonly types: readonly string[];
  /** Years, inclusive; written into `q` as from:/to: as well. */
  readonly fromYear?: number;
  readonly toYear?: number;
  readonly offset: number;
  readonly limit: number;
}

/** Query language spelling of a TextQuery. */
export function queryText(node: TextQuery): string {
  switch (node.kind) {
    case 'word':
      return node.word;
    case 'phrase':
      return `"${node.words.join(' ')}"`;
    case 'and':
      return node.children.map((c) => (c.kind === 'or' ? `(${queryText(c)})` : queryText(c))).join(' ');
    case 'or':
      return node.children.map(queryText).join(' OR ');
    case 'andNot': {
      // NOT binds tightest and OR loosest: `a OR b -c` is `a OR (b -c)`, so groups get parentheses.
      const group = (n: TextQuery) =>
        n.kind === 'word' || n.kind === 'phrase' ? queryText(n) : `(${queryText(n)})`;
      return `${group(node.positive)} -${group(node.negative)}`;
    }
  }
}

/** A query's words, filters and types as URL parameters (the page and the API name them alike). */
function searchParams(query: BenchQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.append('q', query.q);
  for (const f of query.filters) params.append(f.queryKey, f.slug);
  for (const t of query.types) params.append('type', t);
  return params;
}

/**
 * The search page URL of a query (page from the offset): every language, or items in `language`
 * only (what the page searches when no language is asked for: its own).
 */
export function searchPath(query: BenchQuery, language: string | null = null): string {
  const params = searchParams(query);
  params.append('lang', language ?? 'any');
  const page = Math.floor(query.offset / query.limit) + 1;
  if (page > 1) params.append('page', String(page));
  return `/en/search?${params}`;
}

/**
 * The open API URL of a query: the same search, hits and facets as JSON (every language is the
 * API's default, or items in `language` only; offset paging).
 */
export function apiSearchPath(query: BenchQuery, language: string | null = null): string {
  const params = searchParams(query);
  if (language) params.append('lang', language);
  params.append('limit', String(query.limit));
  if (query.offset > 0) params.append('offset', String(query.offset));
  return `/api/v1/search?${params}`;
}

/** `SearchRequest.filters` of a query. */
export function filterMap(query: BenchQuery): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const f of query.filters) map.set(f.vocabulary, [...(map.get(f.vocabulary) ?? []), f.slug]);
  return map;
}

const PER_CLASS = 20;
const PLAIN_WORD = /^[a-z]{3,}$/;
/** A spelling a reader would type for it: letters only (any script, accents kept). */
const SURFACE_WORD = /^\p{L}{3,}$/u;
/**
 * English function words the analyzer indexes (its stop list is deliberately short) but readers
 * rarely search for; left out of the common-word pools so those classes are content words.
 */
const FUNCTION_WORDS = new Set(
  (
    'about above after again against all also am any been before being below between both can could did do does doing ' +
    'down during each few from further had has have having he her here hers him his how its itself just me more most ' +
    'my nor now off once only other our ours out over own same she should so some than them themselves those through ' +
    'too under until up very we were what when where which while who whom why would you your yours'
  ).split(' '),
);
/** Documents read per word to find how readers spell it, and for the phrase sample. */
const SURFACE_SAMPLES = 4;
const PHRASE_SAMPLE_DOCS = 1500;
const DEEP_OFFSET = 2000;

/** `count` items spread evenly over `list`, in order. */
function spread<T>(list: readonly T[], count: number): T[] {
  if (list.length <= count) return [...list];
  return Array.from({ length: count }, (_, i) => list[Math.floor((i * list.length) / count)]!);
}

type TextRow = { id: number; language: string; title: string; summary: string; body_html: string };

async function readTexts(db: Kysely<Database>, ids: readonly number[]): Promise<TextRow[]> {
  const rows: TextRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    rows.push(
      ...(await db
        .selectFrom('items')
        .select(['id', 'language', 'title', 'summary', 'body_html'])
        .where('id', 'in', ids.slice(i, i + 500))
        .orderBy('id')
        .execute()),
    );
  }
  return rows;
}

const textOf = (r: TextRow) => `${r.title}\n${r.summary}\n${htmlToText(r.body_html)}`;

/**
 * How readers write each index word: its most frequent spelling in documents holding it (English
 * ones preferred), kept only when the analysis of that spelling in the document's language gives
 * the word back.
 */
async function surfaceForms(
  data: IndexData,
  db: Kysely<Database>,
  words: readonly string[],
): Promise<Map<string, string>> {
  const wanted = new Set(words);
  const ids = new Set<number>();
  for (const word of words) {
    const postings = data.words.get(word);
    const docs: number[] = [];
    if (postings)
      forEachPosting(postings, (d) => {
        if (docs.length < 4000) docs.push(d);
      });
    for (const d of spread(docs, SURFACE_SAMPLES)) ids.add(data.itemId[d]!);
  }
  const counts = new Map<string, Map<string, number>>();
  for (const row of await readTexts(db, [...ids])) {
    const text = textOf(row);
    forEachTerm(text, row.language, (term, _position, start, end) => {
      if (!wanted.has(term)) return;
      const spelling = text.slice(start, end).toLowerCase();
      if (!SURFACE_WORD.test(spelling) || normalizeTerm(spelling, row.language) !== term) return;
      const key = `${row.language === 'en' ? 0 : 1} ${spelling}`;
      const map = counts.get(term) ?? new Map<string, number>();
      map.set(key, (map.get(key) ?? 0) + 1);
      counts.set(term, map);
    });
  }
  const out = new Map<string, string>();
  for (const [word, spellings] of counts) {
    const best = [...spellings].sort(
      (a, b) =>
        (a[0][0]! < b[0][0]! ? -1 : a[0][0]! > b[0][0]! ? 1 : 0) || b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
    )[0]![0];
    out.set(word, best.slice(2));
  }
  return out;
}

/** Most frequent pairs of adjacent common words in a spread sample of English documents. */
async function commonPhrases(
  data: IndexData,
  db: Kysely<Database>,
  common: ReadonlySet<string>,
  count: number,
): Promise<string[][]> {
  const ordinals = spread(
    Array.from({ length: data.size }, (_, d) => d),
    PHRASE_SAMPLE_DOCS,
  );
  const docsWith = new Map<string, { n: number; spellings: Map<string, number> }>();
  for (const row of await readTexts(
    db,
    ordinals.map((d) => data.itemId[d]!),
  )) {
    if (row.language !== 'en') continue;
    const text = textOf(row);
    const seen = new Set<string>();
    let previous: { term: string; position: number; start: number } | null = null;
    forEachTerm(text, 'en', (term, position, start, end) => {
      if (previous && previous.position === position - 1 && previous.term !== term && common.has(term)) {
        const key = `${previous.term} ${term}`;
        const spelling = text.slice(previous.start, end).toLowerCase();
        if (/^[a-z]+ [a-z]+$/.test(spelling)) {
          const entry = docsWith.get(key) ?? { n: 0, spellings: new Map<string, number>() };
          if (!seen.has(key)) entry.n++;
          seen.add(key);
          entry.spellings.set(spelling, (entry.spellings.get(spelling) ?? 0) + 1);
          docsWith.set(key, entry);
        }
      }
      previous = common.has(term) ? { term, position, start } : null;
    });
  }
  return [...docsWith]
    .sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([, e]) => [...e.spellings].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0].split(' '));
}

export interface QueryMix {
  readonly queries: readonly BenchQuery[];
  /** What the words were chosen from, for the report. */
  readonly notes: Record<string, string>;
}

/** The benchmark's queries, about PER_CLASS per class, deterministic for a corpus. */
export async function buildQueryMix(
  data: IndexData,
  taxonomy: Taxonomy,
  db: Kysely<Database>,
): Promise<QueryMix> {
  const byDf = [...data.words]
    .filter(([word]) => PLAIN_WORD.test(word))
    .map(([word, p]) => ({ word, df: p.df }))
    .sort((a, b) => b.df - a.df || (a.word < b.word ? -1 : 1));
  // Rare: df within 0.05–0.2% of the docs; where the vocabulary has too few such words, the
  // words nearest to that band (on a log scale) make up the class.
  const rareLow = Math.max(2, Math.round(data.size * 0.0005));
  const rareHigh = Math.max(rareLow + 3, Math.round(data.size * 0.002));
  const distance = (df: number) =>
    df < rareLow ? Math.log(rareLow / df) : df > rareHigh ? Math.log(df / rareHigh) : 0;
  const rareCandidates = byDf
    .filter((w) => w.word.length >= 4 && w.df >= 2)
    .map((w) => ({ ...w, distance: distance(w.df) }))
    .sort((a, b) => a.distance - b.distance || a.df - b.df || (a.word < b.word ? -1 : 1))
    .slice(0, PER_CLASS * 8)
    .sort((a, b) => a.df - b.df || (a.word < b.word ? -1 : 1));
  const topCandidates = byDf.filter((w) => !FUNCTION_WORDS.has(w.word)).slice(0, 120);
  const surface = await surfaceForms(
    data,
    db,
    [...rareCandidates, ...topCandidates].map((w) => w.word),
  );
  // A reader's word matches its analyses in every language: keep it rare in all of them.
  const queryDf = (spelling: string) =>
    [...new Set(ANALYZER_LANGUAGES.map((l) => normalizeTerm(spelling, l)))].reduce(
      (sum, form) => sum + (form ? (data.words.get(form)?.df ?? 0) : 0),
      0,
    );
  const rare = rareCandidates.filter(
    (w) => surface.has(w.word) && queryDf(surface.get(w.word)!) <= rareHigh * 2,
  );
  const rareChosen = spread(rare, PER_CLASS);
  const rareWords = rareChosen.map((w) => surface.get(w.word)!);
  const tops = topCandidates.filter((w) => surface.has(w.word)).map((w) => surface.get(w.word)!);
  const common = tops.slice(0, PER_CLASS);
  const medium = tops.slice(PER_CLASS, PER_CLASS * 4);
  const phrases = await commonPhrases(
    data,
    db,
    new Set(
      byDf
        .filter((w) => !FUNCTION_WORDS.has(w.word))
        .slice(0, 300)
        .map((w) => w.word),
    ),
    PER_CLASS,
  );

  const facetTerms = (vocabulary: string, count: number): TermFilter[] => {
    const v = taxonomy.vocabulary(vocabulary);
    if (!v) return [];
    return (
      taxonomy
        .termsOf(v.id)
        .map((t) => ({ t, n: data.facetDocs[data.facetOrdinal.get(`t:${t.id}`) ?? -1]?.length ?? 0 }))
        // Leaf terms only: a group term (e.g. all participating states) is matched with its
        // descendants by our engine but not by the baselines' plain tag joins.
        .filter((x) => x.n > 0 && taxonomy.children(x.t.id).length === 0)
        .sort((a, b) => b.n - a.n || a.t.id - b.t.id)
        .slice(0, count)
        .map(({ t }) => ({ vocabulary, queryKey: v.queryKey, slug: t.slug }))
    );
  };
  const fields = facetTerms('fields-of-work', 10);
  const countries = facetTerms('countries', 10);
  const yearCounts = new Map<number, number>();
  for (const y of data.year) yearCounts.set(y, (yearCounts.get(y) ?? 0) + 1);
  const years = [...yearCounts]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, PER_CLASS)
    .map(([y]) => y);

  const base = { filters: [], types: [], offset: 0, limit: 20 } as const;
  const of = (cls: QueryClass, text: TextQuery | null, extra: Partial<BenchQuery> = {}): BenchQuery => ({
    ...base,
    class: cls,
    q: text ? queryText(text) : '',
    text,
    ...extra,
  });
  const word = (w: string): TextQuery => ({ kind: 'word', word: w });
  const at = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
  const queries: BenchQuery[] = [];
  for (const w of rareWords) queries.push(of('rare word', word(w)));
  for (const w of common) queries.push(of('common word', word(w)));
  for (const words of phrases) queries.push(of('phrase', { kind: 'phrase', words }));
  for (let i = 0; i < PER_CLASS; i++) {
    const either: TextQuery = {
      kind: 'or',
      children: [word(at(medium, 2 * i)), word(at(medium, 2 * i + 1))],
    };
    queries.push(
      of(
        'boolean',
        i % 2 === 0
          ? { kind: 'andNot', positive: either, negative: word(at(medium, 2 * i + 20)) }
          : { kind: 'and', children: [either, word(at(common, i))] },
      ),
    );
  }
  if (fields.length > 0 && countries.length > 0)
    for (let i = 0; i < PER_CLASS; i++)
      queries.push(
        of('two facet filters', word(at(common, i)), {
          filters: [at(fields, i), at(countries, (i * 3) % countries.length)],
        }),
      );
  for (let i = 0; i < PER_CLASS && years.length > 0; i++) {
    const year = at(years, i);
    const text = word(at(common, i));
    queries.push(
      of('date range', text, {
        q: `${queryText(text)} from:${year} to:${year}`,
        fromYear: year,
        toYear: year,
      }),
    );
  }
  const browse: Partial<BenchQuery>[] = [
    {},
    ...data.types.map((t) => ({ types: [t] })),
    ...countries.map((c) => ({ filters: [c] })),
    ...fields.map((f) => ({ filters: [f] })),
  ];
  for (const extra of browse.slice(0, PER_CLASS)) queries.push(of('browse', null, extra));
  for (const w of common) queries.push(of('deep page', word(w), { offset: DEEP_OFFSET }));

  const percent = (n: number) => `${((n / Math.max(1, data.size)) * 100).toFixed(2)}%`;
  const dfOf = (w: string) => data.words.get(normalizeTerm(w, 'en') ?? '')?.df ?? 0;
  return {
    queries,
    notes: {
      rare: `${rareWords.length} words of df ${rareChosen[0]?.df}–${rareChosen.at(-1)?.df} (band 0.05–0.2% = ${rareLow}–${rareHigh} of ${data.size} docs), e.g. ${rareWords.slice(0, 4).join(', ')}`,
      common: `top-df words ${percent(dfOf(common.at(-1) ?? ''))}–${percent(dfOf(common[0] ?? ''))}: ${common.slice(0, 6).join(', ')}…`,
      phrase: `adjacent common words, e.g. ${phrases
        .slice(0, 4)
        .map((p) => `"${p.join(' ')}"`)
        .join(', ')}`,
      facets: `fields ${fields.map((f) => f.slug).join(', ')}; countries ${countries.map((c) => c.slug).join(', ')}`,
    },
  };
}
