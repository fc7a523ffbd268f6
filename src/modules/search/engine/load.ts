/**
 * Builds the search accelerator from the database: every item that is or will be public
 * (visible_from set, as content/visibility.ts derives it), read in keyset pages by id so memory
 * holds one page of rows at a time, with its sources and tags and their ancestors.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { Taxonomy } from '../../taxonomy/taxonomy.js';
import { forEachTerm } from '../analyze.js';
import { AnalysisThread, type TextsPage } from './analysis-thread.js';
import {
  type Analyzer,
  type DocumentFacts,
  type IndexData,
  IndexBuilder,
  type IndexedDocument,
  type Place,
} from './index-data.js';

const PAGE = 2000;
/**
 * Documents analyzed between two turns of the event loop: searches answered during a background
 * rebuild wait for at most this many (a few tens of milliseconds).
 */
const YIELD_EVERY = 250;

/**
 * Builds of at least this many documents analyze their texts in a thread of their own (see
 * text-analysis.ts); smaller ones are over before such a thread has started.
 */
export const ANALYSIS_THREAD_FROM = 20_000;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Plain text of our own sanitized body HTML (allow-listed, so tags and entities are simple):
 * block ends become line breaks, other tags spaces, entities their characters, and each run of
 * spaces one space. Every index build and most snippets pass through here, so the patterns match
 * only where something changes (a lone space is left alone, text without "&" is not searched for
 * entities): 45 → 15 µs for a 2.4 KB body, measured.
 */
export function htmlToText(html: string): string {
  const text = decodeEntities(
    html.replace(/<(?:br|\/p|\/h\d|\/li|\/blockquote|\/tr)[^>]*>/gi, '\n').replace(/<[^>]*>/g, ' '),
  );
  // Runs of two or more, or of other blanks: one space. Then no space beside a line break.
  return text
    .replace(/ [ \t\r\f\v]+|[\t\r\f\v][ \t\r\f\v]*/g, ' ')
    .replace(/ \n ?|\n /g, '\n')
    .trim();
}

/**
 * Runs of two or more blanks, or a blank other than a space (a line break, a no-break space): one
 * space. Matches only where something changes: a lone space, the common case, is left alone.
 */
const NOT_FLAT = /\s{2,}|[^\S ]/g;

/** `text` on one line: every run of blanks one space, none at either end (what snippets show). */
export function flatText(text: string): string {
  return text.replace(NOT_FLAT, ' ').trim();
}

/**
 * flatText(htmlToText(html)) in fewer passes over the text, for snippets (which show text on one
 * line): every tag a blank, so block ends need no line breaks of their own. The same for sanitized
 * HTML, where every "<" begins a tag; with a stray one the two may read different spans as tags.
 */
export function htmlToFlatText(html: string): string {
  return flatText(decodeEntities(html.replace(/<[^>]*>/g, ' ')));
}

/** Entities as their characters (only text with an "&" is searched for them). */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n =
        code[1] === 'x' || code[1] === 'X' ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1));
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ' ';
    }
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

/** The text an item is indexed by: its summary, then its body as plain text. */
export function documentText(summary: string, bodyHtml: string): string {
  return `${summary}\n${htmlToText(bodyHtml)}`;
}

/** Told how many documents are loaded after each page; a promise it returns is awaited. */
export type LoadProgress = (loaded: number) => void | Promise<void>;

type ItemRow = {
  id: number;
  language: string;
  type: string;
  published_at: string | null;
  visible_from: string | null;
  title: string;
  summary: string;
  body_html: string;
};

const COLUMNS = [
  'id',
  'language',
  'type',
  'published_at',
  'visible_from',
  'title',
  'summary',
  'body_html',
] as const;

/** Index documents for item rows: their sources and tags with ancestors, their text. */
async function documentsOf(
  db: Kysely<Database>,
  taxonomy: Taxonomy,
  rows: readonly ItemRow[],
): Promise<IndexedDocument[]> {
  const facts = await factsOf(db, taxonomy, rows);
  return rows.map((row, i) => ({
    ...facts[i]!,
    title: row.title,
    text: documentText(row.summary, row.body_html),
  }));
}

/** Index documents for item rows less their texts: their sources and tags with ancestors. */
async function factsOf(
  db: Kysely<Database>,
  taxonomy: Taxonomy,
  rows: readonly ItemRow[],
): Promise<DocumentFacts[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const tags = new Map<number, number[]>();
  const sources = new Map<number, number[]>();
  const add = (into: Map<number, number[]>, itemId: number, termId: number) => {
    const list = into.get(itemId);
    if (list) list.push(termId);
    else into.set(itemId, [termId]);
  };
  for (const r of await db
    .selectFrom('item_tags')
    .select(['item_id', 'term_id'])
    .where('item_id', 'in', ids)
    .execute())
    add(tags, r.item_id, r.term_id);
  for (const r of await db
    .selectFrom('item_sources')
    .select(['item_id', 'term_id'])
    .where('item_id', 'in', ids)
    .execute())
    add(sources, r.item_id, r.term_id);
  const withAncestors = (list: readonly number[]): number[] => {
    const out = new Set<number>();
    for (const id of list) {
      let term = taxonomy.term(id);
      out.add(id);
      while (term?.parentId != null && !out.has(term.parentId)) {
        out.add(term.parentId);
        term = taxonomy.term(term.parentId);
      }
    }
    return [...out];
  };
  return rows.map((row) => ({
    itemId: row.id,
    language: row.language,
    type: row.type,
    publishedAt: row.published_at!,
    visibleFrom: row.visible_from!,
    terms: withAncestors([...(tags.get(row.id) ?? []), ...(sources.get(row.id) ?? [])]),
    sources: withAncestors(sources.get(row.id) ?? []),
  }));
}

/** Reads every public item of the database into a new index. */
export async function loadIndex(
  db: Kysely<Database>,
  taxonomy: Taxonomy,
  analyze: Analyzer,
  onProgress?: LoadProgress,
  /** Where the index's arrays go (index-data.ts: Place); this thread's memory by default. */
  place?: Place,
  /** Bytes of positions held in memory before they go to a file (positions.ts). */
  positionsInMemory?: number,
  /** Tests: `from` overrides ANALYSIS_THREAD_FROM, `entry` the analysis thread's script. */
  analysis: { readonly from?: number; readonly entry?: URL } = {},
): Promise<IndexData> {
  // Knowing the count up front lets frequent words become bitsets early, not after growing lists.
  const expected = await db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('visible_from', 'is not', null)
    .executeTakeFirstOrThrow();
  const build = (thread: AnalysisThread | null) =>
    readInto(
      db,
      taxonomy,
      new IndexBuilder(analyze, Number(expected.n), undefined, place, positionsInMemory),
      thread,
      onProgress,
    );
  // The thread runs the real analyzer only (tests give the builder others).
  if (analyze === forEachTerm && Number(expected.n) >= (analysis.from ?? ANALYSIS_THREAD_FROM)) {
    const thread = new AnalysisThread(analysis.entry);
    try {
      return await build(thread);
    } catch (error) {
      // A thread that could not start or died: build here instead (a failure of the database or
      // the builder would fail that way too, and is thrown from there).
      if (!thread.failed) throw error;
    } finally {
      await thread.close();
    }
  }
  return build(null);
}

/**
 * Every public item into `builder`, page by page. With an analysis thread, each page's texts go to
 * it as soon as they are read, and the builder adds the page before meanwhile.
 */
async function readInto(
  db: Kysely<Database>,
  taxonomy: Taxonomy,
  builder: IndexBuilder,
  thread: AnalysisThread | null,
  onProgress: LoadProgress | undefined,
): Promise<IndexData> {
  /** A page whose texts the thread is analyzing. */
  let pending: { facts: DocumentFacts[]; analyzed: ReturnType<AnalysisThread['analyze']> } | null = null;
  const addPending = async () => {
    if (!pending) return;
    const { facts, analyzed } = pending;
    pending = null;
    const { tokens, words, surfaces } = await analyzed;
    builder.defineWords(words, surfaces);
    let at = 0;
    for (let i = 0; i < facts.length; i++) {
      at = builder.addAnalyzed(facts[i]!, tokens, at);
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await nextTurn();
    }
    await onProgress?.(builder.size);
  };
  // In id order, the table's storage order on both databases (the rowid in SQLite, the heap as
  // written in PostgreSQL): read sequentially, where a walk in date order reads pages at random.
  // The builder renumbers the documents in date order.
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('items')
      .select(COLUMNS)
      .where('visible_from', 'is not', null)
      .where('published_at', 'is not', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) break;
    if (thread) {
      const texts: TextsPage = [];
      for (const row of rows) texts.push(row.title, row.summary, row.body_html, row.language);
      const analyzed = thread.analyze(texts);
      // Marked handled now: it is awaited only after the page before is added.
      analyzed.catch(() => undefined);
      const facts = await factsOf(db, taxonomy, rows);
      await addPending();
      pending = { facts, analyzed };
    } else {
      const documents = await documentsOf(db, taxonomy, rows);
      for (let i = 0; i < documents.length; i++) {
        builder.add(documents[i]!);
        // Let the thread answer searches every few hundred documents: a rebuild may run beside them
        // (live-index.ts), and a synchronous driver's promises alone never give the event loop a turn.
        if (i % YIELD_EVERY === YIELD_EVERY - 1) await nextTurn();
      }
      await onProgress?.(builder.size);
    }
    after = rows[rows.length - 1]!.id;
    if (rows.length < PAGE) break;
    await nextTurn();
  }
  await addPending();
  return builder.build();
}

/**
 * Where the next catch-up starts: the latest write instant, how many items carry it, and the
 * highest item id. New items are found by id as well, so an item written with a clock behind the
 * last one is not missed.
 */
export interface Watermark {
  readonly updatedAt: string;
  readonly maxId: number;
  /** Items whose updated_at is exactly `updatedAt` when the mark was read. */
  readonly atMark: number;
}

/**
 * Items at the watermark instant are read again in full up to this many: cheap, and exact even
 * when a clock stands still (tests' clocks do). Past it — a bulk write or a generated corpus puts
 * thousands of items on one instant — they are read again only when their number has changed,
 * since reading them all on every catch-up would cost a rebuild's worth of rows each time.
 */
export const REREAD_AT_MARK = 1000;

export async function currentWatermark(db: Kysely<Database>): Promise<Watermark | null> {
  const row = await db
    .selectFrom('items')
    .select((eb) => [eb.fn.max('updated_at').as('latest'), eb.fn.max('id').as('maxId')])
    .executeTakeFirst();
  if (!row || row.latest === null || row.latest === undefined) return null;
  const updatedAt = String(row.latest);
  return { updatedAt, maxId: Number(row.maxId), atMark: await countAt(db, updatedAt) };
}

async function countAt(db: Kysely<Database>, updatedAt: string): Promise<number> {
  const row = await db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('updated_at', '=', updatedAt)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Items written since `mark`: ids of all of them (their old versions must go) and index
 * documents for those that are or will become public; null when more than `limit` items changed
 * (the caller rebuilds instead). Ids are read first, so a large change costs a bounded id scan,
 * never its rows.
 */
export async function changedSince(
  db: Kysely<Database>,
  taxonomy: Taxonomy,
  mark: Watermark,
  limit: number,
  rereadAtMark = REREAD_AT_MARK,
): Promise<{ ids: number[]; documents: IndexedDocument[] } | null> {
  // An item written at exactly the mark instant after the mark was read shows as one more item
  // at that instant (a write moving an item off it shows as a later instant).
  const rereadMark = mark.atMark <= rereadAtMark || (await countAt(db, mark.updatedAt)) !== mark.atMark;
  const changed = await db
    .selectFrom('items')
    .select('id')
    .where((eb) =>
      eb.or([eb('updated_at', rereadMark ? '>=' : '>', mark.updatedAt), eb('id', '>', mark.maxId)]),
    )
    .limit(Math.max(0, limit) + 1)
    .execute();
  if (changed.length > limit) return null;
  const ids = changed.map((r) => r.id);
  const rows: ItemRow[] = [];
  for (let i = 0; i < ids.length; i += PAGE)
    rows.push(
      ...(await db
        .selectFrom('items')
        .select(COLUMNS)
        .where('id', 'in', ids.slice(i, i + PAGE))
        .execute()),
    );
  const indexable = rows.filter((r) => r.visible_from !== null && r.published_at !== null);
  return { ids, documents: await documentsOf(db, taxonomy, indexable) };
}
