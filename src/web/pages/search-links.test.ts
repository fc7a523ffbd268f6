import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SOURCE_DIMENSION } from '../../modules/search/search.service.js';
import { Taxonomy, type Vocabulary } from '../../modules/taxonomy/taxonomy.js';
import { formEncode, SearchLinks, type SearchState, searchHref } from './search-links.js';

const vocabulary = (id: number, slug: string, queryKey: string): Vocabulary => ({
  id,
  slug,
  queryKey,
  labels: { en: slug },
  hierarchical: false,
  isSource: false,
});
const taxonomy = new Taxonomy(
  [vocabulary(1, 'fields-of-work', 'field'), vocabulary(2, 'countries', 'country')],
  [],
  [],
  [],
);

/** The canonical URL as URLSearchParams writes it: the reference the fast path must equal. */
function referenceHref(language: string, state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q) params.append('q', state.q);
  for (const v of taxonomy.vocabularies)
    for (const slug of state.filters.get(v.slug) ?? []) params.append(v.queryKey, slug);
  for (const slug of state.filters.get(SOURCE_DIMENSION) ?? []) params.append('source', slug);
  for (const type of state.types) params.append('type', type);
  if (state.languages === null) params.append('lang', 'any');
  else for (const l of state.languages) params.append('lang', l);
  if (state.from) params.append('from', state.from);
  if (state.to) params.append('to', state.to);
  if (state.sort === 'date') params.append('sort', 'date');
  if (state.more) params.append('more', state.more);
  if (state.page > 1) params.append('page', String(state.page));
  const query = params.toString();
  return `/${language}/search${query ? `?${query}` : ''}`;
}

/** Any text: every Unicode plane, lone surrogates, the characters URLs and forms treat specially. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(...' +&=%#?/!\'()*-._~"<>é€😀\uD800\uDFFF'.split('')), maxLength: 12 }),
  fc.constantFrom('serbia', 'human-rights', 'a b', '', ' '),
);
const values = fc.array(
  anyText.filter((v) => v !== ''),
  { maxLength: 3 },
);

const state = fc.record({
  q: anyText,
  filters: fc
    .record({ 'fields-of-work': values, countries: values, [SOURCE_DIMENSION]: values })
    .map((f) => new Map(Object.entries(f).filter(([, v]) => v.length > 0))),
  types: values,
  languages: fc.option(values, { nil: null }),
  from: anyText,
  to: anyText,
  sort: fc.constantFrom<'relevance' | 'date'>('relevance', 'date'),
  more: anyText,
  page: fc.integer({ min: 1, max: 600 }),
});

describe('search links', () => {
  it('encodes a value as URLSearchParams does, for any text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const params = new URLSearchParams();
        params.append('k', text);
        expect(`k=${formEncode(text)}`).toBe(params.toString());
      }),
      { numRuns: 2000 },
    );
  });

  it('writes the canonical URL of any state as URLSearchParams does', () => {
    fc.assert(
      fc.property(state, (s) => {
        expect(searchHref('en', taxonomy, s)).toBe(referenceHref('en', s));
      }),
      { numRuns: 500 },
    );
  });

  it('writes a changed state as the URL of that state', () => {
    fc.assert(
      fc.property(state, values, values, (s, slugs, types) => {
        const links = new SearchLinks('fr', taxonomy, s);
        const filters = new Map(s.filters);
        filters.set('countries', slugs);
        expect(links.href({ country: slugs, type: types, page: [] })).toBe(
          referenceHref('fr', { ...s, filters, types, page: 1 }),
        );
        expect(links.href({ lang: ['any'], more: [] })).toBe(
          referenceHref('fr', { ...s, languages: null, more: '' }),
        );
        expect(links.href()).toBe(referenceHref('fr', s));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses to change a parameter a search does not have', () => {
    const links = new SearchLinks('en', taxonomy, {
      q: 'osce',
      filters: new Map(),
      types: [],
      languages: [],
      from: '',
      to: '',
      sort: 'relevance',
      more: '',
      page: 1,
    });
    expect(() => links.href({ topic: ['x'] })).toThrow(/topic/);
    expect(() => links.href({ constructor: ['x'] })).toThrow(/constructor/);
    expect(links.href({ q: ['a&b'] })).toBe('/en/search?q=a%26b');
  });
});
