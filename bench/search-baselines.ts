/**
 * The two baselines of the search benchmark, answering the same query mix:
 *
 * - NaiveSql: what one would write first on SQLite. An FTS5 table over title and text (summary +
 *   body) in its own file beside the corpus (built once, cached); the page of hits by
 *   `MATCH … ORDER BY bm25() LIMIT 20` joined to items for visibility; each facet (tags, sources,
 *   type, language, year) by its own GROUP BY join over the matches.
 * - MiniSearchBaseline: an in-memory JS engine (MiniSearch) over the same analyzed words as ours
 *   (each document analyzed in its own language by our analyzer), with type, language, year,
 *   date and term ids stored per document; facets counted by a JS loop over all its results.
 *
 * Neither does disjunctive facets, term ancestors or snippets: each is a little less work than
 * what our engine is asked to do.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import MiniSearch, { type Query } from 'minisearch';
import { ANALYZER_LANGUAGES, forEachTerm, normalizeTerm } from '../src/modules/search/analyze.js';
import { htmlToText } from '../src/modules/search/engine/load.js';
import type { BenchQuery, TextQuery } from './search-queries.js';

export interface BaselineResult {
  readonly total: number;
  readonly hits: readonly number[];
  /** Number of distinct facet values counted (a sanity check that facets were computed). */
  readonly facetValues: number;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

// --- naive SQL ----------------------------------------------------------------------------------

/** FTS5 query syntax of a TextQuery; every word quoted, so no word is read as an operator. */
export function ftsQuery(node: TextQuery): string {
  const quote = (w: string) => `"${w.replace(/"/g, '""')}"`;
  switch (node.kind) {
    case 'word':
      return quote(node.word);
    case 'phrase':
      return quote(node.words.join(' '));
    case 'and':
      return node.children.map((c) => `(${ftsQuery(c)})`).join(' AND ');
    case 'or':
      return node.children.map((c) => `(${ftsQuery(c)})`).join(' OR ');
    case 'andNot':
      return `(${ftsQuery(node.positive)}) NOT (${ftsQuery(node.negative)})`;
  }
}

/**
 * The FTS5 file for a corpus database, built on first use: contentless (the corpus holds the
 * text), Porter-stemmed like our English analysis, automerge off during the bulk load and then
 * optimized. Returns the build time of the run that built it.
 */
export function ftsDatabase(corpusFile: string): { file: string; buildSeconds: number; cached: boolean } {
  const file = corpusFile.replace(/\.db$/, '.fts5.db');
  const done = `${file}.complete`;
  if (fs.existsSync(done)) {
    const { buildSeconds } = JSON.parse(fs.readFileSync(done, 'utf8')) as { buildSeconds: number };
    return { file, buildSeconds, cached: true };
  }
  fs.rmSync(file, { force: true });
  const started = performance.now();
  const fts = new Database(file);
  fts.pragma('journal_mode = OFF');
  fts.pragma('synchronous = OFF');
  fts.exec(`create virtual table fts using fts5(title, body, content='',
    tokenize='porter unicode61 remove_diacritics 2')`);
  fts.exec(`insert into fts(fts, rank) values('automerge', 0)`);
  const corpus = new Database(corpusFile, { readonly: true });
  const total = (corpus.prepare('select count(*) as n from items').get() as { n: number }).n;
  const insert = fts.prepare('insert into fts(rowid, title, body) values (?, ?, ?)');
  const rows = corpus
    .prepare('select id, title, summary, body_html from items order by id')
    .iterate() as Iterable<{
    id: number;
    title: string;
    summary: string;
    body_html: string;
  }>;
  let n = 0;
  fts.exec('begin');
  for (const r of rows) {
    insert.run(r.id, r.title, `${r.summary}\n${htmlToText(r.body_html)}`);
    if (++n % 20_000 === 0) {
      fts.exec('commit; begin');
      log(`FTS5 build: ${n.toLocaleString('en')}/${total.toLocaleString('en')}`);
    }
  }
  fts.exec('commit');
  fts.exec(`insert into fts(fts) values('optimize')`);
  corpus.close();
  fts.close();
  const buildSeconds = (performance.now() - started) / 1000;
  fs.writeFileSync(done, JSON.stringify({ buildSeconds, items: n, at: new Date().toISOString() }));
  return { file, buildSeconds, cached: false };
}

/** A term's id in a corpus database (-1 when it has none), looked up once per term. */
function termIdOf(
  db: Database.Database,
  cache: Map<string, number>,
  vocabulary: string,
  slug: string,
): number {
  const key = `${vocabulary}/${slug}`;
  let id = cache.get(key);
  if (id === undefined) {
    const row = db
      .prepare(
        `select t.id from terms t join vocabularies v on v.id = t.vocabulary_id where v.slug = ? and t.slug = ?`,
      )
      .get(vocabulary, slug) as { id: number } | undefined;
    id = row?.id ?? -1;
    cache.set(key, id);
  }
  return id;
}

export class NaiveSql {
  private readonly db: Database.Database;
  private readonly termIds = new Map<string, number>();

  constructor(
    ftsFile: string,
    corpusFile: string,
    private readonly now: string,
  ) {
    this.db = new Database(ftsFile, { readonly: true });
    this.db.prepare('attach database ? as corpus').run(corpusFile);
    this.db.pragma('cache_size = -262144'); // 256 MB, like a tuned server
  }

  close(): void {
    this.db.close();
  }

  private termId(vocabulary: string, slug: string): number {
    return termIdOf(this.db, this.termIds, vocabulary, slug);
  }

  /** The conditions on `items i` besides the words, shared by hits and facets, with their parameters. */
  private where(query: BenchQuery): { sql: string; params: unknown[] } {
    const parts = ['i.visible_from <= ?'];
    const params: unknown[] = [this.now];
    for (const f of query.filters) {
      parts.push('i.id in (select item_id from item_tags where term_id = ?)');
      params.push(this.termId(f.vocabulary, f.slug));
    }
    if (query.types.length > 0) {
      parts.push(`i.type in (${query.types.map(() => '?').join(', ')})`);
      params.push(...query.types);
    }
    if (query.fromYear !== undefined) {
      parts.push('i.published_at >= ?');
      params.push(`${query.fromYear}-01-01`);
    }
    if (query.toYear !== undefined) {
      parts.push('i.published_at < ?');
      params.push(`${query.toYear + 1}-01-01`);
    }
    return { sql: parts.join(' and '), params };
  }

  run(query: BenchQuery): BaselineResult {
    const { sql, params } = this.where(query);
    const match = query.text ? ftsQuery(query.text) : null;
    const page = [query.limit, query.offset];
    // Hits: ranked by bm25 (title weighs 3, as in our engine), or newest first without words.
    const hits = match
      ? (this.db
          .prepare(
            `select i.id, i.title, i.summary, i.type, i.language, i.published_at
             from fts join items i on i.id = fts.rowid
             where fts match ? and ${sql}
             order by bm25(fts, 3.0, 1.0) limit ? offset ?`,
          )
          .all(match, ...params, ...page) as { id: number }[])
      : (this.db
          .prepare(
            `select i.id, i.title, i.summary, i.type, i.language, i.published_at from items i
             where ${sql} order by i.published_at desc, i.id desc limit ? offset ?`,
          )
          .all(...params, ...page) as { id: number }[]);
    const matchSql = match ? 'i.id in (select rowid from fts where fts match ?) and ' : '';
    const matchParams = match ? [match] : [];
    const group = (select: string, from: string) =>
      this.db
        .prepare(`select ${select} as k, count(*) as n from ${from} where ${matchSql}${sql} group by k`)
        .all(...matchParams, ...params) as { k: unknown; n: number }[];
    const types = group('i.type', 'items i');
    const languages = group('i.language', 'items i');
    const years = group('substr(i.published_at, 1, 4)', 'items i');
    const tags = group('t.term_id', 'item_tags t join items i on i.id = t.item_id');
    const sources = group('s.term_id', 'item_sources s join items i on i.id = s.item_id');
    return {
      total: types.reduce((sum, r) => sum + r.n, 0),
      hits: hits.map((h) => h.id),
      facetValues: types.length + languages.length + years.length + tags.length + sources.length,
    };
  }
}

// --- MiniSearch ---------------------------------------------------------------------------------

interface MiniDoc {
  id: number;
  title: string;
  text: string;
  type: string;
  language: string;
  year: number;
  date: number;
  tags: number[];
}

/** Our analyzer's words of a text, space-separated: MiniSearch then only splits on spaces. */
function analyzed(text: string, language: string): string {
  const words: string[] = [];
  forEachTerm(text, language, (term) => {
    words.push(term);
  });
  return words.join(' ');
}

export class MiniSearchBaseline {
  private readonly termIds = new Map<string, number>();

  private constructor(
    private readonly engine: MiniSearch<MiniDoc>,
    private readonly db: Database.Database,
    readonly size: number,
  ) {}

  /** Indexes every item of `corpusFile` visible at `now`. */
  static build(corpusFile: string, now: string, onProgress?: (n: number) => void): MiniSearchBaseline {
    const db = new Database(corpusFile, { readonly: true });
    const termsOf = (table: 'item_tags' | 'item_sources') => {
      const map = new Map<number, number[]>();
      for (const r of db.prepare(`select item_id, term_id from ${table}`).iterate() as Iterable<{
        item_id: number;
        term_id: number;
      }>) {
        const list = map.get(r.item_id);
        if (list) list.push(r.term_id);
        else map.set(r.item_id, [r.term_id]);
      }
      return map;
    };
    const tags = termsOf('item_tags');
    const sources = termsOf('item_sources');
    const split = (s: string) => (s ? s.split(' ') : []);
    const engine = new MiniSearch<MiniDoc>({
      fields: ['title', 'text'],
      storeFields: ['type', 'language', 'year', 'date', 'tags'],
      tokenize: split,
      processTerm: (t) => t || null,
      searchOptions: {
        tokenize: split,
        processTerm: (t) => t || null,
        boost: { title: 3 },
        combineWith: 'AND',
      },
    });
    let n = 0;
    for (const r of db
      .prepare(
        `select id, language, type, published_at, title, summary, body_html from items
         where visible_from <= ? and published_at is not null`,
      )
      .iterate(now) as Iterable<{
      id: number;
      language: string;
      type: string;
      published_at: string;
      title: string;
      summary: string;
      body_html: string;
    }>) {
      const date = Date.parse(r.published_at);
      engine.add({
        id: r.id,
        title: analyzed(r.title, r.language),
        text: analyzed(`${r.summary}\n${htmlToText(r.body_html)}`, r.language),
        type: r.type,
        language: r.language,
        year: new Date(date).getUTCFullYear(),
        date,
        tags: [...(tags.get(r.id) ?? []), ...(sources.get(r.id) ?? [])],
      });
      if (++n % 10_000 === 0) onProgress?.(n);
    }
    return new MiniSearchBaseline(engine, db, n);
  }

  close(): void {
    this.db.close();
  }

  private termId(vocabulary: string, slug: string): number {
    return termIdOf(this.db, this.termIds, vocabulary, slug);
  }

  private query(node: TextQuery): Query {
    // As our engine does: a word matches any of its analyses in the site's languages.
    const stem = (w: string): Query => {
      const forms = [...new Set(ANALYZER_LANGUAGES.map((l) => normalizeTerm(w, l) ?? w))];
      return forms.length === 1 ? forms[0]! : { combineWith: 'OR', queries: forms };
    };
    switch (node.kind) {
      case 'word':
        return stem(node.word);
      case 'phrase': // no phrases in MiniSearch: all the words, as our engine's candidate set
        return { combineWith: 'AND', queries: node.words.map(stem) };
      case 'and':
        return { combineWith: 'AND', queries: node.children.map((c) => this.query(c)) };
      case 'or':
        return { combineWith: 'OR', queries: node.children.map((c) => this.query(c)) };
      case 'andNot':
        return { combineWith: 'AND_NOT', queries: [this.query(node.positive), this.query(node.negative)] };
    }
  }

  run(query: BenchQuery): BaselineResult {
    const wanted = query.filters.map((f) => this.termId(f.vocabulary, f.slug));
    const types = new Set(query.types);
    const from = query.fromYear ?? Number.NEGATIVE_INFINITY;
    const to = query.toYear ?? Number.POSITIVE_INFINITY;
    const filtered = wanted.length > 0 || types.size > 0 || query.fromYear !== undefined;
    const results = this.engine.search(
      query.text ? this.query(query.text) : MiniSearch.wildcard,
      filtered
        ? {
            filter: (r) =>
              r.year >= from &&
              r.year <= to &&
              (types.size === 0 || types.has(r.type)) &&
              wanted.every((id) => (r.tags as number[]).includes(id)),
          }
        : {},
    );
    if (!query.text) results.sort((a, b) => b.date - a.date || b.id - a.id);
    const byType = new Map<string, number>();
    const byLanguage = new Map<string, number>();
    const byYear = new Map<number, number>();
    const byTerm = new Map<number, number>();
    for (const r of results) {
      byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
      byLanguage.set(r.language, (byLanguage.get(r.language) ?? 0) + 1);
      byYear.set(r.year, (byYear.get(r.year) ?? 0) + 1);
      for (const id of r.tags as number[]) byTerm.set(id, (byTerm.get(id) ?? 0) + 1);
    }
    return {
      total: results.length,
      hits: results.slice(query.offset, query.offset + query.limit).map((r) => r.id as number),
      facetValues: byType.size + byLanguage.size + byYear.size + byTerm.size,
    };
  }
}
