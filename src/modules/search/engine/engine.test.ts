/** The search accelerator over real databases: matching, ranking, visibility and disjunctive facets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bumpContentVersion } from '../../../db/site-state.js';
import { describeEachDialect } from '../../../../test/databases.js';
import { randomText, seededRandom } from '../../../../test/random.js';
import { pressRelease } from '../../../../test/factories.js';
import { createTestSite, type TestSite } from '../../../../test/site.js';
import type { Taxonomy } from '../../taxonomy/taxonomy.js';
import { Bitset, bitsetBuffersMade } from './bitset.js';
import { type EngineQuery, type MatchNode, SearchEngine } from './execute.js';
import {
  type Analyzer,
  facetKey,
  forEachPosting,
  IndexBuilder,
  type IndexData,
  type IndexedDocument,
  type Place,
  type Postings,
  RELEASE_FROM_BYTES,
  TITLE_WEIGHT,
} from './index-data.js';
import { LiveIndex } from './live-index.js';
import { changedSince, currentWatermark, flatText, htmlToFlatText, htmlToText, loadIndex } from './load.js';
import { sharedPlace } from './shared-index.js';

// Deliberately simpler than the real analyzer (no stemming), so these tests are about the engine.
const words: Analyzer = (text, _language, visit) => {
  for (const word of text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? [])
    visit(word);
};

const query = (overrides: Partial<EngineQuery> = {}): EngineQuery => ({
  text: null,
  filters: new Map(),
  sort: 'relevance',
  offset: 0,
  limit: 20,
  facets: true,
  ...overrides,
});
const word = (w: string, field?: 'title' | 'body'): MatchNode => ({
  kind: 'word',
  word: w,
  ...(field ? { field } : {}),
});

describe('Bitset', () => {
  it('counts, iterates in order and combines', () => {
    const a = Bitset.of(100, [1, 5, 64, 99]);
    const b = Bitset.of(100, [5, 64, 70]);
    expect(a.count()).toBe(4);
    expect(a.clone().and(b).slice(0, 10)).toEqual([5, 64]);
    expect(a.clone().or(b).slice(1, 2)).toEqual([5, 64]);
    expect(a.clone().andNot(b).slice(0, 10)).toEqual([1, 99]);
    expect(Bitset.full(70).count()).toBe(70);
  });
});

describe('htmlToText', () => {
  it('keeps the words of sanitized HTML and decodes entities', () => {
    expect(htmlToText('<p>Rule&nbsp;of <strong>law</strong> &amp; order&#8212;now</p><p>Next</p>')).toBe(
      'Rule of law & order—now\nNext',
    );
  });

  it('turns every run of blanks into one space and keeps no space beside a line break', () => {
    // The plain definition: every run replaced, whatever it holds.
    const plainly = (text: string) =>
      text
        .replace(/[ \t\r\f\v]+/g, ' ')
        .replace(/ ?\n ?/g, '\n')
        .trim();
    const random = seededRandom(3);
    const pieces = [
      ' ',
      ' ',
      '  ',
      '\t',
      '\n',
      '\r\n',
      '\f',
      'word',
      'x',
      '<p>',
      '</p>',
      '<br>',
      '<b>',
      '&amp;',
      '&',
    ];
    for (let n = 0; n < 500; n++) {
      const html = randomText(random, pieces, 1, 30);
      const tagsAndEntities = html
        .replace(/<(?:br|\/p)[^>]*>/gi, '\n')
        .replace(/<[^>]*>/g, ' ')
        .replace(/&amp;/g, '&');
      expect(htmlToText(html), JSON.stringify(html)).toBe(plainly(tagsAndEntities));
    }
  });

  // Of sanitized HTML, where every "<" begins a tag (text's are escaped): a stray one would make
  // the two read different spans as tags.
  it('gives snippets the same text on one line, in fewer passes (htmlToFlatText)', () => {
    expect(htmlToFlatText('<p>Rule&nbsp;of <strong>law</strong></p>\n<p>&#10;Next&#160;step </p>')).toBe(
      'Rule of law Next step',
    );
    const random = seededRandom(5);
    const pieces = [
      ' ',
      '  ',
      '\t',
      '\n',
      '\u00a0',
      '\u2003',
      'word',
      'Élan',
      '<p>',
      '</p>',
      '<br/>',
      '<li>',
      '</h2>',
      '<em>',
      '&amp;',
      '&nbsp;',
      '&#10;',
      '&#xA0;',
      '&',
      '>',
    ];
    for (let n = 0; n < 1000; n++) {
      const html = randomText(random, pieces, 0, 30);
      expect(htmlToFlatText(html), JSON.stringify(html)).toBe(flatText(htmlToText(html)));
    }
  });
});

describe('IndexBuilder', () => {
  // The loader reads items in storage order; ordinals must still follow publication order (newest
  // first, then the highest item id), exactly as if the documents had come in that order.
  const vocabulary = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'rare', 'odd'];
  const random = seededRandom(11);
  const pick = () => vocabulary[Math.floor(random() ** 2 * vocabulary.length)]!;
  const dated = Array.from({ length: 300 }, (_, i) => ({
    itemId: 1000 - i * 3,
    language: random() < 0.3 ? 'fr' : 'en',
    type: random() < 0.5 ? 'news' : 'press-release',
    // Ten documents a day, so ties on the instant are common and the item id must break them.
    publishedAt: new Date(Date.UTC(2025, 0, 1) - Math.floor(i / 10) * 86_400_000).toISOString(),
    visibleFrom: '2020-01-01T00:00:00Z',
    terms: Array.from({ length: Math.floor(random() * 4) }, () => 1 + Math.floor(random() * 6)),
    sources: random() < 0.5 ? [7] : [],
    title: `${pick()} ${pick()}`,
    // "oldest" is in the oldest 20 only: added first, its bitset starts small and must still
    // reach the high ordinals it gets once renumbered.
    text: `${Array.from({ length: 1 + Math.floor(random() * 15) }, pick).join(' ')}${i >= 280 ? ' oldest' : ''}`,
  }));
  const shuffled = [...dated];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const build = (docs: typeof dated, expected: number, denseAt?: number) => {
    const builder = new IndexBuilder(words, expected, denseAt);
    for (const doc of docs) builder.add(doc);
    return builder.build();
  };

  /**
   * What an index says, free of the numbering its arrival order gives facets, languages and types:
   * per document its columns and facet keys, per word its (ordinal, tf) postings.
   */
  const meaning = (data: IndexData) => {
    const facetsOf = Array.from({ length: data.size }, () => [] as string[]);
    for (const [key, ordinal] of data.facetOrdinal)
      for (const doc of data.facetDocs[ordinal]!) facetsOf[doc]!.push(key);
    const postings = (map: ReadonlyMap<string, Postings>) =>
      Object.fromEntries(
        [...map].map(([w, p]) => {
          const list: [number, number][] = [];
          forEachPosting(p, (doc, i) => list.push([doc, p.tf[i]!]));
          return [w, { df: p.df, dense: p.bits !== null, list }];
        }),
      );
    return {
      documents: Array.from({ length: data.size }, (_, d) => ({
        itemId: data.itemId[d],
        language: data.languages[data.language[d]!],
        type: data.types[data.type[d]!],
        year: data.year[d],
        publishedAt: data.publishedAt[d],
        visibleFrom: data.visibleFrom[d],
        length: data.length[d],
        facets: facetsOf[d]!.sort(),
      })),
      averageLength: data.averageLength,
      words: postings(data.words),
      titleWords: postings(data.titleWords),
      sortedWords: data.sortedWords,
      ordinalOf: data.ordinalOf,
    };
  };
  const results = (data: IndexData) => {
    const engine = new SearchEngine(data, () => undefined);
    return [null, word('alpha'), { kind: 'phrase', words: ['beta', 'gamma'] } as MatchNode].map((text) =>
      engine.search(query({ text, limit: 50 }), Date.now()),
    );
  };

  it('numbers documents added in any order as if they came newest first', () => {
    // Bitsets (frequent words) and lists, with the expected size known, unknown and too small.
    for (const [expected, denseAt] of [
      [dated.length, undefined],
      [0, 16],
      [50, 8],
      [dated.length, Number.POSITIVE_INFINITY],
    ] as const) {
      const inOrder = build(dated, expected, denseAt);
      expect(inOrder.words.get('alpha')!.bits === null).toBe(denseAt === Number.POSITIVE_INFINITY);
      for (const docs of [shuffled, [...dated].reverse()]) {
        const data = build(docs, expected, denseAt);
        expect(meaning(data)).toEqual(meaning(inOrder));
        // Facet counting reads its own records, numbered by arrival: same counts all the same.
        expect(results(data)).toEqual(results(inOrder));
      }
    }
  });

  it('builds the same index into shared memory, and builds it once', () => {
    // Freezing into shared memory lets each word's builder arrays go as it copies them.
    for (const denseAt of [undefined, 16]) {
      const builder = new IndexBuilder(words, dated.length, denseAt, sharedPlace());
      for (const doc of shuffled) builder.add(doc);
      const shared = builder.build();
      expect(shared.words.get('alpha')!.tf.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(meaning(shared)).toEqual(meaning(build(shuffled, dated.length, denseAt)));
      expect(results(shared)).toEqual(results(build(dated, dated.length, denseAt)));
      expect(() => builder.build()).toThrow(/once/);
      // And right, not only alike: each word's postings counted again from the documents' text.
      for (const w of ['alpha', 'beta', 'oldest']) {
        const counted = new Map<number, number>();
        for (const doc of dated)
          for (const [text, weight] of [
            [doc.title, TITLE_WEIGHT],
            [doc.text, 1],
          ] as const)
            words(text, 'en', (found) => {
              if (found === w) counted.set(doc.itemId, (counted.get(doc.itemId) ?? 0) + weight);
            });
        const postings = new Map<number, number>();
        const p = shared.words.get(w)!;
        forEachPosting(p, (doc, i) => postings.set(shared.itemId[doc]!, p.tf[i]!));
        expect(postings).toEqual(counted);
      }
    }
  });

  it('frees the large growth buffers a place copied out, and only those', () => {
    // Enough documents for the frequent words' arrays to pass RELEASE_FROM_BYTES.
    const many = Array.from({ length: 6000 }, (_, i) => ({
      ...shuffled[i % shuffled.length]!,
      itemId: 10_000 + i,
    }));
    for (const denseAt of [undefined, 16]) {
      // A place that copies every array, remembering what it was given: views of the builder's
      // growth buffers among them.
      const given: Uint8Array[] = [];
      const copying: Place = (array) => {
        given.push(new Uint8Array(array.buffer, 0, 0));
        return array.slice() as typeof array;
      };
      const builder = new IndexBuilder(words, many.length, denseAt, copying);
      for (const doc of many) builder.add(doc);
      const copied = builder.build();
      // Each frequent word's term frequencies (a byte a posting) were copied out of a buffer now
      // freed (detached).
      const freed = given.filter((view) => view.buffer.byteLength === 0).length;
      const large = [...copied.words.values(), ...copied.titleWords.values()].filter(
        (p) => p.df >= RELEASE_FROM_BYTES,
      ).length;
      expect(large).toBeGreaterThan(0);
      expect(freed).toBeGreaterThanOrEqual(large);
      // The index is whole: the same as one whose arrays stayed where they were built.
      expect(meaning(copied)).toEqual(meaning(build(many, many.length, denseAt)));
      expect(results(copied)).toEqual(results(build(many, many.length, denseAt)));
      // Kept where they were, arrays spanning their whole buffer stay theirs (nothing was copied).
      for (const p of build(many, many.length, denseAt).words.values())
        expect(p.tf.buffer.byteLength).toBeGreaterThan(0);
    }
  });

  it('orders documents of one instant by item id, highest first', () => {
    const data = build([...dated.slice(0, 10)].reverse(), 10);
    expect([...data.itemId]).toEqual(dated.slice(0, 10).map((d) => d.itemId));
  });
});

describeEachDialect('search engine', (dialect) => {
  let site: TestSite;
  let engine: SearchEngine;
  let taxonomy: Taxonomy;
  const ids: Record<string, number> = {};
  const term = (vocabulary: string, slug: string) => taxonomy.termBySlug(vocabulary, slug)!.id;
  const now = () => site.clock.now().getTime();

  beforeAll(async () => {
    site = await createTestSite(dialect);
    site.clock.set('2026-01-01T00:00:00Z');
    ids.river = await site.addItem(
      pressRelease({
        title: 'River monitoring plan agreed',
        bodyMarkdown: 'Offices agreed a plan to monitor the river and share water data.',
        publishedAt: '2025-05-21T08:00:00.000Z',
        sources: [{ vocabulary: 'offices', slug: 'headquarters' }],
        tags: [
          { vocabulary: 'topics', slug: 'water' },
          { vocabulary: 'places', slug: 'ruritania' },
        ],
      }),
    );
    ids.roads = await site.addItem(
      pressRelease({
        title: 'Road safety training for police',
        bodyMarkdown: 'Police officers trained on road safety. Water was provided to participants.',
        publishedAt: '2024-02-01T08:00:00.000Z',
        tags: [
          { vocabulary: 'topics', slug: 'roads' },
          { vocabulary: 'places', slug: 'freedonia' },
        ],
      }),
    );
    ids.joint = await site.addItem(
      pressRelease({
        title: 'Water and roads: joint inspection',
        bodyMarkdown: 'A joint inspection of water pipes under roads.',
        publishedAt: '2023-07-10T08:00:00.000Z',
        tags: [
          { vocabulary: 'topics', slug: 'water' },
          { vocabulary: 'topics', slug: 'roads' },
          { vocabulary: 'places', slug: 'freedonia' },
        ],
      }),
    );
    ids.french = await site.addItem(
      pressRelease({
        language: 'fr',
        title: 'Plan de surveillance des rivières',
        bodyMarkdown: "Les bureaux surveillent l'eau des rivières.",
        publishedAt: '2025-05-22T08:00:00.000Z',
        tags: [{ vocabulary: 'topics', slug: 'water' }],
      }),
    );
    ids.draft = await site.addItem(
      pressRelease({ title: 'Secret water draft', status: 'draft', publishedAt: null }),
    );
    ids.embargoed = await site.addItem(
      pressRelease({
        title: 'Embargoed water report',
        status: 'scheduled',
        publishedAt: '2026-03-01T10:00:00.000Z',
        tags: [{ vocabulary: 'topics', slug: 'water' }],
      }),
    );
    taxonomy = site.app.site.taxonomy();
    const data = await loadIndex(site.database.db, taxonomy, words);
    engine = new SearchEngine(data, (id) => taxonomy.term(id)?.vocabularySlug);
  });
  afterAll(() => site.close());

  it('indexes what may become public, never drafts', () => {
    expect(engine.data.ordinalOf.has(ids.draft!)).toBe(false);
    expect(engine.data.ordinalOf.has(ids.embargoed!)).toBe(true);
  });

  it('finds a word, with title matches above body matches, and never an embargoed item early', () => {
    const result = engine.search(query({ text: word('water') }), now());
    expect(result.hits.map((h) => h.itemId)).toEqual([ids.joint, ids.river, ids.roads]);
    expect(result.total).toBe(3);
  });

  it('shows the embargoed item at its instant, not a millisecond before', () => {
    const instant = Date.parse('2026-03-01T10:00:00.000Z');
    const before = engine.search(query({ text: word('embargoed') }), instant - 1);
    const at = engine.search(query({ text: word('embargoed') }), instant);
    expect(before.total).toBe(0);
    expect(
      engine
        .search(query(), instant - 1)
        .facets?.terms.get('topics')
        ?.get(term('topics', 'water')),
    ).toBe(3);
    expect(at.hits.map((h) => h.itemId)).toEqual([ids.embargoed]);
    expect(engine.search(query(), instant).facets?.terms.get('topics')?.get(term('topics', 'water'))).toBe(4);
  });

  it('combines AND, OR, NOT, prefixes and fields', () => {
    const hits = (text: MatchNode) =>
      engine
        .search(query({ text, sort: 'date' }), now())
        .hits.map((h) => h.itemId)
        .sort();
    // No stemming in this test's analyzer: "road" and "roads" are different words.
    expect(hits({ kind: 'and', children: [word('water'), word('roads')] })).toEqual([ids.joint]);
    expect(hits({ kind: 'and', children: [word('water'), word('road')] })).toEqual([ids.roads]);
    expect(hits({ kind: 'and', children: [word('water'), { kind: 'not', child: word('roads') }] })).toEqual(
      [ids.river, ids.roads].sort(),
    );
    expect(hits({ kind: 'or', children: [word('police'), word('inspection')] })).toEqual(
      [ids.roads, ids.joint].sort(),
    );
    expect(hits({ kind: 'prefix', prefix: 'rivi' })).toEqual([ids.french]);
    expect(hits({ kind: 'prefix', prefix: 'wat', field: 'title' })).toEqual([ids.joint]);
    // ORs within an OR (two typed words, each an OR of its forms) are one union, fields kept.
    const either = (...children: MatchNode[]): MatchNode => ({ kind: 'or', children });
    expect(
      hits(either(either(word('police', 'body'), word('water', 'title')), either(word('rivi')))),
    ).toEqual([ids.roads, ids.joint].sort());
    expect(hits(either(either(word('inspection')), { kind: 'prefix', prefix: 'rivi' }))).toEqual(
      [ids.joint, ids.french].sort(),
    );
    expect(hits(word('water', 'title'))).toEqual([ids.joint]);
    expect(hits(word('water', 'body'))).toEqual([ids.river, ids.roads, ids.joint].sort());
    expect(hits(word('police', 'body'))).toEqual([ids.roads]);
    expect(hits(word('inspection', 'body'))).toEqual([ids.joint]);
    expect(hits(word('monitoring', 'body'))).toEqual([]);
    expect(hits({ kind: 'terms', termIds: [term('places', 'ruritania')] })).toEqual([ids.river]);
  });

  it('sorts by date newest first and pages through the matches', () => {
    const all = engine.search(query({ sort: 'date' }), now());
    expect(all.hits.map((h) => h.itemId)).toEqual([ids.french, ids.river, ids.roads, ids.joint]);
    const second = engine.search(query({ sort: 'date', offset: 1, limit: 2 }), now());
    expect(second.hits.map((h) => h.itemId)).toEqual([ids.river, ids.roads]);
    expect(second.total).toBe(4);
  });

  it("reuses a search's bitsets in the next search, which answers the same", () => {
    const q = query({
      text: { kind: 'or', children: [word('water'), { kind: 'phrase', words: ['road', 'safety'] }] },
      filters: new Map([['topics', [term('topics', 'water'), term('topics', 'roads')]]]),
      types: ['press-release'],
      from: Date.parse('2023-01-01'),
    });
    const first = engine.search(q, now());
    const made = bitsetBuffersMade();
    for (let i = 0; i < 3; i++) expect(engine.search(q, now())).toEqual(first);
    // Once warm, a search takes every set it makes from the buffers the one before it gave back.
    expect(bitsetBuffersMade()).toBe(made);
    expect(first.total).toBe(3);
  });

  it('counts facets disjunctively: a filtered vocabulary is counted without its own filter', () => {
    const result = engine.search(
      query({ filters: new Map([['topics', [term('topics', 'water')]]]), languages: ['en'] }),
      now(),
    );
    expect(result.total).toBe(2); // river, joint
    const topics = result.facets!.terms.get('topics')!;
    // Counted over English items regardless of the topic filter: water 2, roads 2.
    expect(topics.get(term('topics', 'water'))).toBe(2);
    expect(topics.get(term('topics', 'roads'))).toBe(2);
    // Other vocabularies are counted over the filtered matches.
    const places = result.facets!.terms.get('places')!;
    expect(places.get(term('places', 'ruritania'))).toBe(1);
    expect(places.get(term('places', 'freedonia'))).toBe(1);
    // The language facet ignores the language filter: one French water item would be added.
    expect(result.facets!.languages.get('fr')).toBe(1);
    expect(result.facets!.languages.get('en')).toBe(2);
  });

  it('counts and filters issuing sources apart from the terms items are listed under', () => {
    const headquarters = term('offices', 'headquarters');
    const fieldOffice = term('offices', 'field-office');
    const result = engine.search(query({ filters: new Map([['source', [headquarters]]]) }), now());
    expect(result.hits.map((h) => h.itemId)).toEqual([ids.river]);
    // Counted without its own filter: one item issued by headquarters, three by the field office.
    expect(result.facets!.terms.get('source')!.get(headquarters)).toBe(1);
    expect(result.facets!.terms.get('source')!.get(fieldOffice)).toBe(3);
    expect(result.facets!.terms.get('offices')!.get(headquarters)).toBe(1);
    expect(result.facets!.terms.get('offices')!.has(fieldOffice)).toBe(false);
  });

  it('rolls counts up to parent terms and filters by a parent', () => {
    const result = engine.search(
      query({ filters: new Map([['places', [term('places', 'members')]]]) }),
      now(),
    );
    expect(result.total).toBe(3);
    expect(result.facets!.terms.get('places')!.get(term('places', 'members'))).toBe(3);
  });

  it('filters by several terms of one vocabulary with OR, by date range, type and year', () => {
    const either = engine.search(
      query({ filters: new Map([['places', [term('places', 'ruritania'), term('places', 'freedonia')]]]) }),
      now(),
    );
    expect(either.total).toBe(3);
    const range = engine.search(
      query({
        from: Date.parse('2024-01-01T00:00:00Z'),
        to: Date.parse('2025-05-21T23:59:59Z'),
        sort: 'date',
      }),
      now(),
    );
    expect(range.hits.map((h) => h.itemId)).toEqual([ids.river, ids.roads]);
    // The year facet is counted without the date range, so other years stay reachable.
    expect(range.facets!.years.get(2023)).toBe(1);
    expect(engine.search(query({ types: ['statement'] }), now()).total).toBe(0);
    expect(engine.search(query({ excludeTerms: [term('topics', 'roads')] }), now()).total).toBe(2);
  });
});

describeEachDialect('live search index', (dialect) => {
  let site: TestSite;
  afterAll(() => site.close());
  /** Makes `termId` a narrower term of `parentId`, as the newsroom would; no item is written. */
  const moveTerm = async (termId: number, parentId: number) => {
    await site.database.db
      .updateTable('terms')
      .set({ parent_id: parentId })
      .where('id', '=', termId)
      .execute();
    await bumpContentVersion(site.database.db);
    await site.app.site.freshness();
  };

  it('catches up with items written after the build, in a delta merged into every result', async () => {
    site = await createTestSite(dialect);
    site.clock.set('2026-01-01T00:00:00Z');
    const first = await site.addItem(
      pressRelease({ title: 'Border guards trained', publishedAt: '2025-01-10T08:00:00.000Z' }),
    );
    const taxonomy = () => site.app.site.taxonomy();
    const live = await LiveIndex.build({ db: site.database.db, taxonomy, analyze: words });
    const water = taxonomy().termBySlug('topics', 'water')!.id;
    const search = (text: MatchNode | null, sort: 'relevance' | 'date' = 'date') =>
      live.search(query({ text, sort }), site.clock.now().getTime());
    expect(search(word('border')).total).toBe(1);

    // Written after the build, with a clock behind the first write: found by id all the same.
    site.clock.set('2025-12-01T00:00:00Z');
    const second = await site.addItem(
      pressRelease({ title: 'Border crossing reopened', publishedAt: '2025-06-01T08:00:00.000Z' }),
    );
    const draft = await site.addItem(
      pressRelease({ title: 'Border draft', status: 'draft', publishedAt: null }),
    );
    site.clock.set('2026-01-01T00:00:00Z');
    expect(search(word('border')).total).toBe(1); // not caught up yet
    await live.catchUp();
    const after = search(word('border'));
    expect(after.total).toBe(2);
    expect(after.hits.map((h) => h.itemId)).toEqual([second, first]);
    expect(after.hits.map((h) => h.itemId)).not.toContain(draft);
    // Facets add up over both segments.
    expect(search(null).facets!.terms.get('topics')!.get(water)).toBe(2);
    // A second catch-up with nothing new changes nothing.
    await live.catchUp();
    expect(search(word('border')).total).toBe(2);
  });

  it('catches up with a write in the same millisecond as the newest one it has seen', async () => {
    await site.close();
    site = await createTestSite(dialect);
    site.clock.set('2026-01-01T00:00:00Z');
    const older = await site.addItem(pressRelease({ title: 'Harbour pilots certified' }));
    const taxonomy = () => site.app.site.taxonomy();
    const live = await LiveIndex.build({ db: site.database.db, taxonomy, analyze: words });
    site.clock.set('2026-01-02T00:00:00Z');
    await site.addItem(pressRelease({ title: 'Lighthouse keepers meet' }));
    await live.catchUp();
    // Another item changes at exactly the instant of the newest write, with no new id.
    await site.database.db
      .updateTable('items')
      .set({ title: 'Harbour pilots and ferry crews certified', updated_at: site.clock.now().toISOString() })
      .where('id', '=', older)
      .execute();
    await live.catchUp();
    const found = live.search(query({ text: word('ferry') }), site.clock.now().getTime());
    expect(found.hits.map((h) => h.itemId)).toEqual([older]);
  });

  it('reads again the many items of one write instant only when one more joins them, and never more than asked', async () => {
    await site.close();
    site = await createTestSite(dialect);
    const db = site.database.db;
    site.clock.set('2025-12-01T00:00:00Z');
    const earlier = await site.addItem(pressRelease({ title: 'Earlier item' }));
    // A bulk write: four items on one instant.
    site.clock.set('2026-01-01T00:00:00Z');
    const bulk: number[] = [];
    for (let i = 0; i < 4; i++) bulk.push(await site.addItem(pressRelease({ title: `Bulk item ${i}` })));
    const taxonomy = site.app.site.taxonomy();
    const mark = (await currentWatermark(db))!;
    expect(mark).toMatchObject({
      updatedAt: '2026-01-01T00:00:00.000Z',
      maxId: Math.max(...bulk),
      atMark: 4,
    });
    const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
    // Few at the instant: read again, exact even under a clock that stands still.
    expect(sorted((await changedSince(db, taxonomy, mark, 100))!.ids)).toEqual(sorted(bulk));
    // Many (here: more than 2): not read again while their number stands.
    expect((await changedSince(db, taxonomy, mark, 100, 2))!.ids).toEqual([]);
    // Another item written on that very instant: all of the instant is read again.
    await db
      .updateTable('items')
      .set({ title: 'Earlier item, edited', updated_at: mark.updatedAt })
      .where('id', '=', earlier)
      .execute();
    const again = (await changedSince(db, taxonomy, mark, 100, 2))!;
    expect(sorted(again.ids)).toEqual(sorted([earlier, ...bulk]));
    expect(again.documents.find((d) => d.itemId === earlier)?.title).toBe('Earlier item, edited');
    // More changes than the caller can take: null (it rebuilds), without reading their rows.
    expect(await changedSince(db, taxonomy, mark, 4, 2)).toBeNull();
    // A new item written with a clock behind: found by its id.
    site.clock.set('2025-06-01T00:00:00Z');
    const late = await site.addItem(pressRelease({ title: 'Late item' }));
    const next = (await currentWatermark(db))!;
    expect((await changedSince(db, taxonomy, { ...next, maxId: late - 1 }, 100, 2))!.ids).toEqual([late]);
  });

  it('follows a term moved in the hierarchy: filters and counts of its new group include its items', async () => {
    await site.close();
    site = await createTestSite(dialect);
    site.clock.set('2026-01-01T00:00:00Z');
    await site.addItem(pressRelease({ tags: [{ vocabulary: 'topics', slug: 'water' }] }));
    const taxonomy = () => site.app.site.taxonomy();
    const live = await LiveIndex.build({ db: site.database.db, taxonomy, analyze: words });
    const [water, roads] = [
      taxonomy().termBySlug('topics', 'water')!,
      taxonomy().termBySlug('topics', 'roads')!,
    ];
    const under = (termId: number) =>
      live.search(
        query({ text: null, filters: new Map([['topics', [termId]]]) }),
        site.clock.now().getTime(),
      );
    expect(under(roads.id).total).toBe(0);
    // Water becomes a narrower term of roads; no item is written.
    await moveTerm(water.id, roads.id);
    expect(taxonomy().term(water.id)!.parentId).toBe(roads.id);
    await live.catchUp();
    expect(under(roads.id).total).toBe(1);
    expect(
      live
        .search(query({ text: null }), site.clock.now().getTime())
        .facets!.terms.get('topics')!
        .get(roads.id),
    ).toBe(1);
  });

  it('rebuilds a large index in the background: the old one answers meanwhile, then the new one with what was written during it', async () => {
    await site.close();
    site = await createTestSite(dialect);
    site.clock.set('2026-01-01T00:00:00Z');
    await site.addItem(pressRelease({ tags: [{ vocabulary: 'topics', slug: 'water' }] }));
    const taxonomy = () => site.app.site.taxonomy();
    // Every index counts as large here, so every rebuild runs in the background. An item is
    // written once the rebuild has read its watermark and every item: only a catch-up after the
    // rebuild can find it.
    let rebuilds = 0;
    const live = await LiveIndex.build({
      db: site.database.db,
      taxonomy,
      analyze: words,
      backgroundRebuildFrom: 0,
      onRebuildProgress: async () => {
        if (rebuilds++ === 0)
          await site.addItem(
            pressRelease({ title: 'Wells', tags: [{ vocabulary: 'topics', slug: 'water' }] }),
          );
      },
    });
    const [water, roads] = [
      taxonomy().termBySlug('topics', 'water')!,
      taxonomy().termBySlug('topics', 'roads')!,
    ];
    const under = (termId: number) =>
      live.search(query({ text: null, filters: new Map([['topics', [termId]]]) }), site.clock.now().getTime())
        .total;
    await moveTerm(water.id, roads.id);
    await live.catchUp();
    // The catch-up called for a rebuild and returned at once: the old index still answers.
    expect(under(roads.id)).toBe(0);
    expect(under(water.id)).toBe(1);
    // A catch-up while the rebuild runs changes nothing (and starts no second rebuild).
    await live.catchUp();
    expect(under(roads.id)).toBe(0);
    await live.idle();
    expect(rebuilds).toBe(1);
    expect(under(roads.id)).toBe(2);
    expect(under(water.id)).toBe(2);
  });
});

describe('dense postings', () => {
  // Words in more than 1/32 of the documents are kept as bitsets: the engine must answer exactly
  // as it does from ordinal lists. A reference scan over the same documents decides.
  const vocabulary = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'rare'];
  const random = seededRandom(7);
  const pick = () =>
    vocabulary[Math.min(vocabulary.length - 1, Math.floor(random() ** 2 * vocabulary.length))]!;
  const docs = hourlyDocs(
    Array.from({ length: 400 }, () => ({
      title: `${pick()} ${pick()}`,
      text: Array.from({ length: 12 }, pick).join(' '),
    })),
  );
  const data = indexOf(docs);
  const engine = new SearchEngine(data, () => undefined);
  const has = (text: string, word: string) => text.split(' ').includes(word);

  it('stores frequent words as bitsets and rare ones as lists', () => {
    expect(data.words.get('alpha')!.bits).not.toBeNull();
    expect(data.words.get('alpha')!.df).toBe(docs.filter((d) => has(`${d.title} ${d.text}`, 'alpha')).length);
    const rare = data.words.get('rare');
    if (rare && rare.df < 64) expect(rare.docs).not.toBeNull();
  });

  it('ranks exactly as the same index kept in lists does, top pages included', () => {
    const lists = new IndexBuilder(words, docs.length, Number.POSITIVE_INFINITY);
    for (const doc of docs) lists.add(doc);
    const listEngine = new SearchEngine(lists.build(), () => undefined);
    expect(listEngine.data.words.get('alpha')!.bits).toBeNull();
    const texts: MatchNode[] = [
      ...vocabulary.map((w) => word(w)),
      { kind: 'and', children: [word('alpha'), word('beta')] },
      { kind: 'or', children: [word('gamma'), word('rare')] },
      { kind: 'phrase', words: ['alpha', 'gamma'] },
    ];
    for (const text of texts) {
      for (const [offset, limit] of [
        [0, 10],
        [10, 7],
        [0, 1000],
      ] as const) {
        const q = query({ text, offset, limit, facets: false });
        const a = engine.search(q, Date.now()).hits;
        const b = listEngine.search(q, Date.now()).hits;
        expect(
          a.map((h) => h.itemId),
          JSON.stringify(text),
        ).toEqual(b.map((h) => h.itemId));
        for (const [i, h] of a.entries()) expect(h.score).toBeCloseTo(b[i]!.score, 9);
      }
    }
  });

  it.each([
    ['block-max', { rankByImpact: false }],
    ['impact lists', { rankByImpact: true }],
    ['impact lists cut short', { rankByImpact: true, impactDepth: 64 }],
    ['impact lists deepened', { rankByImpact: true, impactFirstDepth: 8 }],
    ['impact lists deepened, then cut short', { rankByImpact: true, impactFirstDepth: 8, impactDepth: 64 }],
  ] as const)(
    'ranks exactly the same when it skips documents that cannot reach the top (%s)',
    (_, options) => {
      // blockMaxFrom 0: every ranked search takes the block-max path, against the exhaustive one.
      const skipping = new SearchEngine(data, () => undefined, { blockMaxFrom: 0, ...options });
      const exhaustive = new SearchEngine(data, () => undefined, { blockMaxFrom: Number.POSITIVE_INFINITY });
      const texts: MatchNode[] = [
        ...vocabulary.map((w) => word(w)),
        word('alpha', 'title'),
        { kind: 'and', children: [word('alpha'), word('beta')] },
        { kind: 'or', children: [word('gamma'), word('rare'), word('delta', 'title')] },
        { kind: 'phrase', words: ['alpha', 'gamma'] },
        { kind: 'and', children: [word('beta'), { kind: 'not', child: word('alpha') }] },
        { kind: 'not', child: word('omega') },
      ];
      for (const text of texts) {
        for (const [offset, limit] of [
          [0, 1],
          [0, 10],
          [10, 7],
          [90, 20],
          [0, 1000],
        ] as const) {
          const q = query({ text, offset, limit, facets: false });
          const a = skipping.search(q, Date.now()).hits;
          const b = exhaustive.search(q, Date.now()).hits;
          expect(
            a.map((h) => [h.itemId, h.score]),
            `${JSON.stringify(text)} ${offset}+${limit}`,
          ).toEqual(b.map((h) => [h.itemId, h.score]));
          // And both are the page of a full sort of every match (best first, newest on a tie): the
          // bounded heap keeps exactly the k best.
          const all = exhaustive
            .search(query({ text, offset: 0, limit: 1000, facets: false }), Date.now())
            .hits.map((h) => [h.itemId, h.score]);
          expect(all.length).toBeLessThan(1000);
          expect(a.map((h) => [h.itemId, h.score])).toEqual(all.slice(offset, offset + limit));
        }
      }
      expect(exhaustive.rankingStrategies.impact + exhaustive.rankingStrategies.blockMax).toBe(0);
      if (options.rankByImpact) expect(skipping.rankingStrategies.impact).toBeGreaterThan(0);
      else expect(skipping.rankingStrategies.impact).toBe(0);
      if ('impactFirstDepth' in options) expect(skipping.rankingStrategies.deepened).toBeGreaterThan(0);
      expect(skipping.rankingStrategies.blockMax).toBeGreaterThan(0);
    },
  );

  it('matches, counts and ranks exactly as a scan of the documents would', () => {
    for (const w of vocabulary) {
      for (const field of [undefined, 'title', 'body'] as const) {
        const expected = docs
          .filter((d) =>
            field === 'title'
              ? has(d.title, w)
              : field === 'body'
                ? has(d.text, w)
                : has(`${d.title} ${d.text}`, w),
          )
          .map((d) => d.itemId);
        const result = engine.search(query({ text: word(w, field), limit: 1000, facets: false }), Date.now());
        expect(result.total, `${w} ${field}`).toBe(expected.length);
        expect(result.hits.map((h) => h.itemId).sort((a, b) => a - b)).toEqual(expected);
        const scores = result.hits.map((h) => h.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
      }
    }
  });
});

describe('term filters', () => {
  // A term in at least 1/64 of the documents has a bitset column in the facet kernel, and a filter
  // on it is built from that column; a rarer term's filter from its list of documents.
  const FREQUENT = 101;
  const RARE = 102;
  const OTHER = 103;
  const random = seededRandom(11);
  const docs = hourlyDocs(Array.from({ length: 400 }, (_, i) => ({ title: `item ${i}`, text: 'text' }))).map(
    (doc, i) => ({
      ...doc,
      terms: [
        ...(random() < 0.4 ? [FREQUENT] : []),
        ...(i % 97 === 5 ? [RARE] : []),
        ...(random() < 0.1 ? [OTHER] : []),
      ],
    }),
  );
  const data = indexOf(docs);
  const engine = new SearchEngine(data, () => 'topics');
  const listed = (ids: readonly number[]) =>
    docs.filter((d) => d.terms.some((t) => ids.includes(t))).map((d) => d.itemId);
  const ids = (hits: readonly { itemId: number }[]) => hits.map((h) => h.itemId).sort((a, b) => a - b);

  it('find exactly the documents listed under any of the terms, from a column or from a list', () => {
    const hasColumn = (termId: number) =>
      data.facetRecords.kernel.addColumnTo(
        data.facetOrdinal.get(facetKey(termId, false))!,
        new Bitset(data.size),
      );
    expect(hasColumn(FREQUENT)).toBe(true);
    expect(hasColumn(RARE)).toBe(false);
    for (const terms of [[FREQUENT], [RARE], [FREQUENT, RARE], [RARE, OTHER]]) {
      const expected = listed(terms);
      expect(expected.length).toBeGreaterThan(0);
      const all = { limit: 1000, facets: false, sort: 'date' } as const;
      const filtered = engine.search(query({ ...all, filters: new Map([['topics', terms]]) }), Date.now());
      expect(ids(filtered.hits), JSON.stringify(terms)).toEqual(expected);
      // The same terms as a qualifier in the text, and left out.
      const qualified = engine.search(query({ ...all, text: { kind: 'terms', termIds: terms } }), Date.now());
      expect(ids(qualified.hits)).toEqual(expected);
      const without = engine.search(query({ ...all, excludeTerms: terms }), Date.now());
      expect(without.total).toBe(docs.length - expected.length);
    }
  });
});

/** English news items with these titles and texts, one an hour back from 2025. */
describe('exact phrases', () => {
  // Phrases are matched from word positions: a reference scan of the documents' words decides,
  // with positions in memory and in a file, documents added in date order and out of it.
  const random = seededRandom(11);
  // Shuffled: the builder renumbers them in date order, and positions keep the order they came in.
  const { pick, docs, shuffled } = randomWordDocs(
    random,
    ['alpha', 'beta', 'gamma', 'delta', 'omega'],
    300,
    [2, 4],
    40,
  );

  /** Whether `words` stand at `offsets` from the first, in one of the texts. */
  const standsIn = (texts: readonly string[], phrase: readonly string[], offsets: readonly number[]) =>
    texts.some((text) => {
      const tokens = text.split(' ').filter((t) => t !== '');
      return tokens.some((_, i) => phrase.every((w, j) => tokens[i + offsets[j]!] === w));
    });
  const reference = (phrase: readonly string[], offsets: readonly number[], field?: 'title' | 'body') =>
    docs
      .filter((d) =>
        standsIn(
          field === 'title' ? [d.title] : field === 'body' ? [d.text] : [d.title, d.text],
          phrase,
          offsets,
        ),
      )
      .map((d) => d.itemId)
      .sort((a, b) => a - b);

  const phrases: { words: string[]; offsets: number[]; field?: 'title' | 'body' }[] = [];
  for (let i = 0; i < 60; i++) {
    const length = 2 + Math.floor(random() * 2);
    const words = Array.from({ length }, pick);
    // Some with gaps, as stop words leave them ("freedom of the media": 0, 3).
    const offsets = words.map((_, j) => (i % 3 === 0 ? j * 2 : j));
    const field = (['title', 'body', undefined] as const)[i % 3];
    phrases.push({ words, offsets, ...(field ? { field } : {}) });
  }

  const built = (documents: readonly IndexedDocument[], spillBytes?: number) => {
    const builder = new IndexBuilder(words, documents.length, undefined, undefined, spillBytes);
    for (const doc of documents) builder.add(doc);
    return new SearchEngine(builder.build(), () => undefined);
  };

  it.each([
    ['in memory, added in date order', () => built(docs)],
    ['in memory, added in any order', () => built(shuffled)],
    ['in a file, added in any order', () => built(shuffled, 200)],
  ])('match exactly the documents where their words stand in order (%s)', (_, make) => {
    const engine = make();
    if (_.includes('file')) expect(engine.data.positions.file).not.toBeNull();
    else expect(engine.data.positions.file).toBeNull();
    let some = 0;
    for (const { words: phrase, offsets, field } of phrases) {
      const text: MatchNode = { kind: 'phrase', words: phrase, offsets, ...(field ? { field } : {}) };
      const found = engine.search(query({ text, limit: 1000, facets: false }), Date.now());
      const expected = reference(phrase, offsets, field);
      expect(
        found.hits.map((h) => h.itemId).sort((a, b) => a - b),
        JSON.stringify(text),
      ).toEqual(expected);
      expect(found.total).toBe(expected.length);
      if (expected.length > 0) some++;
    }
    // The sample holds phrases found and phrases not: every word alone is in most documents.
    expect(some).toBeGreaterThan(10);
    expect(some).toBeLessThan(phrases.length);
  });

  it('match phrases of a rare and a common word, the common one’s stream passed by blocks', () => {
    // 'zeta' in one document of 40: the other words' streams are walked by skip entries to it.
    const common = ['alpha', 'beta', 'gamma'];
    const rare = (n: number) =>
      Array.from({ length: n }, () =>
        random() < 0.05 ? 'zeta' : common[Math.floor(random() * common.length)]!,
      ).join(' ');
    const documents = hourlyDocs(
      Array.from({ length: 800 }, () => ({ title: rare(3), text: rare(Math.floor(random() * 25)) })),
    );
    const mixed = [...documents].sort(() => random() - 0.5);
    const cases: [string[], number[]][] = [
      [
        ['zeta', 'alpha'],
        [0, 1],
      ],
      [
        ['alpha', 'zeta'],
        [0, 1],
      ],
      [
        ['beta', 'zeta'],
        [0, 2],
      ],
      [
        ['zeta', 'beta', 'gamma'],
        [0, 1, 2],
      ],
      [
        ['alpha', 'zeta', 'beta'],
        [0, 1, 3],
      ],
      [
        ['gamma', 'beta', 'zeta'],
        [0, 1, 2],
      ],
    ];
    for (const engine of [built(documents), built(mixed), built(mixed, 500)]) {
      expect(engine.data.positions.skipAt.get('alpha')).toBeDefined();
      for (const [phrase, offsets] of cases) {
        const text: MatchNode = { kind: 'phrase', words: phrase, offsets };
        const found = engine.search(query({ text, limit: 1000, facets: false }), Date.now());
        const expected = documents
          .filter((d) =>
            [d.title, d.text].some((t) => {
              const tokens = t.split(' ').filter((w) => w !== '');
              return tokens.some((_, i) => phrase.every((w, j) => tokens[i + offsets[j]!] === w));
            }),
          )
          .map((d) => d.itemId)
          .sort((a, b) => a - b);
        expect(
          found.hits.map((h) => h.itemId).sort((a, b) => a - b),
          phrase.join(' '),
        ).toEqual(expected);
        expect(expected.length).toBeGreaterThan(0);
      }
    }
  });

  it('never match scattered words, and count facets over the phrase’s documents alone', () => {
    const engine = built([
      ...hourlyDocs([
        { title: 'freedom of the media', text: 'a report' },
        { title: 'media report', text: 'freedom comes first; of the media later' },
      ]),
    ]);
    const phrase: MatchNode = { kind: 'phrase', words: ['freedom', 'media'], offsets: [0, 3] };
    const found = engine.search(query({ text: phrase }), Date.now());
    expect(found.hits.map((h) => h.itemId)).toEqual([1]);
    expect(found.total).toBe(1);
    expect(found.facets!.types.get('news')).toBe(1);
    // Words apart, or the gap wrong: nothing.
    expect(
      engine.search(query({ text: { kind: 'phrase', words: ['freedom', 'media'] } }), Date.now()).total,
    ).toBe(0);
  });

  it('stay in memory when no temporary file can be made, and match the same', () => {
    const tmp = process.env.TMPDIR;
    process.env.TMPDIR = '/nonexistent/dateline-test';
    try {
      const engine = built(shuffled, 200);
      expect(engine.data.positions.file).toBeNull();
      const text: MatchNode = { kind: 'phrase', words: ['beta', 'gamma'] };
      const found = engine.search(query({ text, limit: 1000, facets: false }), Date.now());
      expect(found.hits.map((h) => h.itemId).sort((a, b) => a - b)).toEqual(
        reference(['beta', 'gamma'], [0, 1]),
      );
    } finally {
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
    }
  });

  it('count a repeated phrase search’s facets from the phrase’s kept counts, reading no documents', () => {
    const builder = new IndexBuilder(words, shuffled.length);
    for (const doc of shuffled) builder.add(doc);
    const engine = new SearchEngine(builder.build(), () => undefined, { keepFilterCountsFrom: 0 });
    const reference = new SearchEngine(engine.data, () => undefined);
    const text: MatchNode = { kind: 'phrase', words: ['gamma', 'delta'] };
    const q = query({ text });
    const first = engine.search(q, Date.now());
    const before = engine.facetSetsCounted;
    const again = engine.search(q, Date.now());
    expect(engine.facetSetsCounted - before).toBe(0);
    expect(again.facets).toEqual(first.facets);
    expect(again.facets).toEqual(reference.search(q, Date.now()).facets);
    expect(again.total).toBeGreaterThan(0);
  });

  it('keep the documents of a phrase: the next search of it reads no positions', () => {
    const engine = built(shuffled, 200);
    const text: MatchNode = { kind: 'phrase', words: ['alpha', 'beta'] };
    const first = engine.search(query({ text, limit: 1000 }), Date.now());
    expect(engine.phrasesMatched).toBe(1);
    const again = engine.search(query({ text, limit: 1000 }), Date.now());
    expect(engine.phrasesMatched).toBe(1);
    expect(again.hits).toEqual(first.hits);
    expect(again.total).toBe(reference(['alpha', 'beta'], [0, 1]).length);
  });
});

describe('closeness of unquoted words', () => {
  // The best PROXIMITY_WINDOW matches by BM25F are reordered: each consecutive pair of the query's
  // words standing in order, at most PROXIMITY_SPAN apart in one field, adds its share of a
  // doubling. A reference computes that from the texts over the BM25F ranking of an engine
  // without closeness; positions are read from memory and, through skip entries, from a file.
  const random = seededRandom(23);
  const vocabulary = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma'];
  const { pick, docs, shuffled } = randomWordDocs(random, vocabulary, 400, [1, 4], 30);
  const textOf = new Map(docs.map((d) => [d.itemId, d]));
  const window = 30;

  /** A typed word: one form, or several (an OR of words, as a word's forms in several languages). */
  const typed = (forms: readonly string[], field?: 'title' | 'body'): MatchNode =>
    forms.length === 1 ? word(forms[0]!, field) : { kind: 'or', children: forms.map((f) => word(f, field)) };
  const queries: { groups: { forms: string[]; field?: 'title' | 'body' }[] }[] = [];
  for (let i = 0; i < 24; i++) {
    const length = 2 + (i % 2);
    const groups = Array.from({ length }, (_, j) => ({
      forms: i % 4 === 3 && j === 0 ? [pick(), pick()] : [pick()],
      ...(i % 6 === 5 ? { field: (['title', 'body'] as const)[j % 2] } : {}),
    }));
    queries.push({ groups });
  }
  const textFor = (groups: (typeof queries)[number]['groups']): MatchNode => ({
    kind: 'and',
    children: groups.map((g) => typed(g.forms, g.field)),
  });

  /** Whether a form of `a` has a form of `b` 1 to 4 tokens after it, in one field (the field asked for). */
  const together = (
    doc: IndexedDocument,
    a: { forms: string[]; field?: 'title' | 'body' },
    b: { forms: string[]; field?: 'title' | 'body' },
  ) => {
    const fields = (g: { field?: 'title' | 'body' }) =>
      g.field === 'title' ? [doc.title] : g.field === 'body' ? [doc.text] : [doc.title, doc.text];
    return [doc.title, doc.text].some((text) => {
      if (!fields(a).includes(text) || !fields(b).includes(text)) return false;
      const tokens = text.split(' ').filter((t) => t !== '');
      return tokens.some(
        (t, i) => a.forms.includes(t) && tokens.slice(i + 1, i + 5).some((u) => b.forms.includes(u)),
      );
    });
  };

  const built = (documents: readonly IndexedDocument[], proximityWindow: number, spillBytes?: number) => {
    const builder = new IndexBuilder(words, documents.length, undefined, undefined, spillBytes);
    for (const doc of documents) builder.add(doc);
    return new SearchEngine(builder.build(), () => undefined, { proximityWindow });
  };
  const bm25 = built(docs, 0);

  it.each([
    ['in memory, added in date order', () => built(docs, window)],
    ['in memory, added in any order', () => built(shuffled, window)],
    ['in a file, added in any order', () => built(shuffled, window, 300)],
  ])('reorder the best matches as a reference does from the texts (%s)', (name, make) => {
    const engine = make();
    expect(engine.data.positions.file === null).toBe(!name.includes('file'));
    // Words in more than SKIP_EVERY documents: lookups go through skip entries.
    expect(engine.data.positions.skipAt.size).toBeGreaterThan(0);
    let moved = 0;
    for (const { groups } of queries) {
      const text = textFor(groups);
      const plain = bm25.search(query({ text, limit: 100, facets: false }), Date.now()).hits;
      const pairs = groups.slice(1).map((b, i) => [groups[i]!, b] as const);
      const head = plain.slice(0, window).map((h) => {
        const doc = textOf.get(h.itemId)!;
        const n = pairs.filter(([a, b]) => together(doc, a, b)).length;
        return { itemId: h.itemId, score: h.score * (1 + n / pairs.length) };
      });
      const expected = [...head.sort((x, y) => y.score - x.score), ...plain.slice(window)];
      const found = engine.search(query({ text, limit: 100, facets: false }), Date.now()).hits;
      const label = JSON.stringify(text);
      expect(
        found.map((h) => h.itemId),
        label,
      ).toEqual(expected.map((h) => h.itemId));
      for (const [i, h] of found.entries()) expect(h.score, label).toBeCloseTo(expected[i]!.score, 9);
      // Every page agrees with the whole order, within the window and past it.
      for (const [offset, limit] of [
        [0, 10],
        [10, 10],
        [25, 10],
        [40, 20],
      ] as const)
        expect(
          engine.search(query({ text, offset, limit, facets: false }), Date.now()).hits.map((h) => h.itemId),
          `${label} ${offset}+${limit}`,
        ).toEqual(found.slice(offset, offset + limit).map((h) => h.itemId));
      if (found.slice(0, window).some((h, i) => h.itemId !== plain[i]!.itemId)) moved++;
    }
    // Closeness changed the order of most of these searches, not all.
    expect(moved).toBeGreaterThan(queries.length / 2);
  });

  it('rank words standing together above the same words scattered, though BM25F ranks these higher', () => {
    const engine = built(
      hourlyDocs([
        { title: 'media report', text: 'freedom first; later, much later, media and media again' },
        { title: 'a report', text: 'on the freedom of the media' },
        { title: 'other', text: 'nothing' },
      ]),
      window,
    );
    const text: MatchNode = { kind: 'and', children: [word('freedom'), word('media')] };
    const plain = new SearchEngine(engine.data, () => undefined, { proximityWindow: 0 });
    expect(plain.search(query({ text }), Date.now()).hits.map((h) => h.itemId)).toEqual([1, 2]);
    expect(engine.search(query({ text }), Date.now()).hits.map((h) => h.itemId)).toEqual([2, 1]);
    // In the other order, or in a quoted phrase's place, nothing moves.
    const reversed: MatchNode = { kind: 'and', children: [word('media'), word('freedom')] };
    expect(engine.search(query({ text: reversed }), Date.now()).hits.map((h) => h.itemId)).toEqual([1, 2]);
    const or: MatchNode = { kind: 'or', children: [word('freedom'), word('media')] };
    expect(engine.search(query({ text: or }), Date.now()).hits.map((h) => h.itemId)).toEqual(
      plain.search(query({ text: or }), Date.now()).hits.map((h) => h.itemId),
    );
  });
});

/**
 * `count` hourly documents of words drawn from `vocabulary` (titles of `title[0]` plus up to
 * `title[1] - 1` words, texts of up to `textWords - 1`), and the same documents in a random order.
 */
function randomWordDocs(
  random: () => number,
  vocabulary: readonly string[],
  count: number,
  title: readonly [number, number],
  textWords: number,
) {
  const pick = () => vocabulary[Math.floor(random() * vocabulary.length)]!;
  const sentence = (n: number) => Array.from({ length: n }, pick).join(' ');
  const docs = hourlyDocs(
    Array.from({ length: count }, () => ({
      title: sentence(title[0] + Math.floor(random() * title[1])),
      text: sentence(Math.floor(random() * textWords)),
    })),
  );
  return { pick, docs, shuffled: [...docs].sort(() => random() - 0.5) };
}

function hourlyDocs(texts: readonly { title: string; text: string }[]): IndexedDocument[] {
  return texts.map(({ title, text }, i) => ({
    itemId: i + 1,
    language: 'en',
    type: 'news',
    publishedAt: new Date(Date.UTC(2025, 0, 1) - i * 3_600_000).toISOString(),
    visibleFrom: '2020-01-01T00:00:00Z',
    terms: [],
    sources: [],
    title,
    text,
  }));
}

function indexOf(docs: readonly IndexedDocument[]): IndexData {
  const builder = new IndexBuilder(words, docs.length);
  for (const doc of docs) builder.add(doc);
  return builder.build();
}

/** Each text's pages (offset, limit) ranked by `engine` are the `exhaustive` engine's, every score too. */
function expectSamePages(
  engine: SearchEngine,
  exhaustive: SearchEngine,
  texts: readonly MatchNode[],
  pages: readonly (readonly [number, number])[],
): void {
  for (const text of texts)
    for (const [offset, limit] of pages) {
      const q = query({ text, offset, limit, facets: false });
      expect(
        engine.search(q, Date.now()).hits.map((h) => [h.itemId, h.score]),
        `${JSON.stringify(text)} ${offset}+${limit}`,
      ).toEqual(exhaustive.search(q, Date.now()).hits.map((h) => [h.itemId, h.score]));
    }
}

/** An index of English news items with these titles and texts, one an hour back from 2025. */
function hourlyIndex(texts: readonly { title: string; text: string }[]): IndexData {
  return indexOf(hourlyDocs(texts));
}

describe('block-max ranking with rare and common words', () => {
  // A query of both rare words (at most a quarter of the documents) and common ones scores a
  // block's rare words first, then in full only the documents that could still win: one by one
  // when few, all of them together when many. Either way the page must be the exhaustive one,
  // scores to the last bit.
  const random = seededRandom(23);
  const docs = Array.from({ length: 3000 }, () => {
    const text: string[] = [];
    const length = 4 + Math.floor(random() * 40);
    for (let k = 0; k < length; k++) {
      const r = random();
      text.push(
        r < 0.45 ? 'alpha' : r < 0.75 ? 'beta' : r < 0.7505 ? 'kappa' : r < 0.7507 ? 'sigma' : 'filler',
      );
    }
    return { title: random() < 0.01 ? 'sigma alpha' : 'report', text: text.join(' ') };
  });
  const data = hourlyIndex(docs);
  const exhaustive = new SearchEngine(data, () => undefined, { blockMaxFrom: Number.POSITIVE_INFINITY });

  it('has rare and common words', () => {
    for (const rare of ['kappa', 'sigma']) expect(data.words.get(rare)!.df).toBeLessThan(data.size / 4);
    for (const common of ['alpha', 'beta']) expect(data.words.get(common)!.df).toBeGreaterThan(data.size / 4);
  });

  it.each([
    ['block-max', { rankByImpact: false }],
    ['impact lists', { rankByImpact: true }],
    ['impact lists cut short', { rankByImpact: true, impactDepth: 400 }],
    ['impact lists deepened', { rankByImpact: true, impactFirstDepth: 24 }],
    ['impact lists deepened, then cut short', { rankByImpact: true, impactFirstDepth: 24, impactDepth: 400 }],
  ] as const)('ranks exactly as the exhaustive strategy, whatever the page depth (%s)', (_, options) => {
    const skipping = new SearchEngine(data, () => undefined, { blockMaxFrom: 0, ...options });
    const texts: MatchNode[] = [
      { kind: 'or', children: [word('alpha'), word('kappa')] },
      { kind: 'or', children: [word('alpha'), word('sigma'), word('beta')] },
      { kind: 'or', children: [word('sigma'), word('beta', 'title'), word('alpha')] },
      { kind: 'and', children: [word('beta'), { kind: 'or', children: [word('kappa'), word('alpha')] }] },
    ];
    for (const text of texts)
      for (const [offset, limit] of [
        [0, 1],
        [0, 20],
        [100, 20],
        [900, 100],
        [0, 2500],
      ] as const) {
        const q = query({ text, offset, limit, facets: false });
        const a = skipping.search(q, Date.now()).hits;
        const b = exhaustive.search(q, Date.now()).hits;
        expect(a.length).toBeGreaterThan(0);
        expect(
          a.map((h) => [h.itemId, h.score]),
          `${JSON.stringify(text)} ${offset}+${limit}`,
        ).toEqual(b.map((h) => [h.itemId, h.score]));
      }
    const { impact, blockMax, deepened } = skipping.rankingStrategies;
    if (options.rankByImpact) expect(impact).toBeGreaterThan(0);
    // Walks past a list's first entries deepen it and go on (settling pages) rather than give up.
    if ('impactFirstDepth' in options) expect(deepened).toBeGreaterThan(0);
    // Cut short, some walks reach the end of a list without settling the page: block-max takes over.
    if (!options.rankByImpact || 'impactDepth' in options) expect(blockMax).toBeGreaterThan(0);
  });

  it('warmed before any search, ranks the frequent words from bounds and impact lists built then, as exhaustive ranks', () => {
    const warmed = new SearchEngine(data, () => undefined, { blockMaxFrom: 0, rankByImpact: true });
    const now = Date.now();
    let steps = 0;
    while (warmed.warmStep(now)) steps++;
    // The shared sets, then three steps a word kept as a bitset (alpha, beta, filler, report…).
    const frequent = [...data.words.values()].filter((p) => p.bits).length;
    expect(frequent).toBeGreaterThanOrEqual(3);
    expect(steps).toBe(1 + 3 * frequent);
    expect(warmed.warmth).toEqual({ words: frequent, done: true });
    expect(warmed.warmStep(now)).toBe(false);
    const built = warmed.rankingCacheBytes;
    expect(built).toBeGreaterThan(0);
    for (const text of [
      { kind: 'or', children: [word('alpha'), word('beta')] },
      { kind: 'and', children: [word('alpha'), word('beta')] },
      word('alpha'),
    ] as MatchNode[])
      for (const [offset, limit] of [
        [0, 20],
        [200, 50],
      ] as const) {
        const q = query({ text, offset, limit, facets: false });
        expect(warmed.search(q, now).hits.map((h) => [h.itemId, h.score])).toEqual(
          exhaustive.search(q, now).hits.map((h) => [h.itemId, h.score]),
        );
      }
    // Nothing was built on first use: warming had built it all.
    expect(warmed.rankingStrategies.impact + warmed.rankingStrategies.blockMax).toBeGreaterThan(0);
    expect(warmed.rankingCacheBytes).toBe(built);
  });

  it('walks one common word of several by impact, the others bounded by their best, as exhaustive ranks', () => {
    // alpha and beta are both common: the walk takes the one that can give most and adds the
    // other's best score to its bound. Rarer sigma is scored first, every document of it.
    const walking = new SearchEngine(data, () => undefined, { blockMaxFrom: 0, rankByImpact: true });
    const texts: MatchNode[] = [
      { kind: 'or', children: [word('alpha'), word('beta')] },
      { kind: 'and', children: [word('alpha'), word('beta')] },
      { kind: 'phrase', words: ['beta', 'alpha'] },
      { kind: 'or', children: [word('beta'), word('sigma'), word('alpha', 'title'), word('alpha')] },
    ];
    for (const text of texts)
      for (const [offset, limit] of [
        [0, 1],
        [0, 20],
        [200, 50],
      ] as const) {
        const before = walking.rankingStrategies.impact;
        const q = query({ text, offset, limit, facets: false });
        const a = walking.search(q, Date.now()).hits;
        expect(walking.rankingStrategies.impact, JSON.stringify(text)).toBe(before + 1);
        expect(a.length).toBe(limit);
        expect(a.map((h) => [h.itemId, h.score])).toEqual(
          exhaustive.search(q, Date.now()).hits.map((h) => [h.itemId, h.score]),
        );
      }
  });
});

/**
 * 4,000 documents each holding one form of a word — rho (half), tau (a third) or upsilon — and
 * `second(i, form)`, when not null, as a second form of document i; alpha and filler besides.
 */
function formsDocs(random: () => number, second: (i: number, form: string) => string | null) {
  return Array.from({ length: 4000 }, (_, i) => {
    const r = random();
    const forms = r < 0.5 ? ['rho'] : r < 0.83 ? ['tau'] : ['upsilon'];
    const other = second(i, forms[0]!);
    if (other) forms.push(other);
    const text: string[] = [];
    const length = 3 + Math.floor(random() * 30);
    for (let k = 0; k < length; k++) {
      const x = random();
      text.push(x < 0.2 ? forms[Math.floor(random() * forms.length)]! : x < 0.5 ? 'alpha' : 'filler');
    }
    if (!text.includes(forms[0]!)) text.push(forms[0]!);
    return { title: random() < 0.05 ? forms[0]! : 'report', text: text.join(' ') };
  });
}

/** Pages at four depths of each text, by `walking` and `exhaustive`, equal; how many walked. */
function expectExhaustivePages(walking: SearchEngine, exhaustive: SearchEngine, texts: MatchNode[]): number {
  let walks = 0;
  for (const text of texts)
    for (const [offset, limit] of [
      [0, 1],
      [0, 20],
      [100, 20],
      [700, 100],
    ] as const) {
      const before = walking.rankingStrategies.impact;
      const q = query({ text, offset, limit, facets: false });
      const a = walking.search(q, Date.now()).hits;
      walks += walking.rankingStrategies.impact - before;
      expect(a.length).toBe(limit);
      expect(
        a.map((h) => [h.itemId, h.score]),
        `${JSON.stringify(text)} ${offset}+${limit}`,
      ).toEqual(exhaustive.search(q, Date.now()).hits.map((h) => [h.itemId, h.score]));
    }
  return walks;
}

describe("impact walks over a word's forms that seldom share a document", () => {
  // A typed word's forms in several languages ("participants", "particip", "participant") mostly
  // sit in different documents: the walk meets the few documents holding two of them apart (as
  // soon as it keeps a page's worth), and bounds the forms by the most any one of them can give.
  // One document in forty holds two forms. The pages must be the exhaustive ones.
  const random = seededRandom(31);
  const docs = formsDocs(random, () => (random() < 0.025 ? (random() < 0.5 ? 'tau' : 'rho') : null));
  const data = hourlyIndex(docs);
  const exhaustive = new SearchEngine(data, () => undefined, { blockMaxFrom: Number.POSITIVE_INFINITY });

  it('walks them and ranks exactly as the exhaustive strategy, whatever the page depth', () => {
    const walking = new SearchEngine(data, () => undefined, { blockMaxFrom: 0, rankByImpact: true });
    const forms = { kind: 'or', children: [word('rho'), word('tau'), word('upsilon')] } as const;
    const walks = expectExhaustivePages(walking, exhaustive, [
      forms,
      { kind: 'or', children: [word('tau'), word('upsilon')] },
      { kind: 'and', children: [word('alpha'), forms] },
      { kind: 'or', children: [word('rho', 'title'), word('tau'), word('rho')] },
    ]);
    // Summed, the forms' bests outweigh the walked one: counted as exclusive, 11 of these 16
    // searches walk; summed, 7 did. (12 while the documents holding two forms were met before
    // the walk: a page of 800 then filled sooner.)
    expect(walks).toBeGreaterThanOrEqual(11);
    // The documents holding two forms are met once the page has k documents, and those whose
    // block cannot beat the worst kept are left unscored: some walks here leave some out.
    expect(walking.rankingStrategies.sharedBounded).toBeGreaterThan(0);
  });
});

describe('impact walks whose forms share many documents in a few blocks', () => {
  // As above, but the documents holding two forms stand together: in the stretch 1,200–1,500 every
  // other document holds both rho and tau (as a run of bilingual releases would), few enough in
  // all for the forms to stay exclusive. There a block holds dozens of them, all met by the walk
  // or bounded out: the pages must still be the exhaustive ones, to the last bit of every score.
  const docs = formsDocs(seededRandom(41), (i, form) =>
    i >= 1200 && i < 1500 && i % 2 === 0 && form !== 'upsilon' ? (form === 'rho' ? 'tau' : 'rho') : null,
  );
  const data = hourlyIndex(docs);
  const exhaustive = new SearchEngine(data, () => undefined, { blockMaxFrom: Number.POSITIVE_INFINITY });

  it('ranks exactly as the exhaustive strategy, whatever the page depth', () => {
    const walking = new SearchEngine(data, () => undefined, { blockMaxFrom: 0, rankByImpact: true });
    const forms = { kind: 'or', children: [word('rho'), word('tau'), word('upsilon')] } as const;
    const walks = expectExhaustivePages(walking, exhaustive, [
      forms,
      { kind: 'or', children: [word('rho'), word('tau')] },
      { kind: 'and', children: [word('alpha'), forms] },
      { kind: 'and', children: [word('filler'), { kind: 'or', children: [word('tau'), word('rho')] }] },
    ]);
    expect(walks).toBeGreaterThan(0);
  });
});

describe('block-max bounds over the forms of a word, each group by its best form', () => {
  // The forms of one typed word seldom share a document, so a block's bound adds the best form of
  // each group, not every form — except in blocks where a match holds two forms of one group
  // (one document in forty here, given both forms and so high scores): there the sum. The pages
  // must be the exhaustive ones, to the last bit of every score.
  const random = seededRandom(37);
  const docs = Array.from({ length: 4000 }, () => {
    const r = random();
    const forms = r < 0.6 ? ['rho'] : r < 0.85 ? ['tau'] : ['upsilon'];
    if (random() < 0.025) forms.push(r < 0.6 ? 'tau' : 'rho');
    const other = random() < 0.7 ? 'alpha' : random() < 0.5 ? 'beta' : 'gamma';
    const text: string[] = [];
    const length = 3 + Math.floor(random() * 30);
    for (let k = 0; k < length; k++) {
      const x = random();
      text.push(x < 0.2 ? forms[Math.floor(random() * forms.length)]! : x < 0.5 ? other : 'filler');
    }
    for (const form of forms) if (!text.includes(form)) text.push(form);
    return { title: random() < 0.05 ? forms[0]! : 'report', text: text.join(' ') };
  });
  const data = hourlyIndex(docs);
  const exhaustive = new SearchEngine(data, () => undefined, { blockMaxFrom: Number.POSITIVE_INFINITY });

  it('ranks exactly as the exhaustive strategy, blocks with two forms of a word included', () => {
    const skipping = new SearchEngine(data, () => undefined, { blockMaxFrom: 0, rankByImpact: false });
    const forms = { kind: 'or', children: [word('rho'), word('tau'), word('upsilon')] } as const;
    const others = { kind: 'or', children: [word('beta'), word('gamma')] } as const;
    const texts: MatchNode[] = [
      forms,
      { kind: 'and', children: [forms, others] },
      { kind: 'and', children: [{ kind: 'or', children: [word('tau'), word('upsilon')] }, word('alpha')] },
      { kind: 'or', children: [word('rho', 'title'), word('tau'), word('upsilon'), word('beta')] },
    ];
    expectSamePages(skipping, exhaustive, texts, [
      [0, 1],
      [0, 20],
      [100, 20],
      [700, 100],
    ]);
    expect(skipping.rankingStrategies.grouped).toBeGreaterThan(0);
    expect(skipping.rankingStrategies.grouped).toBe(skipping.rankingStrategies.blockMax);
  });
});

describe('block-max from the floor a short impact walk found', () => {
  // Three common words that share their documents: what the two not walked can give outweighs the
  // walked one, so a walk is short (floorWalkDepth) and seldom settles the page; the worst of the
  // best it met is then a floor block-max skips below from its first block (rare kappa's scores
  // first in a block, then only the documents that can still reach it). Texts of six words make
  // many documents score alike, so the floor may equal scores on the page, and ties (the lower
  // ordinal wins) must still come out as the exhaustive strategy has them.
  const random = seededRandom(41);
  const docs = Array.from({ length: 3000 }, () => {
    const pick = () =>
      random() < 0.01 ? 'kappa' : ['alpha', 'beta', 'gamma', 'filler'][Math.floor(random() * 4)]!;
    return { title: random() < 0.03 ? 'gamma' : 'report', text: Array.from({ length: 6 }, pick).join(' ') };
  });
  const data = hourlyIndex(docs);
  const exhaustive = new SearchEngine(data, () => undefined, { blockMaxFrom: Number.POSITIVE_INFINITY });

  it.each([64, 512])('ranks exactly as the exhaustive strategy after a walk of %i entries', (depth) => {
    const engine = new SearchEngine(data, () => undefined, { blockMaxFrom: 0, floorWalkDepth: depth });
    const texts: MatchNode[] = [
      { kind: 'or', children: [word('alpha'), word('beta'), word('gamma')] },
      { kind: 'and', children: [word('alpha'), word('beta'), word('gamma')] },
      { kind: 'or', children: [word('gamma', 'title'), word('beta'), word('alpha')] },
      { kind: 'or', children: [word('alpha'), word('kappa'), word('beta'), word('gamma')] },
    ];
    expectSamePages(engine, exhaustive, texts, [
      [0, 1],
      [0, 5],
      [0, 20],
      [20, 20],
      [100, 20],
      [400, 100],
    ]);
    const { seeded, blockMax } = engine.rankingStrategies;
    expect(seeded).toBeGreaterThan(0);
    expect(blockMax).toBeGreaterThanOrEqual(seeded);
  });

  it('ranks exactly as the exhaustive strategy from a floor walked for alone', () => {
    // Six rare words (under 1/64 of the documents each) hold more than 1/16 of them in all: a walk
    // would score every one of their documents first, so these searches walk only for a floor (the
    // first entries of the walked word's impact list): any k matches give one, and the pages must
    // not change. Omega marks the documents holding a common word three times or more, the heads
    // of the impact lists: a search without them must take its floor from matching documents only.
    const rare = ['lambda', 'mu', 'nu', 'xi', 'omicron', 'pi'];
    const withRare = hourlyIndex(
      docs.map((doc) => {
        const r = random();
        const words = doc.text.split(' ');
        const most = Math.max(...['alpha', 'beta', 'gamma'].map((w) => words.filter((x) => x === w).length));
        const marks = `${r < 0.09 ? ` ${rare[Math.floor(r / 0.015)]}` : ''}${most >= 3 ? ' omega' : ''}`;
        return { ...doc, text: `${doc.text}${marks}` };
      }),
    );
    const engine = new SearchEngine(withRare, () => undefined, { blockMaxFrom: 0, floorWalkDepth: 512 });
    const exhaustiveWithRare = new SearchEngine(withRare, () => undefined, {
      blockMaxFrom: Number.POSITIVE_INFINITY,
    });
    const words = [word('alpha'), ...rare.map((w) => word(w)), word('beta'), word('gamma')];
    const texts: MatchNode[] = [
      { kind: 'or', children: words },
      {
        kind: 'and',
        children: [
          { kind: 'or', children: words },
          { kind: 'not', child: word('omega') },
        ],
      },
    ];
    expectSamePages(engine, exhaustiveWithRare, texts, [
      [0, 1],
      [0, 20],
      [100, 20],
      [400, 100],
    ]);
    const { floorWalk, seeded } = engine.rankingStrategies;
    expect(floorWalk).toBeGreaterThan(0);
    expect(seeded).toBeGreaterThan(0);
  });
});

describe('block-max bounding each match by the words it holds', () => {
  // Two words in a fifth of the documents each, their best documents in nearly every block, so a
  // block's bound (both words' bests) passes almost everywhere; only the documents holding both
  // can beat the page's worst, and the others must be left out unscored without changing a page.
  const random = seededRandom(47);
  const docs = Array.from({ length: 4000 }, () => {
    const text: string[] = [];
    for (const w of ['sigma', 'chi', 'psi']) {
      if (random() < 0.2) for (let n = 1 + Math.floor(random() * 4); n > 0; n--) text.push(w);
    }
    for (let n = Math.floor(random() * 12); n > 0; n--) text.push(random() < 0.5 ? 'alpha' : 'filler');
    return { title: random() < 0.02 ? 'chi' : 'report', text: text.join(' ') || 'filler' };
  });
  const data = hourlyIndex(docs);
  const exhaustive = new SearchEngine(data, () => undefined, { blockMaxFrom: Number.POSITIVE_INFINITY });

  it('ranks exactly as the exhaustive strategy, and leaves documents out before scoring them', () => {
    const skipping = new SearchEngine(data, () => undefined, { blockMaxFrom: 0, rankByImpact: false });
    const either = { kind: 'or', children: [word('sigma'), word('chi')] } as const;
    const texts: MatchNode[] = [
      either,
      { kind: 'and', children: [either, { kind: 'not', child: word('psi') }] },
      { kind: 'and', children: [either, word('alpha')] },
      { kind: 'or', children: [word('sigma'), word('chi'), word('psi')] },
    ];
    expectSamePages(skipping, exhaustive, texts, [
      [0, 1],
      [0, 20],
      [50, 20],
      [300, 100],
    ]);
    expect(skipping.rankingStrategies.blockMax).toBeGreaterThan(0);
    expect(skipping.rankingStrategies.membership).toBeGreaterThan(0);
  });
});

describe('ranking a search filtered by language', () => {
  // A typed word is searched in its form in every language of the site: here "secur" (English),
  // "securite" (French) and "security" (German, unstemmed), each in its own language's documents,
  // with "work" and "plan" in all of them. Filtered to English, the French and German forms add
  // nothing to any match's score and are left out of ranking, except where a document of the
  // filtered languages holds one: the pages must stay those of the same engine ranking every word.
  const random = seededRandom(43);
  const languages = ['en', 'fr', 'de'] as const;
  const form = { en: 'secur', fr: 'securite', de: 'security' } as const;
  const docs: IndexedDocument[] = hourlyDocs(
    Array.from({ length: 3000 }, () => ({ title: 'report', text: '' })),
  ).map((doc, i) => {
    const language = languages[Math.floor(random() * 3)]!;
    const text: string[] = [];
    const length = 4 + Math.floor(random() * 30);
    for (let k = 0; k < length; k++) {
      const x = random();
      text.push(x < 0.25 ? form[language] : x < 0.55 ? 'work' : x < 0.6 ? 'plan' : 'filler');
    }
    // One English document in a hundred quotes the German form.
    if (language === 'en' && i % 100 === 50) text.push('security');
    return { ...doc, language, title: random() < 0.05 ? form[language] : 'report', text: text.join(' ') };
  });
  const data = indexOf(docs);
  const forms = { kind: 'or', children: [word('secur'), word('securite'), word('security')] } as const;
  const texts: MatchNode[] = [
    forms,
    { kind: 'and', children: [forms, word('work')] },
    { kind: 'and', children: [{ kind: 'or', children: [word('securite'), word('plan')] }, word('work')] },
    { kind: 'or', children: [word('secur', 'title'), word('securite'), word('plan')] },
  ];
  const pages = [
    [0, 1],
    [0, 20],
    [100, 20],
    [500, 100],
  ] as const;

  it.each([
    ['exhaustive', Number.POSITIVE_INFINITY],
    ['block-max and impact walks', 0],
  ])(
    'leaves out the words no document of those languages holds, and ranks the same (%s)',
    (_, blockMaxFrom) => {
      const pruning = new SearchEngine(data, () => undefined, { blockMaxFrom });
      const every = new SearchEngine(data, () => undefined, {
        blockMaxFrom,
        rankFilteredLanguagesOnly: false,
      });
      for (const filter of [['en'], ['fr'], ['en', 'de'], ['it']])
        for (const text of texts)
          for (const [offset, limit] of pages) {
            const q = query({ text, offset, limit, facets: false, languages: filter });
            const got = pruning.search(q, Date.now());
            const want = every.search(q, Date.now());
            expect(got.total, `${filter} ${JSON.stringify(text)}`).toBe(want.total);
            expect(
              got.hits.map((h) => [h.itemId, h.score]),
              `${filter} ${JSON.stringify(text)} ${offset}+${limit}`,
            ).toEqual(want.hits.map((h) => [h.itemId, h.score]));
          }
      // Filtered to English, "securite" is left out; "security" is not (one English document in a
      // hundred holds it). Unfiltered searches keep every word.
      expect(pruning.rankingWordsLeftOut).toBeGreaterThan(0);
      expect(every.rankingWordsLeftOut).toBe(0);
      const before = pruning.rankingWordsLeftOut;
      pruning.search(query({ text: forms, languages: ['en'] }), Date.now());
      expect(pruning.rankingWordsLeftOut - before).toBe(1);
      pruning.search(query({ text: forms }), Date.now());
      expect(pruning.rankingWordsLeftOut - before).toBe(1);
    },
  );
});

describe('facet counts from supersets', () => {
  // Counts start from cached supersets (all visible documents, a frequent word's documents) and
  // subtract the difference; they must equal a count of the matches themselves, also after items
  // become visible and after removals, when the cached figures must be adjusted.
  const vocabulary = ['alpha', 'beta', 'gamma', 'delta', 'rare'];
  const random = seededRandom(11);
  const start = Date.UTC(2025, 0, 1);
  const docs = Array.from({ length: 600 }, (_, i) => {
    const pick = () =>
      vocabulary[Math.min(vocabulary.length - 1, Math.floor(random() ** 2 * vocabulary.length))]!;
    const terms = [1, 2, 3, 4, 5, 6].filter(() => random() < 0.4);
    const language = random() < 0.7 ? 'en' : 'fr';
    return {
      itemId: i + 1,
      language,
      type: random() < 0.5 ? 'news' : 'press-release',
      publishedAt: new Date(start - i * 86_400_000 * 3).toISOString(),
      // One in ten becomes visible only later (scheduled).
      visibleFrom: new Date(random() < 0.1 ? start + 1000 * (i + 1) : start - 1).toISOString(),
      terms,
      sources: terms.includes(1) ? [1] : [],
      title: `${pick()} ${pick()}`,
      // A word per language, as the forms of one word analyzed in two languages: disjoint.
      text: `${Array.from({ length: 8 }, pick).join(' ')} ${language === 'en' ? 'lingo' : i % 3 ? 'langue' : ''}`,
    };
  });
  const builder = new IndexBuilder(words, docs.length);
  for (const doc of docs) builder.add(doc);
  const data = builder.build();
  const vocabularyOf = (id: number) => (id <= 3 ? 'topic' : 'country');
  const engine = new SearchEngine(data, vocabularyOf);
  // Keeping every filter's counts, and every superset's in the languages filtered to.
  const keeping = new SearchEngine(data, vocabularyOf, { keepFilterCountsFrom: 0 });

  /** Counts read off the documents of every hit. */
  const reference = (itemIds: readonly number[]) => {
    const terms = new Map<string, number>();
    const types = new Map<string, number>();
    const years = new Map<number, number>();
    for (const id of itemIds) {
      const doc = docs[id - 1]!;
      for (const t of doc.terms) {
        const key = `${t <= 3 ? 'topic' : 'country'}:${t}`;
        terms.set(key, (terms.get(key) ?? 0) + 1);
      }
      for (const t of doc.sources) terms.set(`source:${t}`, (terms.get(`source:${t}`) ?? 0) + 1);
      types.set(doc.type, (types.get(doc.type) ?? 0) + 1);
      const year = new Date(doc.publishedAt).getUTCFullYear();
      years.set(year, (years.get(year) ?? 0) + 1);
    }
    return { terms, types, years };
  };
  const texts: MatchNode[] = [
    word('alpha'),
    word('beta'),
    { kind: 'phrase', words: ['alpha', 'beta'] },
    { kind: 'and', children: [word('alpha'), word('gamma'), { kind: 'not', child: word('beta') }] },
    { kind: 'or', children: [word('delta'), word('rare')] },
    // Alternatives sharing a word (the forms of one phrase): that word's documents are a superset.
    {
      kind: 'or',
      children: [
        { kind: 'phrase', words: ['alpha', 'beta'] },
        { kind: 'phrase', words: ['alpha', 'gamma'] },
      ],
    },
    word('alpha', 'title'),
    // Unions of frequent words: counted from their kept counts, less what they share.
    { kind: 'or', children: [word('beta'), word('gamma')] },
    { kind: 'or', children: [word('gamma'), word('delta'), word('alpha')] },
    { kind: 'or', children: [word('lingo'), word('langue')] },
  ];

  it('equal a count of the matches, as visibility moves and items are removed', () => {
    for (const [step, now] of [start, start + 200_000, start + 400_000, start + 700_000].entries()) {
      if (step === 2)
        for (const id of [2, 3, 5, 8, 13, 21, 34]) for (const e of [engine, keeping]) e.remove(id);
      for (const [name, e] of [
        ['default', engine],
        ['keeping', keeping],
      ] as const)
        for (const languages of [undefined, ['en'], ['fr'], ['en', 'fr']])
          for (const text of [...texts, ...texts]) {
            const result = e.search(
              query({ text, limit: docs.length, ...(languages ? { languages } : {}) }),
              now,
            );
            const expected = reference(result.hits.map((h) => h.itemId));
            expect(result.total).toBe(result.hits.length);
            if (languages)
              for (const h of result.hits) expect(languages).toContain(docs[h.itemId - 1]!.language);
            const got = new Map<string, number>();
            for (const [dimension, counts] of result.facets!.terms)
              for (const [id, n] of counts) got.set(`${dimension}:${id}`, n);
            const label = `${name} ${languages} ${JSON.stringify(text)} at step ${step}`;
            expect(got, label).toEqual(expected.terms);
            expect(new Map(result.facets!.types), label).toEqual(expected.types);
            expect(new Map(result.facets!.years), label).toEqual(expected.years);
          }
    }
  });

  it('warmed before any search, count a frequent word’s first search from kept counts, and the same', () => {
    // Every item visible by then: a word's counts are its kept counts, nothing subtracted.
    const now = start + 700_000;
    const warmed = new SearchEngine(data, vocabularyOf);
    const cold = new SearchEngine(data, vocabularyOf);
    while (warmed.warmStep(now));
    const frequent = vocabulary.filter((w) => data.words.get(w)?.bits);
    expect(frequent.length).toBeGreaterThanOrEqual(2);
    for (const w of frequent) {
      const q = query({ text: word(w) });
      const [warmedBefore, coldBefore] = [warmed.facetSetsCounted, cold.facetSetsCounted];
      const result = warmed.search(q, now);
      expect(result).toEqual(cold.search(q, now));
      expect(warmed.facetSetsCounted - warmedBefore, w).toBe(0);
      expect(cold.facetSetsCounted - coldBefore, w).toBeGreaterThan(0);
    }
  });

  it('filtered by language, count a repeated search from kept counts of its words in those languages', () => {
    const now = start + 700_000;
    for (const languages of [['en'], ['fr'], ['en', 'fr']])
      for (const text of [
        word('alpha'),
        { kind: 'or', children: [word('lingo'), word('langue')] } as const,
      ]) {
        const q = query({ text, languages });
        keeping.search(q, now);
        const before = keeping.facetSetsCounted;
        const again = keeping.search(q, now);
        expect(again.total).toBeGreaterThan(0);
        expect(keeping.facetSetsCounted - before, `${languages} ${JSON.stringify(text)}`).toBe(0);
      }
  });
});

describe('disjunctive facet counts from kept filter counts', () => {
  // Each filtered dimension is counted over the matches of every other filter; those sets may be
  // counted from a filter's kept counts (keepFilterCountsFrom 0: always). A scan decides.
  const random = seededRandom(5);
  const start = Date.UTC(2025, 0, 1);
  const docs = Array.from({ length: 700 }, (_, i) => {
    const terms = [1, 2, 3, 4, 5, 6].filter(() => random() < 0.45);
    return {
      itemId: i + 1,
      language: random() < 0.6 ? 'en' : 'fr',
      type: random() < 0.5 ? 'news' : 'press-release',
      publishedAt: new Date(start - i * 86_400_000 * 2).toISOString(),
      visibleFrom: new Date(random() < 0.1 ? start + 1000 * (i + 1) : start - 1).toISOString(),
      terms,
      sources: [],
      // "alpha beta" holds the phrase, "beta alpha" only its words.
      title: random() < 0.8 ? (random() < 0.5 ? 'alpha beta' : 'beta alpha') : 'beta',
      text: random() < 0.5 ? 'gamma' : 'delta',
    };
  });
  const builder = new IndexBuilder(words, docs.length);
  for (const doc of docs) builder.add(doc);
  const vocabularyOf = (id: number) => (id <= 3 ? 'topic' : 'country');
  const engine = new SearchEngine(builder.build(), vocabularyOf, { keepFilterCountsFrom: 0 });
  const year = (d: (typeof docs)[number]) => new Date(d.publishedAt).getUTCFullYear();

  it('equal counts of the documents each dimension sees, as visibility moves', () => {
    const from = Date.UTC(2024, 0, 1);
    const to = Date.UTC(2024, 11, 31, 23, 59, 59, 999);
    const filters = new Map([
      ['topic', [1]],
      ['country', [4, 5]],
    ]);
    for (const now of [start, start + 300_000, start + 800_000]) {
      const texts: [MatchNode | null, (d: (typeof docs)[number]) => boolean][] = [
        [word('alpha'), (d) => d.title.includes('alpha')],
        // A phrase's kept documents are a superset the counts may start from.
        [{ kind: 'phrase', words: ['alpha', 'beta'] }, (d) => d.title === 'alpha beta'],
        [null, () => true],
      ];
      for (const [text, holds] of texts) {
        for (const [types, languages] of [
          [['news'], undefined],
          [undefined, undefined],
          [undefined, ['fr']],
          [['news', 'press-release'], ['en']],
        ]) {
          const q = query({
            text,
            filters,
            from,
            to,
            ...(types ? { types } : {}),
            ...(languages ? { languages } : {}),
            limit: 1000,
          });
          const result = engine.search(q, now);
          const visible = docs.filter((d) => Date.parse(d.visibleFrom) <= now);
          const passes = (d: (typeof docs)[number], leftOut?: string) =>
            holds(d) &&
            (leftOut === 'topic' || d.terms.includes(1)) &&
            (leftOut === 'country' || d.terms.some((t) => t === 4 || t === 5)) &&
            (leftOut === 'type' || !types || types.includes(d.type)) &&
            (leftOut === 'language' || !languages || languages.includes(d.language)) &&
            (leftOut === 'year' || (Date.parse(d.publishedAt) >= from && Date.parse(d.publishedAt) <= to));
          const tally = <K>(list: typeof docs, key: (d: (typeof docs)[number]) => K[]) => {
            const out = new Map<K, number>();
            for (const d of list) for (const k of key(d)) out.set(k, (out.get(k) ?? 0) + 1);
            return out;
          };
          const label = `${JSON.stringify(text)} ${types} ${languages} at ${now}`;
          expect(result.total, label).toBe(visible.filter((d) => passes(d)).length);
          for (const dimension of ['topic', 'country']) {
            const expected = tally(
              visible.filter((d) => passes(d, dimension)),
              (d) => d.terms.filter((t) => vocabularyOf(t) === dimension),
            );
            expect(new Map(result.facets!.terms.get(dimension) ?? []), `${dimension} ${label}`).toEqual(
              expected,
            );
          }
          expect(new Map(result.facets!.types), label).toEqual(
            tally(
              visible.filter((d) => passes(d, 'type')),
              (d) => [d.type],
            ),
          );
          expect(new Map(result.facets!.languages), label).toEqual(
            tally(
              visible.filter((d) => passes(d, 'language')),
              (d) => [d.language],
            ),
          );
          expect(new Map(result.facets!.years), label).toEqual(
            tally(
              visible.filter((d) => passes(d, 'year')),
              (d) => [year(d)],
            ),
          );
        }
      }
    }
  });
});
