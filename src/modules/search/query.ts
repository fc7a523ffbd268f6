/**
 * The search query language (docs/SEARCH-SYNTAX.md): one parser from the reader's string to a
 * typed AST that the search engine evaluates and `serializeQuery` turns back into a canonical
 * string. Any input is answered, never thrown at: what does not parse strictly is read again as
 * plain words (notice `parsed-as-words`), unknown values are dropped with a notice.
 *
 * Three stages: lex (query-lexer.ts) → parse to a raw tree of surface strings → resolve the raw
 * leaves (text analysis, vocabulary terms, dates) and pull top-level qualifiers out as filters.
 */
import { CONTENT_TYPES } from '../../db/schema.js';
import { ANALYZER_LANGUAGES, analyze, normalizePrefix } from './analyze.js';
import { type DateBound, type InvalidDateNotice, parseDateBound } from './dates.js';
import { type Lexeme, lex } from './query-lexer.js';

export { type DateBoundResult, parseDateBound } from './dates.js';
export { MAX_CLAUSES, MAX_QUERY_LENGTH } from './query-lexer.js';
export { serializeQuery } from './query-serialize.js';

/** A text field a word may be limited to; null searches every text field. */
export type TextField = 'title' | 'body';

export interface WordNode {
  readonly kind: 'word';
  readonly field: TextField | null;
  /** The word as typed (one run of letters and digits), for display and re-analysis per language. */
  readonly text: string;
  /** `normalizeTerm(text, analysisLanguage)`. */
  readonly term: string;
}

export interface PhraseNode {
  readonly kind: 'phrase';
  readonly field: TextField | null;
  /** The phrase as typed, its words separated by single spaces. */
  readonly text: string;
  readonly terms: readonly string[];
  /** Position of each term relative to the first; stop words leave gaps ("freedom of the media": 0, 3). */
  readonly offsets: readonly number[];
}

export interface PrefixNode {
  readonly kind: 'prefix';
  readonly field: TextField | null;
  readonly text: string;
  /** Folded and lower-cased, not stemmed: matches index terms that start with it. */
  readonly prefix: string;
}

/** A vocabulary term the item is tagged with, or, with `source`, issued by. */
export interface FilterNode {
  readonly kind: 'filter';
  readonly vocabulary: string;
  readonly slug: string;
  readonly source: boolean;
}

export interface TypeNode {
  readonly kind: 'type';
  readonly type: string;
}

export interface LanguageNode {
  readonly kind: 'language';
  readonly language: string;
}

/** Items dated on or after (`from`) or on or before (`to`) a calendar date. */
export interface DateNode {
  readonly kind: 'date';
  readonly bound: DateBound;
  readonly date: string;
}

export interface AndNode {
  readonly kind: 'and';
  readonly children: readonly TextNode[];
}

export interface OrNode {
  readonly kind: 'or';
  readonly children: readonly TextNode[];
}

export interface NotNode {
  readonly kind: 'not';
  readonly child: TextNode;
}

export type QualifierNode = FilterNode | TypeNode | LanguageNode | DateNode;
export type TextNode = WordNode | PhraseNode | PrefixNode | QualifierNode | AndNode | OrNode | NotNode;

export type Notice =
  /** A qualifier value that names nothing (`country:atlantis`, `type:memo`); dropped from the query. */
  | { readonly code: 'unknown-term'; readonly key: string; readonly value: string }
  | InvalidDateNotice
  /** The query was longer than MAX_QUERY_LENGTH or had more than MAX_CLAUSES clauses. */
  | { readonly code: 'truncated'; readonly limit: 'length' | 'clauses' }
  /** Operators, quotes or parentheses did not form a query; its words were searched instead. */
  | { readonly code: 'parsed-as-words' }
  /** Words too common to search for ("the", "de"): left out. */
  | { readonly code: 'ignored-words'; readonly words: readonly string[] }
  /** A `prefix*` too short to expand; searched as a word. */
  | { readonly code: 'short-prefix'; readonly value: string };

export interface TermFilter {
  readonly vocabulary: string;
  readonly slug: string;
  /** The term must be an issuing source of the item (`source:`), not just a tag. */
  readonly source: boolean;
  readonly negated: boolean;
}

export interface ParsedQuery {
  /** What the words must match, or null: browse everything (minus `mustNot`, within the filters). */
  readonly text: TextNode | null;
  /** Top-level negations (`-word`, `NOT (a OR b)`): items matching any of these are excluded. */
  readonly mustNot: readonly TextNode[];
  /** Top-level qualifiers in the AND context; the same inside OR or NOT groups stay in `text`. */
  readonly filters: readonly TermFilter[];
  readonly types: readonly { readonly type: string; readonly negated: boolean }[];
  readonly languages: readonly { readonly language: string; readonly negated: boolean }[];
  /** Intersection of the top-level `from:`/`to:` bounds, calendar dates. */
  readonly dateRange: { readonly from?: string; readonly to?: string };
  /** The language query words were analyzed in; the engine re-analyzes `text` for other languages. */
  readonly analysisLanguage: string | null;
  readonly notices: readonly Notice[];
}

export interface QueryOptions {
  /** The profile's qualifier keys: queryKey → vocabulary slug (`country` → `countries`). */
  readonly vocabularies: Readonly<Record<string, string>>;
  /** Vocabularies whose terms may be an item's source, tried in order by `source:`. */
  readonly sourceVocabularies?: readonly string[];
  /** The slug of the term a reader's value names (slug or label, any case), or null. */
  readonly resolveTerm: (vocabulary: string, value: string) => string | null;
  /** Accepted by `type:`; default every content type. */
  readonly contentTypes?: readonly string[];
  /** Accepted by `lang:`; default the six content languages. */
  readonly languages?: readonly string[];
  /** Language for stemming and stop words (usually the reader's); default none. */
  readonly language?: string | null;
}

/** Keys the language defines; they win over a profile vocabulary with the same queryKey. */
export const BUILT_IN_KEYS = ['title', 'body', 'source', 'type', 'lang', 'from', 'to'] as const;
const TEXT_KEYS = new Set<string>(['title', 'body']);
const FILTER_KEYS = new Set<string>(['source', 'type', 'lang', 'from', 'to']);

/** Deepest nesting of parentheses; deeper queries are read as plain words. */
const MAX_DEPTH = 32;
/** Shortest prefix expanded, in code points: "a*" would match a good part of the dictionary. */
const MIN_PREFIX = 2;

// ---------------------------------------------------------------- parse: lexemes → raw tree

/** Leaves still as typed; `resolve` analyzes them. */
type RawNode =
  | {
      readonly kind: 'text';
      readonly text: string;
      readonly phrase: boolean;
      readonly prefix: boolean;
      readonly field: TextField | null;
    }
  | { readonly kind: 'qualifier'; readonly key: string; readonly value: string }
  | { readonly kind: 'and' | 'or'; readonly children: readonly RawNode[] }
  | { readonly kind: 'not'; readonly child: RawNode };

class QuerySyntaxError extends Error {}

type Clause = Extract<Lexeme, { kind: 'word' | 'phrase' | 'qualifier' }>;
const isClause = (l: Lexeme | undefined): l is Clause =>
  l !== undefined && (l.kind === 'word' || l.kind === 'phrase' || l.kind === 'qualifier');

const rawText = (text: string, field: TextField | null, phrase = false, prefix = false): RawNode => ({
  kind: 'text',
  text,
  phrase,
  prefix,
  field,
});

function rawGroup(kind: 'and' | 'or', nodes: readonly RawNode[]): RawNode {
  return nodes.length === 1 ? nodes[0]! : { kind, children: nodes };
}

/** Recursive descent: or := and (OR and)*; and := unary ((AND)? unary)*; unary := (NOT|-)* primary. */
class Parser {
  private at = 0;
  private depth = 0;

  constructor(
    private readonly lexemes: readonly Lexeme[],
    private readonly isFilterKey: (key: string) => boolean,
    private readonly notices: Notice[],
  ) {}

  parse(): RawNode | null {
    if (this.lexemes.length === 0) return null;
    const node = this.or();
    if (this.at < this.lexemes.length) throw new QuerySyntaxError('unexpected )');
    return node;
  }

  private peek(): Lexeme | undefined {
    return this.lexemes[this.at];
  }

  private or(): RawNode {
    const children = [this.and()];
    while (this.peek()?.kind === 'or') {
      this.at++;
      children.push(this.and());
    }
    return rawGroup('or', children);
  }

  private and(): RawNode {
    const children = [this.unary()];
    for (;;) {
      const next = this.peek();
      if (next?.kind === 'and') this.at++;
      else if (next === undefined || !(isClause(next) || ['open', 'not', 'minus'].includes(next.kind))) break;
      children.push(this.unary());
    }
    return rawGroup('and', children);
  }

  private unary(): RawNode {
    let negated = false;
    for (let next = this.peek(); next?.kind === 'not' || next?.kind === 'minus'; next = this.peek()) {
      negated = !negated;
      this.at++;
    }
    const node = this.primary();
    return negated ? { kind: 'not', child: node } : node;
  }

  private primary(): RawNode {
    const lexeme = this.lexemes[this.at++];
    if (lexeme?.kind === 'open') return this.group();
    if (!isClause(lexeme)) throw new QuerySyntaxError('operand expected');
    if (lexeme.kind === 'word') return rawText(lexeme.text, null, false, lexeme.prefix);
    if (!lexeme.closed) throw new QuerySyntaxError('unclosed quote');
    if (lexeme.kind === 'phrase') return rawText(lexeme.text, null, true);
    return this.qualifier(lexeme);
  }

  private group(): RawNode {
    if (++this.depth > MAX_DEPTH) throw new QuerySyntaxError('too deep');
    const inner = this.or();
    if (this.lexemes[this.at++]?.kind !== 'close') throw new QuerySyntaxError(') expected');
    this.depth--;
    return inner;
  }

  private qualifier(q: Extract<Lexeme, { kind: 'qualifier' }>): RawNode {
    const key = q.key.toLowerCase();
    if (TEXT_KEYS.has(key)) {
      const field = key as TextField;
      return q.group ? withField(this.primary(), field) : rawText(q.value, field, q.quoted, q.prefix);
    }
    if (this.isFilterKey(key)) {
      if (!q.group) return { kind: 'qualifier', key, value: q.value };
      // A value list such as `country:(a OR b)` is not part of the language: search the group alone.
      this.notices.push({ code: 'unknown-term', key, value: '' });
      return this.primary();
    }
    // Not a qualifier after all (`foo:bar`, `10:30`): its parts are plain words.
    const values = q.quoted ? [] : q.value.split(':');
    const parts = [q.key, ...values].map((part, i) =>
      rawText(part, null, false, q.prefix && i === values.length),
    );
    if (q.quoted) parts.push(rawText(q.value, null, true));
    if (q.group) parts.push(this.primary());
    return rawGroup('and', parts);
  }
}

/** Limits the text leaves of a group that have no field of their own: `title:(a OR b)`. */
function withField(node: RawNode, field: TextField): RawNode {
  switch (node.kind) {
    case 'text':
      return node.field === null ? { ...node, field } : node;
    case 'qualifier':
      return node;
    case 'not':
      return { kind: 'not', child: withField(node.child, field) };
    default:
      return { kind: node.kind, children: node.children.map((c) => withField(c, field)) };
  }
}

/** Drops `-` that negates nothing, so that plain-word lexemes always parse. */
function dropDanglingMinus(lexemes: readonly Lexeme[]): Lexeme[] {
  const kept: Lexeme[] = [];
  let operandFollows = false;
  for (let i = lexemes.length - 1; i >= 0; i--) {
    const lexeme = lexemes[i]!;
    if (lexeme.kind === 'minus' && !operandFollows) continue;
    operandFollows = isClause(lexeme) || lexeme.kind === 'minus';
    kept.push(lexeme);
  }
  return kept.reverse();
}

// ---------------------------------------------------------------- resolve: raw tree → AST

const NON_WORD = /[^\p{L}\p{N}\p{M}]+/gu;

/** The canonical surface of text[start, end): its runs of letters and digits joined by single spaces. */
function surface(text: string, start: number, end: number): string {
  return text.slice(start, end).replace(NON_WORD, ' ').trim();
}

export function and(nodes: readonly (TextNode | null)[]): TextNode | null {
  return group('and', nodes);
}

export function or(nodes: readonly (TextNode | null)[]): TextNode | null {
  return group('or', nodes);
}

function group(kind: 'and' | 'or', nodes: readonly (TextNode | null)[]): TextNode | null {
  const children: TextNode[] = [];
  for (const node of nodes) {
    if (node === null) continue;
    if (node.kind === kind) children.push(...node.children);
    else children.push(node);
  }
  if (children.length <= 1) return children[0] ?? null;
  return { kind, children };
}

export function not(node: TextNode | null): TextNode | null {
  if (node === null) return null;
  return node.kind === 'not' ? node.child : { kind: 'not', child: node };
}

class Resolver {
  private readonly ignored: string[] = [];
  private readonly contentTypes: readonly string[];
  private readonly languages: readonly string[];

  constructor(
    private readonly options: QueryOptions,
    private readonly vocabularies: ReadonlyMap<string, string>,
    private readonly notices: Notice[],
  ) {
    this.contentTypes = options.contentTypes ?? CONTENT_TYPES;
    this.languages = options.languages ?? ANALYZER_LANGUAGES;
  }

  get language(): string | null {
    return this.options.language ?? null;
  }

  node(raw: RawNode): TextNode | null {
    switch (raw.kind) {
      case 'text':
        return raw.prefix && !raw.phrase ? this.prefix(raw.text, raw.field) : this.words(raw.text, raw.field);
      case 'qualifier':
        return this.qualifier(raw.key, raw.value.trim());
      case 'not':
        return not(this.node(raw.child));
      default:
        return group(
          raw.kind,
          raw.children.map((c) => this.node(c)),
        );
    }
  }

  finish(): void {
    if (this.ignored.length > 0) this.notices.push({ code: 'ignored-words', words: this.ignored });
  }

  /** One term is a word, several a phrase (also for a typed word like "co-operation"). */
  private words(text: string, field: TextField | null): TextNode | null {
    const tokens = analyze(text, this.language);
    if (tokens.length === 0) {
      const typed = surface(text, 0, text.length);
      if (typed !== '') this.ignored.push(typed);
      return null;
    }
    const first = tokens[0]!;
    const last = tokens.at(-1)!;
    if (tokens.length === 1)
      return { kind: 'word', field, text: text.slice(first.start, first.end), term: first.term };
    return {
      kind: 'phrase',
      field,
      text: surface(text, first.start, last.end),
      terms: tokens.map((t) => t.term),
      offsets: tokens.map((t) => t.position - first.position),
    };
  }

  /** `prefix*` expands its last run; runs before it ("co-oper*") are words. */
  private prefix(text: string, field: TextField | null): TextNode | null {
    const runs = analyze(text, null);
    const last = runs.at(-1);
    if (last === undefined) return null;
    const typed = text.slice(last.start, last.end);
    const prefix = normalizePrefix(typed);
    if (prefix === null) return this.words(text, field);
    const before = this.words(text.slice(0, last.start), field);
    if ([...prefix].length < MIN_PREFIX) {
      this.notices.push({ code: 'short-prefix', value: typed });
      return and([before, this.words(typed, field)]);
    }
    return and([before, { kind: 'prefix', field, text: typed, prefix }]);
  }

  private qualifier(key: string, value: string): TextNode | null {
    const unknown = () => {
      this.notices.push({ code: 'unknown-term', key, value });
      return null;
    };
    if (value === '') return unknown();
    if (key === 'from' || key === 'to') {
      const bound = parseDateBound(value, key);
      if (bound.date === null) {
        this.notices.push(bound.notice);
        return null;
      }
      return { kind: 'date', bound: key, date: bound.date };
    }
    if (key === 'type' || key === 'lang') {
      const wanted = value.toLowerCase();
      const known = (key === 'type' ? this.contentTypes : this.languages).find(
        (k) => k.toLowerCase() === wanted,
      );
      if (known === undefined) return unknown();
      return key === 'type' ? { kind: 'type', type: known } : { kind: 'language', language: known };
    }
    const vocabularies =
      key === 'source' ? (this.options.sourceVocabularies ?? []) : [this.vocabularies.get(key)!];
    for (const vocabulary of vocabularies) {
      const slug = this.resolveTerm(vocabulary, value);
      if (slug !== null) return { kind: 'filter', vocabulary, slug, source: key === 'source' };
    }
    return unknown();
  }

  private resolveTerm(vocabulary: string, value: string): string | null {
    try {
      return this.options.resolveTerm(vocabulary, value);
    } catch {
      // The caller's lookup failing on odd input must not fail the search: treat it as unknown.
      return null;
    }
  }
}

// ---------------------------------------------------------------- top level

interface Collected {
  positives: TextNode[];
  mustNot: TextNode[];
  filters: TermFilter[];
  types: { type: string; negated: boolean }[];
  languages: { language: string; negated: boolean }[];
  dateRange: { from?: string; to?: string };
}

/** Pulls the qualifiers and negations of the top-level AND out of the tree. */
function collectTopLevel(root: TextNode | null): Collected {
  const out: Collected = { positives: [], mustNot: [], filters: [], types: [], languages: [], dateRange: {} };
  const clauses = root === null ? [] : root.kind === 'and' ? root.children : [root];
  for (const clause of clauses) {
    const negated = clause.kind === 'not';
    const leaf = clause.kind === 'not' ? clause.child : clause;
    if (leaf.kind === 'filter') {
      out.filters.push({ vocabulary: leaf.vocabulary, slug: leaf.slug, source: leaf.source, negated });
    } else if (leaf.kind === 'type') {
      out.types.push({ type: leaf.type, negated });
    } else if (leaf.kind === 'language') {
      out.languages.push({ language: leaf.language, negated });
    } else if (leaf.kind === 'date' && !negated) {
      const range = out.dateRange;
      if (leaf.bound === 'from' && (range.from === undefined || leaf.date > range.from))
        range.from = leaf.date;
      if (leaf.bound === 'to' && (range.to === undefined || leaf.date < range.to)) range.to = leaf.date;
    } else if (negated) {
      out.mustNot.push(leaf);
    } else {
      out.positives.push(clause);
    }
  }
  return out;
}

/** queryKey (lower case) → vocabulary slug, without the keys the language keeps for itself. */
function vocabularyKeys(options: QueryOptions): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key, vocabulary] of Object.entries(options.vocabularies)) {
    const lower = key.toLowerCase();
    if (!(BUILT_IN_KEYS as readonly string[]).includes(lower)) keys.set(lower, vocabulary);
  }
  return keys;
}

/** Parses a reader's query. Never throws; problems are reported in `notices`. */
export function parseQuery(query: string, options: QueryOptions): ParsedQuery {
  const notices: Notice[] = [];
  const vocabularies = vocabularyKeys(options);
  const isFilterKey = (key: string) => FILTER_KEYS.has(key) || vocabularies.has(key);

  const strict = lex(query);
  let raw: RawNode | null;
  try {
    raw = new Parser(strict.lexemes, isFilterKey, notices).parse();
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    notices.length = 0;
    notices.push({ code: 'parsed-as-words' });
    const plain = dropDanglingMinus(lex(query, true).lexemes);
    raw = new Parser(plain, isFilterKey, notices).parse();
  }
  notices.unshift(...strict.truncated.map((limit) => ({ code: 'truncated', limit }) as const));

  const resolver = new Resolver(options, vocabularies, notices);
  const root = raw === null ? null : resolver.node(raw);
  resolver.finish();
  const { positives, ...rest } = collectTopLevel(root);
  return { text: and(positives), ...rest, analysisLanguage: resolver.language, notices };
}
