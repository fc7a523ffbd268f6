import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeTerm } from './analyze.js';
import {
  MAX_CLAUSES,
  MAX_QUERY_LENGTH,
  type ParsedQuery,
  parseDateBound,
  parseQuery,
  type QueryOptions,
  serializeQuery,
  type TextNode,
} from './query.js';

const TERMS: Record<string, Record<string, string>> = {
  countries: { serbia: 'serbia', kosovo: 'kosovo', 'bosnia and herzegovina': 'bosnia-and-herzegovina' },
  structures: { odihr: 'odihr', 'office for democratic institutions and human rights': 'odihr' },
  'field-operations': { 'mission-to-serbia': 'mission-to-serbia' },
  'fields-of-work': { policing: 'policing', elections: 'elections' },
};

/** Matches slugs and labels case-insensitively, as the site's taxonomy lookup does. */
const OPTIONS: QueryOptions = {
  vocabularies: {
    country: 'countries',
    structure: 'structures',
    operation: 'field-operations',
    field: 'fields-of-work',
  },
  sourceVocabularies: ['structures', 'field-operations'],
  resolveTerm: (vocabulary, value) => {
    const key = value.toLowerCase();
    const slugs = TERMS[vocabulary] ?? {};
    return Object.hasOwn(slugs, key) ? slugs[key]! : Object.values(slugs).includes(key) ? key : null;
  },
  language: 'en',
};

const parse = (q: string) => parseQuery(q, OPTIONS);
const serialize = (ast: ParsedQuery) => serializeQuery(ast, OPTIONS);
const word = (text: string, field: 'title' | 'body' | null = null): TextNode => ({
  kind: 'word',
  field,
  text,
  term: normalizeTerm(text, 'en')!,
});

describe('parseQuery: constructs', () => {
  it('ANDs adjacent words, analyzed like documents', () => {
    const ast = parse('Police reform');
    expect(ast.text).toEqual({ kind: 'and', children: [word('Police'), word('reform')] });
    expect(ast.text).toMatchObject({ children: [{ term: 'polic' }, { term: 'reform' }] });
    expect(ast.notices).toEqual([]);
  });

  it('reads "exact phrases" with the gaps of their stop words', () => {
    expect(parse('"freedom of the media"').text).toEqual({
      kind: 'phrase',
      field: null,
      text: 'freedom of the media',
      terms: ['freedom', 'media'],
      offsets: [0, 3],
    });
  });

  it('makes a word that analyzes to several terms a phrase, and a one-word phrase a word', () => {
    expect(parse('co-operation').text).toMatchObject({
      kind: 'phrase',
      text: 'co operation',
      terms: ['co', 'oper'],
    });
    expect(parse('"elections"').text).toEqual(word('elections'));
  });

  it('gives NOT precedence over AND, and AND over OR', () => {
    expect(parse('a1 b1 OR c1 AND NOT d1').text).toEqual({
      kind: 'or',
      children: [
        { kind: 'and', children: [word('a1'), word('b1')] },
        { kind: 'and', children: [word('c1'), { kind: 'not', child: word('d1') }] },
      ],
    });
    expect(parse('(a1 OR b1) c1').text).toEqual({
      kind: 'and',
      children: [{ kind: 'or', children: [word('a1'), word('b1')] }, word('c1')],
    });
  });

  it('treats lower-case and/or/not as words (here English stop words)', () => {
    const ast = parse('police or border');
    expect(ast.text).toEqual({ kind: 'and', children: [word('police'), word('border')] });
    expect(ast.notices).toEqual([{ code: 'ignored-words', words: ['or'] }]);
  });

  it('moves top-level negations (NOT, -word, -"phrase", -(group)) to mustNot', () => {
    const ast = parse('police -border NOT "human trafficking" -(drugs OR arms)');
    expect(ast.text).toEqual(word('police'));
    expect(ast.mustNot).toEqual([
      word('border'),
      {
        kind: 'phrase',
        field: null,
        text: 'human trafficking',
        terms: ['human', 'traffick'],
        offsets: [0, 1],
      },
      { kind: 'or', children: [word('drugs'), word('arms')] },
    ]);
  });

  it('answers a query of only negations with text null and a must-not list', () => {
    const ast = parse('-elections NOT police');
    expect(ast.text).toBeNull();
    expect(ast.mustNot).toEqual([word('elections'), word('police')]);
  });

  it('reads prefix* folded and unstemmed; a one-letter prefix is a word', () => {
    expect(parse('Organiz*').text).toEqual({
      kind: 'prefix',
      field: null,
      text: 'Organiz',
      prefix: 'organiz',
    });
    expect(parse('co-oper*').text).toEqual({
      kind: 'and',
      children: [word('co'), { kind: 'prefix', field: null, text: 'oper', prefix: 'oper' }],
    });
    const short = parse('x*');
    expect(short.text).toEqual(word('x'));
    expect(short.notices).toEqual([{ code: 'short-prefix', value: 'x' }]);
  });

  it('limits words to title: or body:, also for a phrase, a prefix or a group', () => {
    expect(parse('title:Police').text).toEqual(word('Police', 'title'));
    expect(parse('body:"border management"').text).toMatchObject({ kind: 'phrase', field: 'body' });
    expect(parse('TITLE:elect*').text).toMatchObject({ kind: 'prefix', field: 'title', prefix: 'elect' });
    expect(parse('title:(police OR body:border)').text).toEqual({
      kind: 'or',
      children: [word('police', 'title'), word('border', 'body')],
    });
  });

  it('pulls top-level vocabulary qualifiers out as filters, matched case-insensitively', () => {
    const ast = parse('police country:Serbia -field:elections country:"Bosnia and Herzegovina"');
    expect(ast.text).toEqual(word('police'));
    expect(ast.filters).toEqual([
      { vocabulary: 'countries', slug: 'serbia', source: false, negated: false },
      { vocabulary: 'fields-of-work', slug: 'elections', source: false, negated: true },
      { vocabulary: 'countries', slug: 'bosnia-and-herzegovina', source: false, negated: false },
    ]);
  });

  it('resolves source: in any source vocabulary, as a source filter', () => {
    expect(parse('source:ODIHR source:mission-to-serbia').filters).toEqual([
      { vocabulary: 'structures', slug: 'odihr', source: true, negated: false },
      { vocabulary: 'field-operations', slug: 'mission-to-serbia', source: true, negated: false },
    ]);
  });

  it('keeps qualifiers inside OR or under NOT of a group in the tree', () => {
    const ast = parse('(country:serbia OR country:kosovo) -(type:news OR lang:fr)');
    expect(ast.filters).toEqual([]);
    expect(ast.text).toEqual({
      kind: 'or',
      children: [
        { kind: 'filter', vocabulary: 'countries', slug: 'serbia', source: false },
        { kind: 'filter', vocabulary: 'countries', slug: 'kosovo', source: false },
      ],
    });
    expect(ast.mustNot).toEqual([
      {
        kind: 'or',
        children: [
          { kind: 'type', type: 'news' },
          { kind: 'language', language: 'fr' },
        ],
      },
    ]);
  });

  it('reads type:, lang: and the date range', () => {
    const ast = parse('type:Press-Release -lang:ru from:2010 to:2010-05 from:2009-03-01');
    expect(ast.types).toEqual([{ type: 'press-release', negated: false }]);
    expect(ast.languages).toEqual([{ language: 'ru', negated: true }]);
    // Several bounds intersect: the latest from, the earliest to.
    expect(ast.dateRange).toEqual({ from: '2010-01-01', to: '2010-05-31' });
    expect(ast.text).toBeNull();
  });

  it('makes unknown qualifier keys plain words', () => {
    expect(parse('foo:bar').text).toEqual({ kind: 'and', children: [word('foo'), word('bar')] });
    expect(parse('constructor:x1').text).toEqual({
      kind: 'and',
      children: [word('constructor'), word('x1')],
    });
  });
});

describe('parseQuery: notices', () => {
  it('unknown-term: an unknown value is dropped, never an error', () => {
    const ast = parse('police country:atlantis type:memo lang:xx source:nobody country:');
    expect(ast.text).toEqual(word('police'));
    expect(ast.filters).toEqual([]);
    expect(ast.notices).toEqual([
      { code: 'unknown-term', key: 'country', value: 'atlantis' },
      { code: 'unknown-term', key: 'type', value: 'memo' },
      { code: 'unknown-term', key: 'lang', value: 'xx' },
      { code: 'unknown-term', key: 'source', value: 'nobody' },
      { code: 'unknown-term', key: 'country', value: '' },
    ]);
  });

  it('invalid-date: an impossible date is ignored', () => {
    const ast = parse('police from:2010-02-30 to:2010-13');
    expect(ast.dateRange).toEqual({});
    expect(ast.notices).toEqual([
      { code: 'invalid-date', key: 'from', value: '2010-02-30' },
      { code: 'invalid-date', key: 'to', value: '2010-13' },
    ]);
  });

  it.each([
    ['(police OR border', ['police', 'border']],
    ['police OR', ['police']],
    ['AND police', ['police']],
    ['police OR OR border', ['police', 'border']],
    ['"police border', ['police', 'border']],
    ['police) border', ['police', 'border']],
    ['() police', ['police']],
    ['police NOT', ['police']],
    ['police -(', ['police']],
  ])('parsed-as-words: %s', (query, words) => {
    const ast = parse(query);
    expect(ast.notices).toContainEqual({ code: 'parsed-as-words' });
    const leaves = ast.text === null ? [] : ast.text.kind === 'and' ? ast.text.children : [ast.text];
    expect(leaves).toEqual(words.map((w) => word(w)));
  });

  it('parsed-as-words keeps -words, prefixes and qualifiers', () => {
    const ast = parse('police -border elect* country:serbia (');
    expect(ast.notices).toEqual([{ code: 'parsed-as-words' }]);
    expect(ast.text).toMatchObject({
      kind: 'and',
      children: [word('police'), { kind: 'prefix', prefix: 'elect' }],
    });
    expect(ast.mustNot).toEqual([word('border')]);
    expect(ast.filters).toHaveLength(1);
  });

  it('an operator alone, a stray dash or nothing gives an empty query', () => {
    for (const query of ['AND', 'OR OR', 'NOT', '-', '', '   ', '()', '"']) {
      const ast = parse(query);
      expect(ast.text).toBeNull();
      expect(ast.mustNot).toEqual([]);
    }
  });

  it('ignored-words: stop words are reported once, together', () => {
    expect(parse('the police of').notices).toEqual([{ code: 'ignored-words', words: ['the', 'of'] }]);
  });

  it('truncated: at MAX_CLAUSES clauses and at MAX_QUERY_LENGTH units', () => {
    const many = parse(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '));
    expect(many.notices).toContainEqual({ code: 'truncated', limit: 'clauses' });
    expect(many.text).toMatchObject({ kind: 'and' });
    expect(many.text?.kind === 'and' && many.text.children).toHaveLength(MAX_CLAUSES);

    const long = parse(`${'x'.repeat(MAX_QUERY_LENGTH + 10)}`);
    expect(long.notices).toContainEqual({ code: 'truncated', limit: 'length' });
  });

  it('treats FTS syntax characters as separators, not syntax', () => {
    const ast = parse('police^2 border~ {a} [b] +c NEAR/3 d');
    expect(ast.text).toEqual({
      kind: 'and',
      children: [
        { kind: 'phrase', field: null, text: 'police 2', terms: ['polic', '2'], offsets: [0, 1] },
        word('border'),
        word('b'),
        word('c'),
        { kind: 'phrase', field: null, text: 'NEAR 3', terms: ['near', '3'], offsets: [0, 1] },
        word('d'),
      ],
    });
    expect(ast.notices).toEqual([{ code: 'ignored-words', words: ['a'] }]);
  });
});

describe('parseDateBound', () => {
  it.each([
    ['2010', 'from', '2010-01-01'],
    ['2010', 'to', '2010-12-31'],
    ['2010-05', 'from', '2010-05-01'],
    ['2010-05', 'to', '2010-05-31'],
    ['2012-2', 'to', '2012-02-29'],
    ['1900-02', 'to', '1900-02-28'],
    ['2000-02-29', 'from', '2000-02-29'],
    [' 2010-5-7 ', 'to', '2010-05-07'],
  ] as const)('%s as %s → %s', (value, bound, date) => {
    expect(parseDateBound(value, bound)).toEqual({ date });
  });

  it.each(['2010-02-30', '2010-13', '2010-00-10', '10-01-01', 'yesterday', '2010-05-07T00:00', ''])(
    '%s → invalid-date',
    (value) => {
      expect(parseDateBound(value, 'from')).toEqual({
        date: null,
        notice: { code: 'invalid-date', key: 'from', value },
      });
    },
  );
});

describe('serializeQuery', () => {
  it('quotes a word spelled like an operator (no stop words without a language)', () => {
    const options = { ...OPTIONS, language: null };
    const ast = parseQuery('"AND" OR,', options);
    expect(ast.text).toMatchObject({
      kind: 'and',
      children: [{ kind: 'word', text: 'AND' }, { text: 'OR' }],
    });
    expect(serializeQuery(ast, options)).toBe('"AND" "OR"');
    expect(parseQuery('"AND" "OR"', options).text).toEqual(ast.text);
  });

  it.each([
    ['Police   reform', 'Police reform'],
    ['"freedom, of the media!" OR journalists', '"freedom of the media" OR journalists'],
    ['title:(police OR border) country:Serbia', '(title:police OR title:border) country:serbia'],
    ['NOT a1 b1 AND NOT (c1 d1)', 'b1 -a1 -(c1 d1)'],
    ['a1 OR (b1 c1)', 'a1 OR (b1 c1)'],
    ['from:2010 to:2010-02 type:news source:odihr', 'source:odihr type:news from:2010-01-01 to:2010-02-28'],
  ])('%s → %s', (query, canonical) => {
    expect(serialize(parse(query))).toBe(canonical);
  });
});

// ------------------------------------------------------------------ properties

const withoutNotices = ({ notices: _, ...rest }: ParsedQuery) => rest;

function* nodes(node: TextNode | null): Generator<TextNode> {
  if (node === null) return;
  yield node;
  if (node.kind === 'and' || node.kind === 'or') for (const c of node.children) yield* nodes(c);
  if (node.kind === 'not') yield* nodes(node.child);
}

const allNodes = (ast: ParsedQuery) => [ast.text, ...ast.mustNot].flatMap((n) => [...nodes(n)]);

const SOUP_PIECES = [
  'AND',
  'OR',
  'NOT',
  'NEAR',
  '(',
  ')',
  '"',
  '-',
  '*',
  ':',
  '^',
  '~',
  '{',
  '}',
  '[',
  ']',
  '+',
  'title:',
  'country:',
  'country:serbia',
  'type:news',
  'lang:fr',
  'from:2010',
  'to:2010-02-30',
  'source:odihr',
  'foo:bar',
  'police',
  'Élections',
  'the',
  'выборы',
  '日本',
  'مرحبا',
  '😀',
  '\u200f',
  '\u0301',
  '\ud800',
  '\u0000',
];

const soup = fc
  .array(fc.tuple(fc.constantFrom(...SOUP_PIECES), fc.constantFrom('', ' ', '  ')), { maxLength: 30 })
  .map((parts) => parts.map(([piece, space]) => piece + space).join(''));

/** Well-formed queries from a grammar, so that they parse strictly. */
const wellFormed = fc.letrec<{ query: string; leaf: string }>((tie) => ({
  leaf: fc.oneof(
    fc.constantFrom(
      'police',
      'Border',
      'the',
      'élections',
      'выборы',
      'co-operation',
      'l’OSCE',
      '日本',
      'x9',
      'AND,',
    ),
    fc.constantFrom(
      '"freedom of the media"',
      '"AND"',
      '"a b"',
      'organiz*',
      'title:police',
      'body:"border guards"',
    ),
    fc.constantFrom(
      'country:serbia',
      'country:Atlantis',
      'source:odihr',
      'type:news',
      'lang:fr',
      'from:2010',
    ),
    fc.constantFrom('to:2011-02', 'field:policing', 'title:(a1 OR b2)', 'foo:bar', 'x*', 'from:2010-02-30'),
  ),
  query: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.tuple(tie('query'), tie('query')).map(([a, b]) => `${a} ${b}`),
    fc.tuple(tie('query'), tie('query')).map(([a, b]) => `${a} AND ${b}`),
    fc.tuple(tie('query'), tie('query')).map(([a, b]) => `${a} OR ${b}`),
    tie('query').map((q) => `NOT ${q}`),
    tie('query').map((q) => `-(${q})`),
    tie('query').map((q) => `(${q})`),
  ),
})).query;

describe('parseQuery: properties', () => {
  it('never throws, on arbitrary strings of any Unicode and on operator soups', () => {
    const anything = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ maxLength: 300 }),
      soup,
    );
    fc.assert(
      fc.property(anything, (q) => {
        const ast = parse(q);
        expect(ast.notices).toBeInstanceOf(Array);
        expect(() => serialize(ast)).not.toThrow();
      }),
      { numRuns: 1500 },
    );
  });

  it('gives every word the term normalizeTerm gives, with no syntax characters left', () => {
    fc.assert(
      fc.property(fc.oneof(soup, fc.string({ unit: 'binary', maxLength: 100 })), (q) => {
        for (const node of allNodes(parse(q))) {
          if (node.kind === 'word') {
            expect(node.term).toBe(normalizeTerm(node.text, 'en'));
            expect(node.term).toMatch(/^[\p{L}\p{N}\p{M}]+$/u);
          }
          if (node.kind === 'phrase') for (const t of node.terms) expect(t).toMatch(/^[\p{L}\p{N}\p{M}]+$/u);
          if (node.kind === 'prefix') expect(node.prefix).toMatch(/^[\p{L}\p{N}\p{M}]+$/u);
        }
      }),
      { numRuns: 800 },
    );
  });

  it('parses well-formed queries strictly, and serialize → parse is a fixed point', () => {
    fc.assert(
      fc.property(wellFormed, (q) => {
        const ast = parse(q);
        expect(ast.notices).not.toContainEqual({ code: 'parsed-as-words' });
        const canonical = serialize(ast);
        const again = parse(canonical);
        expect(withoutNotices(again)).toEqual(withoutNotices(ast));
        expect(serialize(again)).toBe(canonical);
      }),
      { numRuns: 800 },
    );
  });

  it('serialize → parse is a fixed point for soups too, once they have been read', () => {
    fc.assert(
      fc.property(soup, (q) => {
        const ast = parse(q);
        expect(withoutNotices(parse(serialize(ast)))).toEqual(withoutNotices(ast));
      }),
      { numRuns: 800 },
    );
  });

  it('caps 10 KB adversarial queries (parse time is printed, not asserted)', () => {
    for (const unit of ['(', '"', 'OR ', '( OR "', 'a* ', '-(', 'title:(']) {
      const query = unit.repeat(Math.ceil(10_240 / unit.length));
      const started = performance.now();
      const ast = parse(query);
      const ms = performance.now() - started;
      console.log(`10 KB of ${JSON.stringify(unit)}: ${ms.toFixed(2)} ms`);
      expect(ast.notices).toContainEqual({ code: 'truncated', limit: 'length' });
      expect(
        allNodes(ast).filter((n) => n.kind !== 'and' && n.kind !== 'or' && n.kind !== 'not').length,
      ).toBeLessThanOrEqual(MAX_CLAUSES);
    }
  });
});
