import { describe, expect, it } from 'vitest';
import { type CorpusCatalog, type CorpusTerm, generateCorpus } from './corpus.js';

const term = (vocabulary: string, slug: string, extra: Partial<CorpusTerm> = {}): CorpusTerm => ({
  vocabulary,
  slug,
  label: slug.replace(/-/g, ' ').replace(/^\w/, (c) => c.toUpperCase()),
  attributes: {},
  status: 'active',
  validFrom: null,
  validTo: null,
  parentSlug: null,
  ...extra,
});

const CATALOG: CorpusCatalog = {
  languages: ['en', 'fr', 'de'],
  sourceVocabularies: ['structures', 'field-operations'],
  terms: [
    term('fields-of-work', 'policing'),
    term('fields-of-work', 'elections'),
    term('fields-of-work', 'youth'),
    term('countries', 'members'),
    term('countries', 'ruritania', {
      parentSlug: 'members',
      attributes: { iso2: 'RR', capital: 'Strelsau' },
    }),
    term('countries', 'freedonia', {
      parentSlug: 'members',
      attributes: { iso2: 'FD', capital: 'Fredonia City' },
    }),
    term('structures', 'secretariat', { attributes: { seat: 'Vienna' } }),
    term('structures', 'election-office', { attributes: { acronym: 'EO', seat: 'Warsaw' } }),
    term('field-operations', 'office-in-ruritania', { attributes: { country: 'RR', seat: 'Strelsau' } }),
    term('field-operations', 'old-office-in-freedonia', {
      status: 'closed',
      validTo: '2010-12-31',
      attributes: { country: 'FD', seat: 'Fredonia City' },
    }),
    term('meetings', 'annual-review'),
    term('meetings', 'summit'),
  ],
};

const items = (n: number, seed = 1) => [...generateCorpus(CATALOG, { items: n, seed })];

describe('corpus generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(items(200, 5)).toEqual(items(200, 5));
    expect(items(50, 5).map((i) => i.title)).not.toEqual(items(50, 6).map((i) => i.title));
  });

  const corpus = items(2000);

  it('yields exactly the number of items asked for', () => {
    expect(corpus).toHaveLength(2000);
  });

  it('writes English bodies of 300–800 words starting with the dateline', () => {
    for (const item of corpus.filter((i) => i.language === 'en')) {
      const words = item.bodyMarkdown!.split(/\s+/).length;
      expect(words).toBeGreaterThanOrEqual(300);
      expect(words).toBeLessThanOrEqual(800);
      expect(item.bodyMarkdown!.startsWith(`${item.datelinePlace}, `)).toBe(true);
      expect(['STRELSAU', 'FREDONIA CITY', 'VIENNA']).toContain(item.datelinePlace);
    }
  });

  it('tags only catalog terms, and never a closed term after it closed', () => {
    const known = new Set(CATALOG.terms.map((t) => `${t.vocabulary}/${t.slug}`));
    for (const item of corpus) {
      for (const ref of [...(item.tags ?? []), ...(item.sources ?? [])])
        expect(known).toContain(`${ref.vocabulary}/${ref.slug}`);
      const closed = item.tags?.some((t) => t.slug === 'old-office-in-freedonia');
      if (closed && item.publishedAt)
        expect(String(item.publishedAt) <= '2010-12-31T23:59:59.999Z').toBe(true);
      expect(item.tags?.some((t) => t.slug === 'members')).toBe(false);
    }
  });

  it('mixes types and statuses realistically, with items that must stay hidden', () => {
    const share = (f: (i: (typeof corpus)[number]) => boolean) => corpus.filter(f).length / corpus.length;
    expect(share((i) => i.type === 'press-release')).toBeGreaterThan(0.45);
    expect(share((i) => i.type === 'event')).toBeGreaterThan(0.02);
    expect(share((i) => i.status === 'published')).toBeGreaterThan(0.9);
    expect(corpus.some((i) => i.status === 'scheduled' && String(i.publishedAt) > '2026-11-01')).toBe(true);
    expect(corpus.some((i) => i.status === 'draft' && i.publishedAt === null)).toBe(true);
    for (const event of corpus.filter((i) => i.type === 'event')) expect(event.event?.series).toBeTruthy();
  });

  it('spreads dates over 25 years with more items in recent years', () => {
    const years = corpus.filter((i) => i.publishedAt).map((i) => Number(String(i.publishedAt).slice(0, 4)));
    expect(Math.min(...years)).toBeLessThanOrEqual(2003);
    const early = years.filter((y) => y < 2006).length;
    const late = years.filter((y) => y >= 2021).length;
    expect(late).toBeGreaterThan(early * 1.5);
  });

  it('emits translations that share a key and differ in language', () => {
    const sets = new Map<string, string[]>();
    for (const item of corpus)
      if (item.translationKey)
        sets.set(item.translationKey, [...(sets.get(item.translationKey) ?? []), item.language]);
    const withTranslations = [...sets.values()].filter((languages) => languages.length > 1);
    expect(withTranslations.length).toBeGreaterThan(10);
    for (const languages of withTranslations) expect(new Set(languages).size).toBe(languages.length);
  });

  it('skews tags: the most used country is used far more than the least', () => {
    const counts = new Map<string, number>();
    for (const item of corpus)
      for (const t of item.tags ?? [])
        if (t.vocabulary === 'fields-of-work') counts.set(t.slug, (counts.get(t.slug) ?? 0) + 1);
    const values = [...counts.values()].sort((a, b) => b - a);
    expect(values[0]!).toBeGreaterThan(values.at(-1)! * 1.3);
  });
});
