import { describe, expect, it } from 'vitest';
import { forEachTerm, normalizeTerm } from '../analyze.js';
import { IndexBuilder } from './index-data.js';
import { boundedDistance, correctionOf } from './spelling.js';

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions and neighbour swaps, and stops past the limit', () => {
    expect(boundedDistance('police', 'police', 2)).toBe(0);
    expect(boundedDistance('polise', 'police', 2)).toBe(1);
    expect(boundedDistance('ploice', 'police', 2)).toBe(1);
    expect(boundedDistance('polic', 'police', 2)).toBe(1);
    expect(boundedDistance('polce', 'police', 2)).toBe(1);
    expect(boundedDistance('plice', 'police', 1)).toBe(1);
    expect(boundedDistance('pol', 'police', 2)).toBe(-1);
    expect(boundedDistance('garbage', 'police', 2)).toBe(-1);
  });
});

describe('spelling corrections', () => {
  const builder = new IndexBuilder(forEachTerm);
  const texts = [
    'Elections observed by the mission in Kyrgyzstan',
    'Election observers trained',
    'Police reform in the region',
    'Parliamentary elections monitored',
    // Political is one edit from "polise" by its stem (polit, polis) and more frequent than police.
    'Political dialogue resumes',
    'Political parties meet',
  ];
  for (const [i, text] of texts.entries())
    builder.add({
      itemId: i + 1,
      language: 'en',
      type: 'news',
      publishedAt: new Date(Date.UTC(2025, 0, 10 - i)).toISOString(),
      visibleFrom: '2020-01-01T00:00:00Z',
      terms: [],
      sources: [],
      title: text,
      text: '',
    });
  const data = builder.build();
  const typed = (text: string) => ({ text, forms: [normalizeTerm(text, 'en') ?? text] });

  it('keeps the written form of each index word', () => {
    expect(data.surface.get('elect')).toBe('elections');
    expect(data.surface.get('kyrgyzstan')).toBe('kyrgyzstan');
  });

  it('offers the closest written form, the more frequent on a tie, and leaves known words alone', () => {
    expect(correctionOf(data, typed('electoins'))?.surface).toBe('elections');
    expect(correctionOf(data, typed('Kyrgysztan'))?.surface).toBe('kyrgyzstan');
    // As close when written wins over a stem as close: polise is four edits from political.
    expect(correctionOf(data, typed('polise'))?.surface).toBe('police');
    expect(correctionOf(data, typed('politcal'))?.surface).toBe('political');
    expect(correctionOf(data, typed('election'))).toBeNull();
    expect(correctionOf(data, typed('zzzzzzzz'))).toBeUndefined();
    expect(correctionOf(data, typed('xy'))).toBeUndefined();
  });
});
