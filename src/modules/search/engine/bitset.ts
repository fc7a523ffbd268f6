import { popcountWords } from './wasm-kernels.js';

/**
 * Buffers of bitsets made during a search, given back when the next search on that engine starts.
 * A search makes a dozen sets of 125 KB at a million documents, each its own ArrayBuffer outside
 * the JavaScript heap; V8 answers every 64 MB of those with a full collection, and the worker
 * thread was running one every 15–20 searches, 3–11 ms each (measured with --trace-gc): the tail of
 * its latency. Reusing the buffers leaves it nothing to collect.
 */
let collecting: Uint32Array[] | null = null;
const free = new Map<number, Uint32Array[]>();
/** Buffers kept per length: more than a search makes; beyond it they are left to the collector. */
const FREE_PER_LENGTH = 64;

let buffersMade = 0;

/** How many bitset buffers were allocated, not reused, so far in this thread (tests). */
export function bitsetBuffersMade(): number {
  return buffersMade;
}

function takeWords(length: number, zeroed: boolean): Uint32Array {
  let words = free.get(length)?.pop();
  if (words) {
    if (zeroed) words.fill(0);
  } else {
    words = new Uint32Array(length);
    buffersMade++;
  }
  collecting?.push(words);
  return words;
}

/**
 * The bitsets one engine makes during a search. `run` notes the buffers of the sets made inside
 * it; `recycle` gives them back for reuse, so it may be called only once no set of that search is
 * used again (the engine calls it when its next search starts).
 */
export class SearchScratch {
  private made: Uint32Array[] = [];

  run<T>(work: () => T): T {
    const outer = collecting;
    collecting = this.made;
    try {
      return work();
    } finally {
      collecting = outer;
    }
  }

  recycle(): void {
    for (const words of this.made) {
      let list = free.get(words.length);
      if (!list) {
        list = [];
        free.set(words.length, list);
      }
      if (list.length < FREE_PER_LENGTH) list.push(words);
    }
    this.made = [];
  }
}

/** Makes a set that outlives the search making it (a cache): its buffer is never recycled. */
export function keptSet(make: () => Bitset): Bitset {
  const outer = collecting;
  collecting = null;
  try {
    return make();
  } finally {
    collecting = outer;
  }
}

/**
 * A fixed-size set of document ordinals as 32-bit words. Every boolean step of a search (words,
 * filters, visibility) is a word-wise AND/OR/AND-NOT over these, and counting is a popcount: at a
 * million documents that is 31,250 words per operation, a few tens of microseconds.
 */
export class Bitset {
  readonly words: Uint32Array;

  constructor(
    readonly size: number,
    words?: Uint32Array,
  ) {
    this.words = words ?? takeWords((size + 31) >>> 5, true);
  }

  /**
   * The union of bitsets' words (a typed word's forms, an OR's words), read four sources a pass:
   * each pass writes the set once, and four streams from memory keep more reads in flight than
   * one. A million documents, sources out of cache: ten sources one pass each took 0.58 ms, four
   * a pass 0.30 (eight a pass 0.40); four sources 0.23 → 0.10 ms. Sources shorter than the set
   * (a word's bitset from when there were fewer documents) are added after, one pass each.
   */
  static union(size: number, sources: readonly Uint32Array[]): Bitset {
    const length = (size + 31) >>> 5;
    const whole = sources.filter((s) => s.length >= length);
    // Written whole by the first pass, when there is one: no zeroing first.
    const set = new Bitset(size, takeWords(length, whole.length === 0));
    for (let s = 0; s < whole.length; s += 4) unionPass(set.words, whole, s, s === 0);
    for (const words of sources) if (words.length < length) set.orWords(words);
    return set;
  }

  /** A set holding a copy of `words`. */
  static copyOf(size: number, words: Uint32Array): Bitset {
    const copy = takeWords(words.length, false);
    copy.set(words);
    return new Bitset(size, copy);
  }

  static of(size: number, ordinals: ArrayLike<number>): Bitset {
    const set = new Bitset(size);
    const w = set.words;
    for (let i = 0; i < ordinals.length; i++) {
      const d = ordinals[i]!;
      w[d >>> 5]! |= 1 << (d & 31);
    }
    return set;
  }

  static full(size: number): Bitset {
    const set = new Bitset(size);
    set.words.fill(0xffffffff);
    set.clearTail();
    return set;
  }

  clone(): Bitset {
    return Bitset.copyOf(this.size, this.words);
  }

  has(d: number): boolean {
    return (this.words[d >>> 5]! & (1 << (d & 31))) !== 0;
  }

  add(d: number): void {
    this.words[d >>> 5]! |= 1 << (d & 31);
  }

  delete(d: number): void {
    this.words[d >>> 5]! &= ~(1 << (d & 31));
  }

  // The word-wise steps below are written out four words a step: V8 does not unroll or vectorize
  // these loops, and a million documents' 31,250 words took 38 µs one at a time, 26 four at a time.

  and(other: Bitset): this {
    const a = this.words;
    const b = other.words;
    const n = Math.min(a.length, b.length);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      a[i]! &= b[i]!;
      a[i + 1]! &= b[i + 1]!;
      a[i + 2]! &= b[i + 2]!;
      a[i + 3]! &= b[i + 3]!;
    }
    for (; i < n; i++) a[i]! &= b[i]!;
    // Past the other's words (never, for sets of one size), nothing is in both.
    if (n < a.length) a.fill(0, n);
    return this;
  }

  or(other: Bitset): this {
    return this.orWords(other.words);
  }

  /** Adds the members of `words`, a bitset's words (possibly fewer than this set's). */
  orWords(words: Uint32Array): this {
    const a = this.words;
    const n = Math.min(a.length, words.length);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      a[i]! |= words[i]!;
      a[i + 1]! |= words[i + 1]!;
      a[i + 2]! |= words[i + 2]!;
      a[i + 3]! |= words[i + 3]!;
    }
    for (; i < n; i++) a[i]! |= words[i]!;
    return this;
  }

  andNot(other: Bitset): this {
    const a = this.words;
    const b = other.words;
    const n = Math.min(a.length, b.length);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      a[i]! &= ~b[i]!;
      a[i + 1]! &= ~b[i + 1]!;
      a[i + 2]! &= ~b[i + 2]!;
      a[i + 3]! &= ~b[i + 3]!;
    }
    for (; i < n; i++) a[i]! &= ~b[i]!;
    return this;
  }

  /** Sets every ordinal of a sorted or unsorted list. */
  addAll(ordinals: ArrayLike<number>): this {
    const w = this.words;
    for (let i = 0; i < ordinals.length; i++) {
      const d = ordinals[i]!;
      w[d >>> 5]! |= 1 << (d & 31);
    }
    return this;
  }

  count(): number {
    return popcountWords(this.words, countInJs);
  }

  /** Members of both this set and `other`, counted without building their intersection. */
  countAnd(other: Bitset): number {
    const a = this.words;
    const b = other.words;
    let n = 0;
    for (let i = 0; i < a.length; i++) n += popcount(a[i]! & b[i]!);
    return n;
  }

  isEmpty(): boolean {
    const w = this.words;
    for (let i = 0; i < w.length; i++) if (w[i] !== 0) return false;
    return true;
  }

  /** Calls `visit` for each member in ascending order; stops when it returns false. */
  each(visit: (d: number) => boolean | undefined): void {
    const w = this.words;
    for (let i = 0; i < w.length; i++) {
      let word = w[i]!;
      while (word !== 0) {
        const low = word & -word;
        if (visit((i << 5) + (31 - Math.clz32(low))) === false) return;
        word ^= low;
      }
    }
  }

  /** Members in ascending order, skipping the first `skip`, at most `limit`. */
  slice(skip: number, limit: number): number[] {
    const out: number[] = [];
    let seen = 0;
    this.each((d) => {
      if (seen++ < skip) return true;
      out.push(d);
      return out.length < limit;
    });
    return out;
  }

  private clearTail(): void {
    const extra = this.words.length * 32 - this.size;
    if (extra > 0) this.words[this.words.length - 1] = 0xffffffff >>> extra;
  }
}

/**
 * One pass of Bitset.union: `target` set to (`first`) or OR-ed with the union of sources `from` to
 * `from + 3` (fewer at the end). A loop per count of sources, so no pass reads a stand-in.
 */
function unionPass(target: Uint32Array, sources: readonly Uint32Array[], from: number, first: boolean): void {
  const n = target.length;
  const a = sources[from]!;
  const b = sources[from + 1];
  const c = sources[from + 2];
  const d = sources[from + 3];
  if (d && c && b) {
    if (first) for (let i = 0; i < n; i++) target[i] = a[i]! | b[i]! | c[i]! | d[i]!;
    else for (let i = 0; i < n; i++) target[i]! |= a[i]! | b[i]! | c[i]! | d[i]!;
  } else if (c && b) {
    if (first) for (let i = 0; i < n; i++) target[i] = a[i]! | b[i]! | c[i]!;
    else for (let i = 0; i < n; i++) target[i]! |= a[i]! | b[i]! | c[i]!;
  } else if (b) {
    if (first) for (let i = 0; i < n; i++) target[i] = a[i]! | b[i]!;
    else for (let i = 0; i < n; i++) target[i]! |= a[i]! | b[i]!;
  } else if (first) target.set(a.subarray(0, n));
  else for (let i = 0; i < n; i++) target[i]! |= a[i]!;
}

function countInJs(w: Uint32Array): number {
  let total = 0;
  for (let i = 0; i < w.length; i++) total += popcount(w[i]!);
  return total;
}

export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
