/**
 * The links of a search page. A page holds a hundred or so, and each is the page's own state with
 * one or two parameters changed (a facet value toggled, another page, another sort). So the state's
 * parameters are encoded once, in their canonical order, and each link joins them with its own
 * changes, instead of building and serialising a whole state per link (URLSearchParams, a copy of
 * the filters map): that was about a tenth of what a search page cost its request thread.
 */
import { SOURCE_DIMENSION } from '../../modules/search/search.service.js';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy.js';

/** Everything a search page shows, as read from (and written back to) its URL. */
export interface SearchState {
  readonly q: string;
  /** Dimension (vocabulary slug or "source") → term slugs. */
  readonly filters: ReadonlyMap<string, readonly string[]>;
  readonly types: readonly string[];
  /** Item languages; null when the URL says `lang=any`; empty: the page's language. */
  readonly languages: readonly string[] | null;
  readonly from: string;
  readonly to: string;
  readonly sort: 'relevance' | 'date';
  /** The facet shown whole (its group key), or ''. */
  readonly more: string;
  readonly page: number;
}

/** Characters application/x-www-form-urlencoded leaves as they are. */
const FORM_SAFE = /^[A-Za-z0-9*\-._]*$/;
/** What encodeURIComponent leaves as it is and the form encoding does not. */
const FORM_UNSAFE_MARKS = /[!'()~]/g;
/** A surrogate without its other half: URLSearchParams writes U+FFFD for it, encodeURIComponent throws. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `value` as URLSearchParams writes it (application/x-www-form-urlencoded, UTF-8). */
export function formEncode(value: string): string {
  if (FORM_SAFE.test(value)) return value;
  return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'))
    .replace(/%20/g, '+')
    .replace(FORM_UNSAFE_MARKS, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A state's URL parameters, in the canonical order, each with its values (none: left out). */
function parametersOf(taxonomy: Taxonomy, state: SearchState): [string, readonly string[]][] {
  return [
    ['q', state.q ? [state.q] : []],
    ...taxonomy.vocabularies.map((v): [string, readonly string[]] => [
      v.queryKey,
      state.filters.get(v.slug) ?? [],
    ]),
    ['source', state.filters.get(SOURCE_DIMENSION) ?? []],
    ['type', state.types],
    ['lang', state.languages === null ? ['any'] : state.languages],
    ['from', state.from ? [state.from] : []],
    ['to', state.to ? [state.to] : []],
    ['sort', state.sort === 'date' ? ['date'] : []],
    ['more', state.more ? [state.more] : []],
    ['page', state.page > 1 ? [String(state.page)] : []],
  ];
}

function encoded(key: string, values: readonly string[]): string {
  let out = '';
  for (const value of values) out += `${out ? '&' : ''}${formEncode(key)}=${formEncode(value)}`;
  return out;
}

/** The canonical URL of a search state, parameters in a fixed order. */
export function searchHref(language: string, taxonomy: Taxonomy, state: SearchState): string {
  return new SearchLinks(language, taxonomy, state).href();
}

/** Links from one search state: its own, and itself with some parameters' values replaced. */
export class SearchLinks {
  private readonly keys: readonly string[];
  /** Each parameter encoded ("key=a&key=b"), '' when it has no value. */
  private readonly segments: readonly string[];

  constructor(
    private readonly language: string,
    taxonomy: Taxonomy,
    state: SearchState,
  ) {
    const parameters = parametersOf(taxonomy, state);
    this.keys = parameters.map(([key]) => key);
    this.segments = parameters.map(([key, values]) => encoded(key, values));
  }

  /**
   * The state's URL with `changes` (parameter → its new values; none removes it). Only the
   * parameters of a state are known here: a change to any other key is an error.
   */
  href(changes: Readonly<Record<string, readonly string[]>> = {}): string {
    let query = '';
    let changed = 0;
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i]!;
      const values = Object.hasOwn(changes, key) ? changes[key] : undefined;
      if (values !== undefined) changed++;
      const segment = values === undefined ? this.segments[i]! : encoded(key, values);
      if (segment) query += query ? `&${segment}` : segment;
    }
    if (changed !== Object.keys(changes).length)
      throw new Error(`Not a search parameter: ${Object.keys(changes).join(', ')}`);
    return `/${this.language}/search${query ? `?${query}` : ''}`;
  }
}
