// AssemblyScript, compiled to WebAssembly by `npm run build:wasm` (loaded by wasm-kernels.ts).
//
// Facet counting of a set: every member's record of SLOTS counter indexes (facet-records.ts), one
// increment each. This is the one loop of a search that reads memory at random — a member's record
// is a cache miss once the set is sparse — and JavaScript runs it at 40–120 ns per member: a
// record's sixteen bounds-checked loads and increments fill the CPU's window, so it waits for one
// member's miss at a time. Here, in batches of BATCH members, a first pass only touches each
// member's record (a few instructions each, so the misses of a whole batch are outstanding at
// once), and a second pass adds from records now in cache: 12–20 ns per member.
//
// Memory layout (all offsets in bytes, chosen by the caller): records, then the set's words, then
// the counters, then scratch for the members' ordinals, then the facet columns (countColumns).

/** Members whose records are touched before any of them is counted. */
const BATCH: i32 = 64;
/** Counter indexes per record (facet-records.ts, SLOT_SHIFT). */
const SLOTS: i32 = 16;

/** Writes the ordinals of the set's members to `scratch`, ascending; returns how many. */
function members(words: usize, nwords: i32, scratch: usize): i32 {
  let n = 0;
  for (let x = 0; x < nwords; x++) {
    let m = load<u32>(words + ((<usize>x) << 2));
    while (m != 0) {
      store<u32>(scratch + ((<usize>n) << 2), (x << 5) + <i32>ctz(m));
      m &= m - 1;
      n++;
    }
  }
  return n;
}

/** Adds one to the counter in slot `slot` of the record at `at`. */
@inline
function bump<T>(at: usize, slot: usize, counts: usize): void {
  const counter = counts + ((<usize>load<T>(at + slot * sizeof<T>())) << 2);
  store<u32>(counter, load<u32>(counter) + 1);
}

/** Counts the members of the set; records of `T` (u8, u16 or u32) counter indexes. */
@inline
function countAll<T>(records: usize, words: usize, nwords: i32, counts: usize, scratch: usize): i32 {
  const n = members(words, nwords, scratch);
  const recordBytes = <usize>(SLOTS * sizeof<T>());
  let touched: u32 = 0;
  for (let start = 0; start < n; start += BATCH) {
    const end = min(n, start + BATCH);
    for (let i = start; i < end; i++)
      touched += <u32>load<T>(records + <usize>load<u32>(scratch + ((<usize>i) << 2)) * recordBytes);
    for (let i = start; i < end; i++) {
      const at = records + <usize>load<u32>(scratch + ((<usize>i) << 2)) * recordBytes;
      // Written out: the compiler does not unroll, and a loop here costs a third more.
      bump<T>(at, 0, counts);
      bump<T>(at, 1, counts);
      bump<T>(at, 2, counts);
      bump<T>(at, 3, counts);
      bump<T>(at, 4, counts);
      bump<T>(at, 5, counts);
      bump<T>(at, 6, counts);
      bump<T>(at, 7, counts);
      bump<T>(at, 8, counts);
      bump<T>(at, 9, counts);
      bump<T>(at, 10, counts);
      bump<T>(at, 11, counts);
      bump<T>(at, 12, counts);
      bump<T>(at, 13, counts);
      bump<T>(at, 14, counts);
      bump<T>(at, 15, counts);
    }
  }
  // `touched` is never used: it only keeps the touching loads from being optimized away.
  return n + <i32>(touched & 0);
}

/** Records of 8-bit counter indexes (up to 256 counters): half the memory a set's records take. */
export function count8(records: usize, words: usize, nwords: i32, counts: usize, scratch: usize): i32 {
  return countAll<u8>(records, words, nwords, counts, scratch);
}

/** Records of 16-bit counter indexes (up to 65,536 counters). */
export function count16(records: usize, words: usize, nwords: i32, counts: usize, scratch: usize): i32 {
  return countAll<u16>(records, words, nwords, counts, scratch);
}

/** Records of 32-bit counter indexes. */
export function count32(records: usize, words: usize, nwords: i32, counts: usize, scratch: usize): i32 {
  return countAll<u32>(records, words, nwords, counts, scratch);
}

// Popcount of a bitset's words: JavaScript has no popcount instruction (bitset.ts counts in twelve
// operations a word), WebAssembly counts 64 bits in one.
export function popcount(words: usize, nwords: i32): i32 {
  let n: i64 = 0;
  let x = 0;
  for (; x + 1 < nwords; x += 2) n += popcnt(load<u64>(words + ((<usize>x) << 2)));
  if (x < nwords) n += <i64>popcnt(load<u32>(words + ((<usize>x) << 2)));
  return <i32>n;
}

/** Set bits of the bitset at `words` in bit positions [from, to). */
export function popcountRange(words: usize, from: i32, to: i32): i32 {
  if (from >= to) return 0;
  const first = from >>> 5;
  const last = (to - 1) >>> 5;
  // Masks of the bits kept in the first and last words.
  const head: u32 = <u32>0xffffffff << <u32>(from & 31);
  const tail: u32 = <u32>0xffffffff >>> <u32>(31 - ((to - 1) & 31));
  if (first == last) return <i32>popcnt(load<u32>(words + ((<usize>first) << 2)) & head & tail);
  let n: i32 = <i32>popcnt(load<u32>(words + ((<usize>first) << 2)) & head);
  for (let x = first + 1; x < last; x++) n += <i32>popcnt(load<u32>(words + ((<usize>x) << 2)));
  return n + <i32>popcnt(load<u32>(words + ((<usize>last) << 2)) & tail);
}

// Counting by column: a set's count of each facet term (or type, or language) is the popcount of
// the set AND the term's bitset. Its cost is the bitsets' bytes over the set's span of words,
// whatever the number of members, where counting by member (above) costs 9–30 ns a member out of
// cache: for a set of half a million documents at a million, by column reads ~15 MB (1.3 ms) where
// by member bumps eight million counters (4.5 ms). Terms in few documents are counted by their
// document lists instead (below).

/** Adds `n` to the counter that `counters[c]` names. */
@inline
function addTo(counters: usize, c: i32, counts: usize, n: i64): void {
  const counter = counts + ((<usize>load<u32>(counters + ((<usize>c) << 2))) << 2);
  store<u32>(counter, load<u32>(counter) + <u32>n);
}

/**
 * For each of `ncolumns` bitsets — column `picks[c]` of those `stride` words each, back to back from
 * `columns` — adds to the counter `counters[c]` the set bits of (set AND column) in words
 * [from, to), both even.
 *
 * Eight columns are read side by side, one word of each per set word: a million documents' columns
 * are megabytes that a search finds in main memory, not in cache, and eight streams at once keep
 * more of memory's reads in flight than one does (123 columns of a million documents, out of cache:
 * 2.4–2.5 ms one at a time, 1.4–1.6 four at a time, 1.4–1.5 eight at a time; in cache all take
 * ~0.9–1.1 ms).
 */
export function countColumns(
  words: usize,
  from: i32,
  to: i32,
  columns: usize,
  picks: usize,
  ncolumns: i32,
  stride: i32,
  counters: usize,
  counts: usize,
): void {
  const start = words + ((<usize>from) << 2);
  const bytes = (<usize>(to - from)) << 2;
  const sb = (<usize>stride) << 2;
  const base = columns + ((<usize>from) << 2);
  let c = 0;
  for (; c + 8 <= ncolumns; c += 8) {
    const pick = picks + ((<usize>c) << 2);
    const c0 = base + <usize>load<u32>(pick) * sb;
    const c1 = base + <usize>load<u32>(pick, 4) * sb;
    const c2 = base + <usize>load<u32>(pick, 8) * sb;
    const c3 = base + <usize>load<u32>(pick, 12) * sb;
    const c4 = base + <usize>load<u32>(pick, 16) * sb;
    const c5 = base + <usize>load<u32>(pick, 20) * sb;
    const c6 = base + <usize>load<u32>(pick, 24) * sb;
    const c7 = base + <usize>load<u32>(pick, 28) * sb;
    let a0: i64 = 0;
    let a1: i64 = 0;
    let a2: i64 = 0;
    let a3: i64 = 0;
    let a4: i64 = 0;
    let a5: i64 = 0;
    let a6: i64 = 0;
    let a7: i64 = 0;
    for (let i: usize = 0; i < bytes; i += 8) {
      const s = load<u64>(start + i);
      a0 += popcnt(s & load<u64>(c0 + i));
      a1 += popcnt(s & load<u64>(c1 + i));
      a2 += popcnt(s & load<u64>(c2 + i));
      a3 += popcnt(s & load<u64>(c3 + i));
      a4 += popcnt(s & load<u64>(c4 + i));
      a5 += popcnt(s & load<u64>(c5 + i));
      a6 += popcnt(s & load<u64>(c6 + i));
      a7 += popcnt(s & load<u64>(c7 + i));
    }
    addTo(counters, c, counts, a0);
    addTo(counters, c + 1, counts, a1);
    addTo(counters, c + 2, counts, a2);
    addTo(counters, c + 3, counts, a3);
    addTo(counters, c + 4, counts, a4);
    addTo(counters, c + 5, counts, a5);
    addTo(counters, c + 6, counts, a6);
    addTo(counters, c + 7, counts, a7);
  }
  // The last few, one at a time.
  for (; c < ncolumns; c++) {
    const column = base + <usize>load<u32>(picks + ((<usize>c) << 2)) * sb;
    let a: i64 = 0;
    let b: i64 = 0;
    let i: usize = 0;
    // Two sums, four words a step: the adds do not wait on each other.
    for (; i + 32 <= bytes; i += 32) {
      a += popcnt(load<u64>(start + i) & load<u64>(column + i));
      b += popcnt(load<u64>(start + i + 8) & load<u64>(column + i + 8));
      a += popcnt(load<u64>(start + i + 16) & load<u64>(column + i + 16));
      b += popcnt(load<u64>(start + i + 24) & load<u64>(column + i + 24));
    }
    for (; i < bytes; i += 8) a += popcnt(load<u64>(start + i) & load<u64>(column + i));
    addTo(counters, c, counts, a + b);
  }
}

/** The first index in docs[k, end) whose document is at or after `bound` (end when none is). */
@inline
function firstAtOrAfter(docs: usize, k: u32, end: u32, bound: u32): u32 {
  let hi = end;
  while (k < hi) {
    const mid = (k + hi) >>> 1;
    if (load<u32>(docs + ((<usize>mid) << 2)) < bound) k = mid + 1;
    else hi = mid;
  }
  return k;
}

/** 1 when document `d` is in the set at `words`. */
@inline
function member(words: usize, d: u32): u32 {
  return (load<u32>(words + ((<usize>(d >>> 5)) << 2)) >>> (d & 31)) & 1;
}

/**
 * For each of `nlists` ascending document lists (list l is docs[offsets[l] .. offsets[l + 1])),
 * adds to the counter `counters[l]` how many of its documents in [low, high) are in the set.
 */
export function countLists(
  words: usize,
  low: u32,
  high: u32,
  docs: usize,
  offsets: usize,
  nlists: i32,
  counters: usize,
  counts: usize,
): void {
  for (let l = 0; l < nlists; l++) {
    const first = load<u32>(offsets + ((<usize>l) << 2));
    const last = load<u32>(offsets + ((<usize>l + 1) << 2));
    if (first == last) continue;
    // The list's stretch in [low, high), by binary search at each end: a date range reads only its
    // span, and the loop below needs no test of where it stops.
    let k = load<u32>(docs + ((<usize>first) << 2)) >= low ? first : firstAtOrAfter(docs, first, last, low);
    const end = load<u32>(docs + ((<usize>(last - 1)) << 2)) < high ? last : firstAtOrAfter(docs, k, last, high);
    // Four documents a step into two sums: each test is a load and three operations, with no branch
    // (a list's documents are spread over the set, so a test per document is all there is to do).
    let a: u32 = 0;
    let b: u32 = 0;
    for (; k + 4 <= end; k += 4) {
      const at = docs + ((<usize>k) << 2);
      a += member(words, load<u32>(at));
      b += member(words, load<u32>(at, 4));
      a += member(words, load<u32>(at, 8));
      b += member(words, load<u32>(at, 12));
    }
    for (; k < end; k++) a += member(words, load<u32>(docs + ((<usize>k) << 2)));
    const counter = counts + ((<usize>load<u32>(counters + ((<usize>l) << 2))) << 2);
    store<u32>(counter, load<u32>(counter) + a + b);
  }
}

// Two-word phrases (positions.ts): the documents where the second word stands `gap` positions
// after the first, from the two words' position streams. The JavaScript pass decoded ~1.6 ns a
// byte of two synthetic 5 MB streams, this one ~1.1 (the varints' branches, not memory, are the
// cost). The streams pass through
// fixed windows the caller fills, so the memory stays small whatever the words (a WebAssembly
// memory never shrinks): the kernel stops and asks for a window from an offset when the posting it
// needs is not wholly in it, and for its matches to be taken when the output is full, and resumes
// from its state where it stopped.
//
// State (i32 each, at `state`): for stream A then B, the offset of its current posting's header, the
// document before that posting, its next skip entry not yet passed, its window's first and end
// offsets and the stream's length; then the matches written.

/** Body positions start here (positions.ts, BODY_START). */
const BODY_START: i32 = 1 << 12;
/** Bytes a posting's header may take: two varints of at most four bytes. */
const HEADER_BYTES: i32 = 8;

export const PAIR_DONE: i32 = 0;
export const PAIR_NEEDS_A: i32 = 1;
export const PAIR_NEEDS_B: i32 = 2;
export const PAIR_OUT_FULL: i32 = 3;

/** Field of a phrase (positions.ts, PhraseField): 0 any, 1 title, 2 body. */
@inline
function inField(start: i32, end: i32, field: i32): bool {
  const startsInBody = start >= BODY_START;
  if (field == 1 ? startsInBody : field == 2 ? !startsInBody : false) return false;
  return startsInBody || end < BODY_START;
}

/** The first skip entry from `entry` whose document before it is not below `target`. */
@inline
function passedEntries(skips: usize, nskips: i32, entry: i32, target: i32): i32 {
  let e = entry;
  while (e < nskips && load<i32>(skips + ((<usize>e) << 3)) < target) e++;
  return e;
}

/** Decoded by readVarint: the value and the address after it. */
let varintValue: i32 = 0;

@inline
function readVarint(at: usize): usize {
  let p = at;
  let byte = <i32>load<u8>(p++);
  let value = byte & 0x7f;
  for (let shift = 7; byte >= 0x80; shift += 7) {
    byte = <i32>load<u8>(p++);
    value |= (byte & 0x7f) << shift;
  }
  varintValue = value;
  return p;
}

export function pairStep(
  windowA: usize,
  windowB: usize,
  skipsA: usize,
  nskipsA: i32,
  skipsB: usize,
  nskipsB: i32,
  gap: i32,
  field: i32,
  out: usize,
  capacity: i32,
  state: usize,
): i32 {
  let atA = load<i32>(state, 0);
  let beforeA = load<i32>(state, 4);
  let entryA = load<i32>(state, 8);
  const startA = load<i32>(state, 12);
  const windowEndA = load<i32>(state, 16);
  const endA = load<i32>(state, 20);
  let atB = load<i32>(state, 24);
  let beforeB = load<i32>(state, 28);
  let entryB = load<i32>(state, 32);
  const startB = load<i32>(state, 36);
  const windowEndB = load<i32>(state, 40);
  const endB = load<i32>(state, 44);
  let n = load<i32>(state, 48);
  // The current posting of each stream, once its header is read: document, positions' offset and bytes.
  let parsedA = false;
  let parsedB = false;
  let docA = 0;
  let positionsA = 0;
  let lengthA = 0;
  let docB = 0;
  let positionsB = 0;
  let lengthB = 0;
  let result = PAIR_DONE;
  while (true) {
    if (!parsedA) {
      if (atA >= endA) break;
      if (atA + HEADER_BYTES > windowEndA && windowEndA < endA) {
        result = PAIR_NEEDS_A;
        break;
      }
      let p = readVarint(windowA + <usize>(atA - startA));
      docA = beforeA + varintValue;
      p = readVarint(p);
      lengthA = varintValue;
      positionsA = <i32>(p - windowA) + startA;
      parsedA = true;
    }
    if (!parsedB) {
      if (atB >= endB) break;
      if (atB + HEADER_BYTES > windowEndB && windowEndB < endB) {
        result = PAIR_NEEDS_B;
        break;
      }
      let p = readVarint(windowB + <usize>(atB - startB));
      docB = beforeB + varintValue;
      p = readVarint(p);
      lengthB = varintValue;
      positionsB = <i32>(p - windowB) + startB;
      parsedB = true;
    }
    if (docA < docB) {
      // A stream behind the other by whole blocks jumps to the block that may hold the other's document.
      const entry = passedEntries(skipsA, nskipsA, entryA, docB);
      if (entry > entryA) {
        entryA = entry;
        const offset = load<i32>(skipsA + ((<usize>entry) << 3) - 4);
        if (offset > atA) {
          atA = offset;
          beforeA = load<i32>(skipsA + ((<usize>entry) << 3) - 8);
          parsedA = false;
          continue;
        }
      }
      atA = positionsA + lengthA;
      beforeA = docA;
      parsedA = false;
      continue;
    }
    if (docB < docA) {
      const entry = passedEntries(skipsB, nskipsB, entryB, docA);
      if (entry > entryB) {
        entryB = entry;
        const offset = load<i32>(skipsB + ((<usize>entry) << 3) - 4);
        if (offset > atB) {
          atB = offset;
          beforeB = load<i32>(skipsB + ((<usize>entry) << 3) - 8);
          parsedB = false;
          continue;
        }
      }
      atB = positionsB + lengthB;
      beforeB = docB;
      parsedB = false;
      continue;
    }
    // Both hold the document: its positions must be in the windows, and room for a match.
    if (positionsA + lengthA > windowEndA) {
      result = PAIR_NEEDS_A;
      break;
    }
    if (positionsB + lengthB > windowEndB) {
      result = PAIR_NEEDS_B;
      break;
    }
    if (n == capacity) {
      result = PAIR_OUT_FULL;
      break;
    }
    // The two words' positions decoded side by side, each only as far as the check needs.
    let a = windowA + <usize>(positionsA - startA);
    const endPositionsA = a + <usize>lengthA;
    let b = windowB + <usize>(positionsB - startB);
    const endPositionsB = b + <usize>lengthB;
    let start = i32.MIN_VALUE;
    let position = 0;
    while (b < endPositionsB) {
      b = readVarint(b);
      position += varintValue;
      const want = position - gap;
      while (start < want && a < endPositionsA) {
        a = readVarint(a);
        start = start == i32.MIN_VALUE ? varintValue : start + varintValue;
      }
      if (start < want) break;
      if (start == want && inField(start, position, field)) {
        store<i32>(out + ((<usize>n) << 2), docA);
        n++;
        break;
      }
    }
    atA = positionsA + lengthA;
    beforeA = docA;
    parsedA = false;
    atB = positionsB + lengthB;
    beforeB = docB;
    parsedB = false;
  }
  store<i32>(state, atA, 0);
  store<i32>(state, beforeA, 4);
  store<i32>(state, entryA, 8);
  store<i32>(state, atB, 24);
  store<i32>(state, beforeB, 28);
  store<i32>(state, entryB, 32);
  store<i32>(state, n, 48);
  return result;
}
