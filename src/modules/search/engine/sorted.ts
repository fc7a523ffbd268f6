/** Binary search over ascending lists (ordinals, item ids, sorted words). */

/** The first index at which `list[i] >= value` in an ascending list; `list.length` when none. */
export function lowerBound<T extends number | string>(list: ArrayLike<T>, value: T): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
