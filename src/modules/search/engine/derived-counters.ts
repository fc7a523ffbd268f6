/**
 * Counters the facet kernel counts without a column of its own (facet-count-kernel.ts), read off
 * other counters' counts once those are counted:
 *
 * - A SUM: a counter whose documents are exactly those of some others, no document in two of
 *   them — a parent term never tagged itself whose children never meet in one item (a region
 *   whose items each name one of its countries). Its count is the sum of theirs.
 * - A REST: of counters that split every document between them (each item has one type and one
 *   language), the largest is the set's size less the others.
 *
 * Counting a large set by column reads every dense counter's bitset over the set's span; each
 * counter derived is one bitset (or list) fewer to read, whatever the set. Sums are found from
 * the documents alone, not from the taxonomy, and only where they hold exactly: the parts' sizes
 * add up to the whole, and none shares a document with another. Why the documents and not the
 * taxonomy: a parent tagged on one item itself, or two children on one item, and the sum is
 * wrong; the documents say so, the taxonomy does not.
 */
import type { CounterDocs } from './facet-count-kernel.js';

/** A counter whose documents are the disjoint union of its parts' (each a counter too). */
export interface Sum {
  readonly counter: number;
  readonly parts: Uint32Array;
}

/** A counter whose count is the counted set's size less its others' counts. */
export interface Rest {
  readonly counter: number;
  readonly others: Uint32Array;
}

/**
 * The sums among `columns` (each counter once: columns with the same documents are one column by
 * then), smallest first, so a sum whose parts include a sum comes after it. Cost: per candidate
 * whole, its documents written to a bitset and each smaller column's documents tested against it
 * until one falls outside (most columns at their first document), then the subsets' documents.
 */
export function findSums(size: number, columns: readonly CounterDocs[]): Sum[] {
  const bySize = columns.filter((c) => c.docs.length > 1).sort((a, b) => b.docs.length - a.docs.length);
  const whole = new Uint32Array((size + 31) >>> 5);
  const covered = new Uint32Array(whole.length);
  const has = (bits: Uint32Array, d: number) => (bits[d >>> 5]! >>> (d & 31)) & 1;
  const sums: Sum[] = [];
  for (let i = 0; i < bySize.length; i++) {
    const candidate = bySize[i]!;
    const n = candidate.docs.length;
    for (let k = 0; k < n; k++) {
      const d = candidate.docs[k]!;
      whole[d >>> 5]! |= 1 << (d & 31);
    }
    // Largest first, each column kept when inside the whole and apart from those kept: a part
    // always comes before its own parts (a strict subset is smaller), so they are never both kept.
    const parts: CounterDocs[] = [];
    let partDocs = 0;
    for (let j = i + 1; j < bySize.length && partDocs < n; j++) {
      const column = bySize[j]!;
      const docs = column.docs;
      if (docs.length === n) continue;
      let inside = true;
      for (let k = 0; k < docs.length && inside; k++) {
        const d = docs[k]!;
        inside = has(whole, d) === 1 && has(covered, d) === 0;
      }
      if (!inside) continue;
      for (let k = 0; k < docs.length; k++) {
        const d = docs[k]!;
        covered[d >>> 5]! |= 1 << (d & 31);
      }
      parts.push(column);
      partDocs += docs.length;
    }
    if (partDocs === n && parts.length > 1)
      sums.push({ counter: candidate.counter, parts: Uint32Array.from(parts, (p) => p.counter) });
    for (const column of [candidate, ...parts])
      for (let k = 0; k < column.docs.length; k++) {
        const d = column.docs[k]!;
        whole[d >>> 5] = 0;
        covered[d >>> 5] = 0;
      }
  }
  return sums.reverse();
}

/**
 * For each group of counters that together hold every one of `size` documents once (verified:
 * otherwise the group is skipped), its largest counter that `eligible` allows, as a rest of the
 * others.
 */
export function findRests(
  size: number,
  groups: readonly (readonly CounterDocs[])[],
  eligible: (counter: number) => boolean,
): Rest[] {
  const rests: Rest[] = [];
  const seen = new Uint32Array((size + 31) >>> 5);
  for (const group of groups) {
    seen.fill(0);
    let total = 0;
    let overlap = false;
    for (const { docs } of group) {
      total += docs.length;
      for (let k = 0; k < docs.length && !overlap; k++) {
        const d = docs[k]!;
        overlap = ((seen[d >>> 5]! >>> (d & 31)) & 1) === 1;
        seen[d >>> 5]! |= 1 << (d & 31);
      }
    }
    if (overlap || total !== size) continue;
    const largest = group.filter((c) => eligible(c.counter)).sort((a, b) => b.docs.length - a.docs.length)[0];
    if (!largest) continue;
    rests.push({
      counter: largest.counter,
      others: Uint32Array.from(
        group.filter((c) => c !== largest),
        (c) => c.counter,
      ),
    });
  }
  return rests;
}
