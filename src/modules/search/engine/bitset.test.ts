import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../test/random.js';
import { Bitset } from './bitset.js';

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
