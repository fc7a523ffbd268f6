import { describe, expect, it } from 'vitest';
import type { NewItemInput } from '../content/item.types.js';
import { analyze } from '../search/analyze.js';
import { type CorpusCatalog, type CorpusTerm, generateCorpus } from './corpus.js';
import { LANGUAGE_BANKS } from './intl.js';
import { TOPIC_GROUPS } from './phrases.js';
import { Random, zipfTable } from './random.js';

const term = (
  vocabulary: string,
  slug: string,
  label: string,
  extra: Partial<CorpusTerm> = {},
): CorpusTerm => ({
  vocabulary,
  slug,
  label,
  attributes: {},
  status: 'active',
  validFrom: null,
  validTo: null,
  parentSlug: null,
  ...extra,
});

/** A small catalog over the five vocabularies the generator knows, with a closed and a not-yet-valid term. */
const CATALOG: CorpusCatalog = {
  languages: ['en', 'fr', 'de', 'ru'],
  sourceVocabularies: ['structures', 'field-operations'],
  terms: [
    term('fields-of-work', 'policing', 'Policing'),
    term('fields-of-work', 'elections', 'Elections'),
    term('fields-of-work', 'media-freedom', 'Media freedom and development'),
    term('countries', 'members', 'Members'),
    term('countries', 'ruritania', 'Ruritania', {
      parentSlug: 'members',
      attributes: { iso2: 'RR', capital: 'Strelsau' },
    }),
    term('countries', 'freedonia', 'Freedonia', {
      parentSlug: 'members',
      attributes: { iso2: 'FD', capital: 'Fredonia City' },
    }),
    term('countries', 'grand-fenwick', 'Grand Fenwick', {
      parentSlug: 'members',
      validFrom: '2012-01-01',
      attributes: { iso2: 'GF', capital: 'Fenwick' },
    }),
    term('structures', 'secretariat', 'OSCE Secretariat', { attributes: { seat: 'Vienna' } }),
    term('structures', 'odihr', 'Office for Democratic Institutions and Human Rights', {
      attributes: { acronym: 'ODIHR', seat: 'Warsaw' },
    }),
    term('field-operations', 'mission-to-ruritania', 'Mission to Ruritania', {
      attributes: { country: 'RR', seat: 'Zenda' },
    }),
    term('field-operations', 'office-in-freedonia', 'Office in Freedonia', {
      status: 'closed',
      validTo: '2010-12-31',
      attributes: { country: 'FD', seat: 'Fredonia City' },
    }),
    term('meetings', 'ministerial-council', 'Ministerial Council meetings'),
    term('meetings', 'human-dimension', 'Human dimension meetings'),
  ],
};

const END = new Date('2026-11-01T00:00:00Z');
const generate = (items: number, seed = 1) => [...generateCorpus(CATALOG, { items, seed })];
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const day = (item: NewItemInput) => String(item.publishedAt).slice(0, 10);
const catalogTerm = (vocabulary: string, slug: string) =>
  CATALOG.terms.find((t) => t.vocabulary === vocabulary && t.slug === slug);

describe('random', () => {
  it('is deterministic, stays in range and skews Zipf picks towards the front', () => {
    const a = new Random(42);
    const b = new Random(42);
    const draws = Array.from({ length: 100 }, () => a.int(3, 9));
    expect(draws).toEqual(Array.from({ length: 100 }, () => b.int(3, 9)));
    expect(Math.min(...draws)).toBe(3);
    expect(Math.max(...draws)).toBe(9);
    expect(new Random(1).next()).not.toBe(new Random(2).next());
    expect(new Random(5).shuffle([1, 2, 3, 4, 5, 6]).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const table = zipfTable(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], 1.2);
    const counts = new Map<string, number>();
    const r = new Random(9);
    for (let i = 0; i < 5000; i++) {
      const pick = r.weightedPick(table) as string;
      counts.set(pick, (counts.get(pick) ?? 0) + 1);
    }
    expect(counts.get('a')!).toBeGreaterThan(5 * counts.get('h')!);
  });
});

describe('corpus generator', () => {
  it('gives the same items for the same seed and different items for another', () => {
    expect(generate(300, 5)).toEqual(generate(300, 5));
    const other = generate(300, 6);
    const same = generate(300, 5).filter((item, i) => item.title === other[i]?.title).length;
    expect(same).toBeLessThan(10);
  });

  const corpus = generate(2000);

  it('yields exactly the number of items asked for', () => {
    expect(corpus).toHaveLength(2000);
  });

  it('writes Markdown bodies of 300–800 words in 4–9 paragraphs, opening with the dateline', () => {
    for (const item of corpus) {
      const body = item.bodyMarkdown!;
      expect(words(body)).toBeGreaterThanOrEqual(300);
      expect(words(body)).toBeLessThanOrEqual(800);
      const paragraphs = body.split('\n\n').length;
      expect(paragraphs).toBeGreaterThanOrEqual(4);
      expect(paragraphs).toBeLessThanOrEqual(9);
      expect(body.startsWith(`${item.datelinePlace}, `)).toBe(true);
      expect(item.summary!.length).toBeGreaterThan(20);
      expect(item.datelineDate).toBeNull();
      expect(item.legacyUrl).toBeNull();
    }
    expect(corpus.some((i) => /\]\(https:\/\/example\.org\//.test(i.bodyMarkdown!))).toBe(true);
    expect(corpus.some((i) => /\n- /.test(i.bodyMarkdown!))).toBe(true);
    expect(corpus.some((i) => /," said [^,]+, /.test(i.bodyMarkdown!))).toBe(true);
  });

  it('takes the dateline from the tagged operation, else the main country, in upper case', () => {
    for (const item of corpus) {
      const op = item.tags!.find((t) => t.vocabulary === 'field-operations');
      const country = item.tags!.find((t) => t.vocabulary === 'countries');
      const expected = op
        ? catalogTerm(op.vocabulary, op.slug)!.attributes.seat
        : country
          ? catalogTerm(country.vocabulary, country.slug)!.attributes.capital
          : 'Vienna';
      expect(item.datelinePlace).toBe(String(expected).toUpperCase());
    }
  });

  it('tags and sources only catalog terms, leaves of countries, and sources from source vocabularies', () => {
    for (const item of corpus) {
      for (const ref of [...item.tags!, ...item.sources!])
        expect(catalogTerm(ref.vocabulary, ref.slug)).toBeDefined();
      for (const ref of item.sources!) expect(CATALOG.sourceVocabularies).toContain(ref.vocabulary);
      expect(item.sources!.length).toBeGreaterThanOrEqual(1);
      expect(item.sources!.length).toBeLessThanOrEqual(2);
      const count = (v: string) => item.tags!.filter((t) => t.vocabulary === v).length;
      expect(count('fields-of-work')).toBeGreaterThanOrEqual(1);
      expect(count('fields-of-work')).toBeLessThanOrEqual(3);
      expect(count('countries')).toBeGreaterThanOrEqual(1);
      expect(count('countries')).toBeLessThanOrEqual(3);
      expect(count('field-operations')).toBeLessThanOrEqual(1);
      expect(count('meetings')).toBeLessThanOrEqual(1);
      expect(item.tags!.some((t) => t.slug === 'members')).toBe(false);
      expect(new Set(item.tags!.map((t) => `${t.vocabulary}/${t.slug}`)).size).toBe(item.tags!.length);
    }
  });

  it('never uses a term outside its validity: no closed term after validTo, none before validFrom', () => {
    let checked = 0;
    for (const item of corpus) {
      if (!item.publishedAt) continue;
      for (const ref of [...item.tags!, ...item.sources!]) {
        const t = catalogTerm(ref.vocabulary, ref.slug)!;
        if (t.validTo) expect(day(item) <= t.validTo).toBe(true);
        if (t.validFrom) expect(day(item) >= t.validFrom).toBe(true);
        if (t.validTo || t.validFrom) checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('publishes most items and hides some: drafts, reviews, withdrawals, embargoes', () => {
    const statuses = new Set(corpus.map((i) => i.status));
    expect(statuses).toContain('published');
    expect(['draft', 'in_review', 'withdrawn'].some((s) => statuses.has(s as never))).toBe(true);
    const published = corpus.filter((i) => i.status === 'published').length / corpus.length;
    expect(published).toBeGreaterThan(0.94);
    expect(published).toBeLessThan(0.995);
    for (const item of corpus) {
      if (item.status === 'scheduled') expect(String(item.publishedAt) > END.toISOString()).toBe(true);
      if (item.status === 'draft' || item.status === 'in_review') expect(item.publishedAt).toBeNull();
      if (item.status === 'published') expect(String(item.publishedAt) < END.toISOString()).toBe(true);
    }
  });

  it('mixes types roughly as a newsroom does, with attachments and events where they belong', () => {
    const share = (type: string) => corpus.filter((i) => i.type === type).length / corpus.length;
    expect(share('press-release')).toBeGreaterThan(0.48);
    expect(share('press-release')).toBeLessThan(0.62);
    expect(share('news')).toBeGreaterThan(0.19);
    expect(share('news')).toBeLessThan(0.31);
    expect(share('statement')).toBeGreaterThan(0.06);
    expect(share('statement')).toBeLessThan(0.14);
    expect(share('publication')).toBeGreaterThan(0.025);
    expect(share('event')).toBeGreaterThan(0.025);
    expect(share('page')).toBe(0);
    for (const item of corpus) {
      if (item.type === 'publication') {
        expect(item.attachments!.length).toBeGreaterThanOrEqual(1);
        expect(item.attachments!.length).toBeLessThanOrEqual(2);
        for (const a of item.attachments!) {
          expect(a.fileName).toMatch(/^osce-[a-z-]+-\d{4}-\d{4}(-summary)?\.pdf$/);
          expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
          expect(a.mediaType).toBe('application/pdf');
          expect(a.byteSize).toBeGreaterThan(0);
        }
      } else expect(item.attachments).toEqual([]);
      if (item.type === 'event') {
        const { startsAt, endsAt, series, venue } = item.event!;
        const days = (Date.parse(String(endsAt)) - Date.parse(startsAt)) / 86_400_000;
        expect(days).toBeGreaterThan(0.9);
        expect(days).toBeLessThan(3.5);
        expect(series?.vocabulary).toBe('meetings');
        expect(item.tags).toContainEqual(series);
        expect(venue!.toUpperCase()).toBe(item.datelinePlace);
      } else expect(item.event).toBeNull();
    }
  });

  it('publishes in office hours over 25 years, with more items in recent years', () => {
    const dated = corpus.filter((i) => i.publishedAt && i.status !== 'scheduled');
    const years = dated.map((i) => Number(day(i).slice(0, 4)));
    expect(Math.min(...years)).toBe(2001);
    expect(Math.max(...years)).toBe(2026);
    expect(years.filter((y) => y >= 2021).length).toBeGreaterThan(2 * years.filter((y) => y < 2006).length);
    for (const item of dated) {
      const hour = new Date(String(item.publishedAt)).getUTCHours();
      expect(hour).toBeGreaterThanOrEqual(6);
      expect(hour).toBeLessThanOrEqual(16);
    }
  });

  it('writes about 80 % in English and translates some items under one key, in different languages', () => {
    const english = corpus.filter((i) => i.language === 'en').length / corpus.length;
    expect(english).toBeGreaterThan(0.72);
    expect(english).toBeLessThan(0.88);
    const groups = new Map<string, NewItemInput[]>();
    for (const item of corpus)
      if (item.translationKey)
        groups.set(item.translationKey, [...(groups.get(item.translationKey) ?? []), item]);
    const translated = [...groups.values()].filter((g) => g.length > 1);
    expect(translated.length).toBeGreaterThan(50);
    for (const group of translated) {
      const languages = group.map((i) => i.language);
      expect(new Set(languages).size).toBe(languages.length);
      expect(languages[0]).toBe('en');
      for (const item of group.slice(1)) {
        expect(item.tags).toEqual(group[0]!.tags);
        expect(item.publishedAt).toBe(group[0]!.publishedAt);
        expect(item.title).not.toBe(group[0]!.title);
      }
    }
    expect(corpus.some((i) => i.language === 'ru' && /[а-я]/.test(i.title))).toBe(true);
  });

  it('varies titles, skews tags, and quotes invented people with roles', () => {
    expect(new Set(corpus.map((i) => i.title)).size).toBeGreaterThan(0.9 * corpus.length);
    const counts = new Map<string, number>();
    for (const item of corpus)
      for (const t of item.tags!)
        if (t.vocabulary === 'fields-of-work') counts.set(t.slug, (counts.get(t.slug) ?? 0) + 1);
    const values = [...counts.values()].sort((a, b) => b - a);
    expect(values[0]!).toBeGreaterThan(values.at(-1)! * 1.3);
    const quotes = corpus.flatMap((i) => i.quotes!);
    expect(quotes.length).toBeGreaterThan(corpus.length * 0.5);
    for (const q of quotes) {
      expect(q.speaker).toMatch(/^\S+ \S.*$/);
      expect(q.role!.length).toBeGreaterThan(5);
      expect(q.text.endsWith('.')).toBe(true);
    }
    expect(quotes.some((q) => q.role === 'Director of ODIHR')).toBe(true);
    expect(quotes.some((q) => q.role === 'Head of the OSCE Mission to Ruritania')).toBe(true);
  });

  it('names elections in every language with the word its readers search for', () => {
    // The demo's translated items about elections take their language's aligned topic: a reader of
    // /de/search?q=Wahlen must find them ("Wahlrechtsreform" alone stems to a word no one types).
    const elections = TOPIC_GROUPS.find((g) => g.match.test('Elections'))!;
    const typed: Record<string, string> = {
      fr: 'élections',
      de: 'Wahlen',
      it: 'elezioni',
      es: 'elecciones',
      ru: 'выборы',
    };
    expect(Object.keys(typed).sort()).toEqual(Object.keys(LANGUAGE_BANKS).sort());
    for (const [language, word] of Object.entries(typed)) {
      const topic = LANGUAGE_BANKS[language]!.topics[elections.intl]!;
      const terms = analyze(topic, language).map((t) => t.term);
      expect(terms, `${language}: ${topic}`).toContain(analyze(word, language)[0]!.term);
    }
    const german = corpus.filter((i) => i.language === 'de' && i.tags!.some((t) => t.slug === 'elections'));
    expect(german.length).toBeGreaterThan(0);
    expect(german.some((i) => /\bWahlen\b/.test(`${i.title} ${i.summary}`))).toBe(true);
  });
});
