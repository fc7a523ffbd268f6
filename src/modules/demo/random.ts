/**
 * Seeded pseudo-random numbers for generated content. Everything the corpus generator draws comes
 * from here, never from Math.random, so a seed always reproduces the same corpus.
 */

/** 32-bit FNV-1a hash of a string: stable across runs and platforms. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes two 32-bit values into a well-spread 32-bit hash (murmur3 finalizer over a combination). */
export function mix32(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Turns any number (negative, fractional, huge) into a 32-bit seed, so every seed is usable. */
function seedOf(value: number): number {
  if (Number.isInteger(value) && value >= 0 && value <= 0xffffffff) return value >>> 0;
  return hashString(String(value));
}

/** Items with cumulative weights, drawn by binary search: O(log n) per draw, built once. */
export class WeightedTable<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(items: readonly T[], weights: readonly number[]) {
    if (items.length !== weights.length) throw new Error('WeightedTable: items and weights differ in length');
    this.items = items;
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    for (let i = 0; i < items.length; i++) {
      sum += Math.max(0, weights[i] ?? 0);
      this.cumulative[i] = sum;
    }
    this.total = sum;
  }

  get size(): number {
    return this.items.length;
  }

  /** The item at a uniform position u in [0, 1). */
  at(u: number): T | undefined {
    if (this.items.length === 0) return undefined;
    const target = u * this.total;
    let lo = 0;
    let hi = this.items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

/** Zipf-like weights 1/(rank+1)^s: a few items dominate and a long tail stays rare. */
export function zipfWeights(n: number, s = 1): number[] {
  const weights: number[] = [];
  for (let i = 0; i < n; i++) weights.push(1 / (i + 1) ** s);
  return weights;
}

/** A table whose items, in the given order, get Zipf-like weights (first is most common). */
export function zipfTable<T>(items: readonly T[], s = 1): WeightedTable<T> {
  return new WeightedTable(items, zipfWeights(items.length, s));
}

/**
 * sfc32 (Small Fast Counting, from PractRand): fast, passes statistical test suites, and has a
 * 128-bit state, which is plenty for a million items with dozens of draws each.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    this.a = 0x9e3779b9;
    this.b = seedOf(seed) | 0;
    this.c = seedOf(stream) | 0;
    this.d = 1;
    // Warm-up rounds so that neighbouring seeds (1, 2, 3 …) give unrelated streams.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (((this.c << 21) | (this.c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniform element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Random.pick: empty array');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** An element of a weighted table (see zipfTable for a skewed one); undefined when it is empty. */
  weightedPick<T>(table: WeightedTable<T>): T | undefined {
    return table.at(this.next());
  }

  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** A 64-character lower-case hex string, e.g. for a fake SHA-256 digest. */
  hex64(): string {
    const parts: string[] = [];
    for (let i = 0; i < 8; i++) parts.push(this.uint32().toString(16).padStart(8, '0'));
    return parts.join('');
  }
}
