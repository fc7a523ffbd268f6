import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortByKey } from './ranking.js';

/** The order sortByKey must give: ascending keys, equal keys in their original order. */
function referenceOrder(
  docs: readonly number[],
  keys: readonly number[],
): { docs: number[]; keys: number[] } {
  const order = docs.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
  return { docs: order.map((i) => docs[i]!), keys: order.map((i) => keys[i]!) };
}

describe('sortByKey (the order of an impact list)', () => {
  it('sorts by key, keeping the order of equal keys, over the whole 32-bit range', () => {
    fc.assert(
      fc.property(
        // Few distinct keys (ties), or any 32-bit key (every digit pass runs).
        fc.oneof(
          fc.array(fc.constantFrom(0, 7, 0x7ff, 0x800, 0x3fffff, 0x400000, 0x80000000, 0xffffffff), {
            maxLength: 300,
          }),
          fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 300 }),
        ),
        (keyList) => {
          const docs = Uint32Array.from(keyList, (_, i) => i * 3 + 1);
          const keys = Uint32Array.from(keyList);
          const expected = referenceOrder([...docs], keyList);
          const sorted = sortByKey(docs, keys);
          expect([...sorted.docs]).toEqual(expected.docs);
          expect([...sorted.keys]).toEqual(expected.keys);
        },
      ),
    );
  });

  it('skips the passes whose digit every key shares, and sorts when only the top digit differs', () => {
    // Float32 bits of unit scores share their top bits; these differ only above bit 22.
    const keyList = [0xc0000000, 0x40000000, 0xc0000000, 0x80000000, 0x40000000];
    const sorted = sortByKey(Uint32Array.from([10, 11, 12, 13, 14]), Uint32Array.from(keyList));
    expect([...sorted.docs]).toEqual([11, 14, 13, 10, 12]);
    // All equal: nothing moves.
    const same = sortByKey(Uint32Array.from([5, 3, 9]), Uint32Array.from([42, 42, 42]));
    expect([...same.docs]).toEqual([5, 3, 9]);
    expect([...sortByKey(new Uint32Array(0), new Uint32Array(0)).docs]).toEqual([]);
  });
});
