import { describe, expect, it } from 'vitest';
import { pressRelease } from '../../../test/factories.js';
import { isDatelineError } from '../../errors.js';
import { applySuggestions } from './apply.js';
import type { TagSuggestion } from './suggest.js';

const suggestion = (
  vocabulary: string,
  slug: string,
  confidence: number,
  kind: TagSuggestion['kind'] = 'mention',
): TagSuggestion => ({ vocabulary, slug, label: slug, confidence, evidence: [slug], kind });

describe('applySuggestions', () => {
  const item = pressRelease({
    tags: [{ vocabulary: 'topics', slug: 'water' }],
    sources: [{ vocabulary: 'offices', slug: 'field-office' }],
  });

  it("adds the suggestions at or above the threshold as machine-made tags, keeping the item's own", () => {
    const { input, applied } = applySuggestions(
      item,
      [
        suggestion('places', 'freedonia', 0.62, 'country'),
        suggestion('topics', 'roads', 0.9, 'topic'),
        suggestion('places', 'ruritania', 0.49, 'country'),
        suggestion('offices', 'headquarters', 0.5),
      ],
      0.5,
    );
    expect(applied.map((s) => s.slug)).toEqual(['roads', 'freedonia', 'headquarters']);
    expect(input.tags).toEqual([
      { vocabulary: 'topics', slug: 'water' },
      { vocabulary: 'topics', slug: 'roads', origin: 'machine', confidence: 0.9 },
      { vocabulary: 'places', slug: 'freedonia', origin: 'machine', confidence: 0.62 },
      { vocabulary: 'offices', slug: 'headquarters', origin: 'machine', confidence: 0.5 },
    ]);
    // Sources stay the page's or the editor's: a mentioned office is a tag, not an issuer.
    expect(input.sources).toEqual(item.sources);
    // The input is not changed in place.
    expect(item.tags).toHaveLength(1);
  });

  it('never duplicates a tag, a source or the event series the item already has, nor a repeated suggestion', () => {
    const withSeries = {
      ...item,
      type: 'event' as const,
      event: { startsAt: '2025-03-03T09:00:00Z', series: { vocabulary: 'topics', slug: 'roads' } },
    };
    const { input, applied } = applySuggestions(
      withSeries,
      [
        suggestion('topics', 'water', 0.99, 'topic'),
        suggestion('offices', 'field-office', 0.95),
        suggestion('topics', 'roads', 0.9),
        suggestion('places', 'freedonia', 0.8, 'country'),
        suggestion('places', 'freedonia', 0.7, 'country'),
      ],
      0,
    );
    expect(applied).toEqual([suggestion('places', 'freedonia', 0.8, 'country')]);
    const keys = (input.tags ?? []).map((t) => `${t.vocabulary}/${t.slug}`);
    expect(keys).toEqual(['topics/water', 'places/freedonia']);
  });

  it('returns the item unchanged when nothing passes the threshold', () => {
    const result = applySuggestions(item, [suggestion('places', 'freedonia', 0.3)], 0.31);
    expect(result.input).toBe(item);
    expect(result.applied).toEqual([]);
  });

  it.each([-0.1, 1.01, Number.NaN])('rejects the threshold %s with a coded error', (threshold) => {
    try {
      applySuggestions(item, [], threshold);
      expect.unreachable();
    } catch (error) {
      expect(isDatelineError(error) && error.code).toBe('DL_VALIDATION');
    }
  });
});
