import { describe, expect, it } from 'vitest';
import { isDatelineError } from '../../errors.js';
import { foldAccents, isStopWord, ngrams, stemEnglish, TfidfVectorizer, tokenize } from './text-features.js';

const words = (text: string, stem = true) => tokenize(text, { stem }).words;

describe('tokenize', () => {
  it('keeps letters only, lower-cases and folds accents, keeping the written form beside', () => {
    const tokens = tokenize('Élections 2024: l’OSCE a observé 12 bureaux!', { stem: false });
    expect(tokens.words).toEqual(['elections', 'osce', 'observe', 'bureaux']);
    expect(tokens.surfaces).toEqual(['Élections', 'OSCE', 'observé', 'bureaux']);
  });

  it('drops stop words of all six profile languages and single letters', () => {
    for (const text of ['the and of', 'le la et des', 'der die und', 'il della con', 'и в на', 'el los y'])
      expect(words(text)).toEqual([]);
    expect(isStopWord('the')).toBe(true);
    expect(isStopWord('police')).toBe(false);
  });

  it('reads Cyrillic and decomposed accents as words', () => {
    expect(words('Миссия ОБСЕ', false)).toEqual(['миссия', 'обсе']);
    expect(words('se\u0301curite\u0301', false)).toEqual(['securite']);
  });

  it('skips links, which are not language', () => {
    expect(words('See https://example.org/elections-report now')).toEqual(['see', 'now']);
  });

  it('stems English lightly and leaves short words alone', () => {
    expect(
      ['elections', 'policies', 'monitoring', 'monitored', 'planning', 'addresses', 'bus', 'gas'].map(
        stemEnglish,
      ),
    ).toEqual(['election', 'policy', 'monitor', 'monitor', 'plan', 'address', 'bus', 'gas']);
    expect(foldAccents('Zusammenarbeit')).toBe('Zusammenarbeit');
  });
});

describe('ngrams', () => {
  it('adds bigrams of neighbouring content words with their written form', () => {
    const { terms, readable } = ngrams(tokenize('Human rights of the Roma', { stem: false }));
    expect(terms).toEqual(['human', 'rights', 'roma', 'human rights', 'rights roma']);
    expect(readable).toEqual(['Human', 'rights', 'Roma', 'Human rights', 'rights Roma']);
    expect(ngrams(tokenize('human rights'), false).terms).toEqual(['human', 'right']);
  });
});

describe('TfidfVectorizer', () => {
  const documents = [
    ['water', 'river', 'water'],
    ['water', 'election'],
    ['election', 'ballot', 'water'],
    ['police', 'unique'],
  ];

  it('keeps terms by document frequency and caps the vocabulary', () => {
    const v = TfidfVectorizer.fit(documents, { minDf: 2, maxDfShare: 1 });
    expect([...v.terms].sort()).toEqual(['election', 'water']);
    expect(TfidfVectorizer.fit(documents, { minDf: 1, maxDfShare: 1, maxFeatures: 1 }).terms).toEqual([
      'water',
    ]);
    // In 3 of 4 documents: above a 0.5 share, so dropped.
    expect(TfidfVectorizer.fit(documents, { minDf: 1, maxDfShare: 0.5 }).terms).not.toContain('water');
  });

  it('weights by sublinear tf × idf, L2-normalized, ignoring unknown terms', () => {
    const v = TfidfVectorizer.fit(documents, { minDf: 1, maxDfShare: 1 });
    const x = v.transform(['water', 'water', 'ballot', 'never-seen']);
    const norm = Math.hypot(...x.values);
    expect(norm).toBeCloseTo(1, 12);
    const weight = (term: string) => x.values[[...x.indices].indexOf(v.indexOf(term)!)]!;
    // ballot is rarer (df 1) than water (df 3); water's tf of 2 counts as 1 + ln 2, not 2.
    const idf = (df: number) => Math.log(5 / (1 + df)) + 1;
    expect(weight('water') / weight('ballot')).toBeCloseTo(((1 + Math.log(2)) * idf(3)) / idf(1), 12);
    expect([...x.indices]).toEqual([...x.indices].sort((a, b) => a - b));
    expect(v.transform([]).indices).toHaveLength(0);
  });

  it('round-trips through JSON and refuses a malformed vocabulary', () => {
    const v = TfidfVectorizer.fit(documents, { minDf: 1 });
    const copy = TfidfVectorizer.fromJSON(JSON.parse(JSON.stringify(v)));
    expect(copy.transform(['water', 'police'])).toEqual(v.transform(['water', 'police']));
    expect(() => TfidfVectorizer.fromJSON({ terms: ['a'], idf: [] })).toThrow(
      expect.objectContaining({ code: 'DL_VALIDATION' }),
    );
    expect(() => TfidfVectorizer.fromJSON(null as never)).toThrow(expect.toSatisfy(isDatelineError));
  });
});
