import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../test/random.js';
import { Bitset, SearchScratch } from './bitset.js';

describe('bitset count', () => {
  // Small sets are counted in JavaScript, large ones in the WebAssembly kernel (whose memory grows
  // to the largest set seen): both must agree with counting members one by one.
  it.each([
    [0, 0.5],
    [31, 0.5],
    [16_383, 0.3],
    [16_385, 0.3],
    [100_000, 0.01],
    [1_000_001, 0.5],
    [40_000, 1],
  ])('counts %i documents at density %f', (size, density) => {
    const next = seededRandom(size + 1);
    const set = new Bitset(size);
    let expected = 0;
    for (let d = 0; d < size; d++)
      if (next() < density) {
        set.add(d);
        expected++;
      }
    expect(set.count()).toBe(expected);
    expect(Bitset.full(size).count()).toBe(size);
  });
});

describe('bitset steps', () => {
  // Word by word, four words a step and then the rest: sizes whose word counts leave every rest.
  it.each([0, 31, 33, 97, 161, 225, 1_000])('AND, OR and AND NOT %i documents as members do', (size) => {
    const next = seededRandom(size + 7);
    const a = new Bitset(size);
    const b = new Bitset(size);
    for (let d = 0; d < size; d++) {
      if (next() < 0.5) a.add(d);
      if (next() < 0.5) b.add(d);
    }
    const members = (set: Bitset) => set.slice(0, size);
    const expect2 = (set: Bitset, keep: (inA: boolean, inB: boolean) => boolean) =>
      expect(members(set)).toEqual(
        Array.from({ length: size }, (_, d) => d).filter((d) => keep(a.has(d), b.has(d))),
      );
    expect2(a.clone().and(b), (x, y) => x && y);
    expect2(a.clone().or(b), (x, y) => x || y);
    expect2(a.clone().andNot(b), (x, y) => x && !y);
    // A bitset's words that are fewer than the set's: only those words are added.
    const fewer = b.words.subarray(0, Math.floor(b.words.length / 2));
    const halfWords = fewer.length * 32;
    expect(members(a.clone().orWords(fewer))).toEqual(
      Array.from({ length: size }, (_, d) => d).filter((d) => a.has(d) || (d < halfWords && b.has(d))),
    );
  });
});

describe('bitset union', () => {
  // Four sources a pass, then fewer: counts of sources that leave every rest of a pass, after the
  // first (written, not ORed) and after later ones; and buffers reused dirty must not leak in.
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])('unites %i sources as members do', (count) => {
    const size = 1_000;
    const next = seededRandom(count + 11);
    const sources = Array.from({ length: count }, () => {
      const set = new Bitset(size);
      for (let d = 0; d < size; d++) if (next() < 0.1) set.add(d);
      return set;
    });
    // The buffer the union is written into held every document before.
    const scratch = new SearchScratch();
    scratch.run(() => Bitset.full(size));
    scratch.recycle();
    const union = scratch.run(() =>
      Bitset.union(
        size,
        sources.map((s) => s.words),
      ),
    );
    const expected = Array.from({ length: size }, (_, d) => d).filter((d) => sources.some((s) => s.has(d)));
    expect(union.slice(0, size)).toEqual(expected);
  });

  it('adds a source with fewer words than the set only over its words', () => {
    const size = 1_000;
    const whole = Bitset.of(size, [1, 500, 999]);
    const fewer = Bitset.full(size).words.subarray(0, 2);
    expect(Bitset.union(size, [fewer, whole.words]).slice(0, size)).toEqual([
      ...Array.from({ length: 64 }, (_, d) => d),
      500,
      999,
    ]);
  });

  it('is empty without sources, even in a reused buffer', () => {
    const scratch = new SearchScratch();
    scratch.run(() => Bitset.full(1_000));
    scratch.recycle();
    expect(scratch.run(() => Bitset.union(1_000, [])).isEmpty()).toBe(true);
  });
});
