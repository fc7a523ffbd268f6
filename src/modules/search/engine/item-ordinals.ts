/**
 * Item id → document ordinal, for the few lookups a live index makes (an edited item leaves its
 * segment, tests ask whether an item is indexed). Two typed arrays, ids ascending with their
 * ordinals, searched by halving: at a million documents 8 MB, where a Map took ~50 MB of the
 * JavaScript heap, and typed arrays can live in shared memory for the search workers that do not
 * build the index (shared-index.ts).
 */
import { lowerBound } from './sorted.js';

export class ItemOrdinals {
  private constructor(
    /** Item ids, ascending. */
    readonly ids: Int32Array,
    /** The ordinal of each id in `ids`. */
    readonly ordinals: Uint32Array,
  ) {}

  /** The ordinals of `itemId`'s column (ordinal d holds item itemId[d]; ids are unique). */
  static of(itemId: Int32Array): ItemOrdinals {
    const order = new Uint32Array(itemId.length);
    for (let d = 0; d < order.length; d++) order[d] = d;
    order.sort((a, b) => itemId[a]! - itemId[b]!);
    return new ItemOrdinals(
      Int32Array.from(order, (d) => itemId[d]!),
      order,
    );
  }

  /** Over arrays another thread made (see `ids` and `ordinals`). */
  static over(ids: Int32Array, ordinals: Uint32Array): ItemOrdinals {
    return new ItemOrdinals(ids, ordinals);
  }

  get size(): number {
    return this.ids.length;
  }

  get(itemId: number): number | undefined {
    const at = lowerBound(this.ids, itemId);
    return this.ids[at] === itemId ? this.ordinals[at] : undefined;
  }

  has(itemId: number): boolean {
    return this.get(itemId) !== undefined;
  }
}
