import { describe, expect, it } from 'vitest';
import { isDatelineError } from '../src/errors.js';
import { countSets, emptyCounts, parseCsv, parseJsonl, scores, verdict } from './lib.js';

describe('eval helpers', () => {
  it('parses JSON Lines and CSV, with a coded error naming the bad line', () => {
    expect(parseJsonl('{"a":1}\n\n{"a":2}\n')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseCsv('title,categories\n"A, B","x, y"\n')).toEqual([{ title: 'A, B', categories: 'x, y' }]);
    let error: unknown;
    try {
      parseJsonl('{"a":1}\n{oops\n', 'f.jsonl');
    } catch (e) {
      error = e;
    }
    expect(isDatelineError(error) && error.code).toBe('DL_VALIDATION');
    expect((error as Error).message).toMatch(/f\.jsonl, line 2/);
  });

  it('micro-averages precision, recall and F1 over documents', () => {
    const counts = emptyCounts();
    const first = countSets(counts, new Set(['FR', 'DE']), new Set(['FR']));
    countSets(counts, new Set(['US']), new Set(['US', 'CA', 'MX']));
    expect(first).toEqual({ falsePositives: ['DE'], falseNegatives: [] });
    expect(counts).toEqual({ tp: 2, fp: 1, fn: 2 });
    const s = scores(counts);
    expect(s.precision).toBeCloseTo(2 / 3);
    expect(s.recall).toBeCloseTo(2 / 4);
    expect(s.f1).toBeCloseTo((2 * (2 / 3) * 0.5) / (2 / 3 + 0.5));
    expect(scores({ tp: 0, fp: 3, fn: 3 }).f1).toBe(0);
  });

  it('judges a figure against its target', () => {
    expect(verdict({ key: 'a', label: 'a', value: 0.91, min: 0.9 })).toBe('PASS');
    expect(verdict({ key: 'a', label: 'a', value: 0.89, min: 0.9 })).toBe('FAIL');
    expect(verdict({ key: 'a', label: 'a', value: 2, max: 1 })).toBe('FAIL');
    expect(verdict({ key: 'a', label: 'a', value: Number.NaN, min: 0 })).toBe('FAIL');
    expect(verdict({ key: 'a', label: 'a', value: 5 })).toBe('—');
  });
});
