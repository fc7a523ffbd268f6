/** A small seeded random source (mulberry32): the same seed gives the same corpus on every machine. */

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/**
 * Picks with a Zipf-like skew (weight 1/rank^s): a few terms are very common, most are rare,
 * as in real archives. Unless told otherwise, `items` are shuffled once by the seed so the popular ones vary;
 * unshuffled, the first items are the most popular.
 */
export class SkewedPicker<T> {
  private readonly cumulative: Float64Array;
  private readonly items: readonly T[];

  constructor(items: readonly T[], random: Random, exponent = 1, shuffle = true) {
    const shuffled = [...items];
    for (let i = shuffle ? shuffled.length - 1 : 0; i > 0; i--) {
      const j = random.int(0, i);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    this.items = shuffled;
    this.cumulative = new Float64Array(shuffled.length);
    let total = 0;
    for (let i = 0; i < shuffled.length; i++) {
      total += 1 / (i + 1) ** exponent;
      this.cumulative[i] = total;
    }
    for (let i = 0; i < shuffled.length; i++) this.cumulative[i]! /= total;
  }

  get size(): number {
    return this.items.length;
  }

  /** One item, skewed towards the popular ones. */
  pick(random: Random): T {
    const r = random.next();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo]!;
  }

  /** Up to `n` distinct items that satisfy `accept`. */
  pickDistinct(random: Random, n: number, accept: (item: T) => boolean = () => true): T[] {
    const chosen: T[] = [];
    for (let tries = 0; chosen.length < n && tries < n * 8; tries++) {
      const item = this.pick(random);
      if (!chosen.includes(item) && accept(item)) chosen.push(item);
    }
    return chosen;
  }
}
