/**
 * Word positions, for exact phrases: "freedom of the media" matches a document only where those
 * words stand in that order, with the stop words' gaps between them.
 *
 * Positions are most of an index's size (~420 tokens per generated document: ~1 KB a document
 * encoded, a gigabyte at a million, against ~550 MB for everything else), so past a budget they
 * leave memory for a file the builder appends to, and a phrase reads only its words' streams
 * (page cache, not this process's heap). The file is unlinked as soon as it is made, so nothing is
 * ever left behind, even by a killed process; other threads of the process open it again through
 * /proc/self/fd (Linux; elsewhere positions stay in memory).
 *
 * A word's stream lists, in the order documents were added to the builder, each posting as
 * varints: the document's number (difference from the previous posting's), how many bytes its
 * positions take (so a posting not wanted is skipped in one step), and the positions
 * (differences, the first from 0). Title positions come first; body positions
 * start at BODY_START, so a phrase never spans the two and `title:`/`body:` phrases tell them apart.
 * Documents are numbered as added; `ordinalOf` maps them to the index's ordinals once the builder
 * has renumbered them in date order (null when they arrived in it).
 *
 * Every SKIP_EVERY postings a word's stream gets a skip entry (the document before that posting, the
 * posting's offset), so one document's positions are found by reading one block of the stream, not
 * the stream from its start: closeness ranking looks up a few dozen documents of common words.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Bitset } from './bitset.js';
import { instantiateKernels, type KernelExports, WASM_PAGE } from './wasm-kernels.js';

/** Body positions start here; title tokens past TITLE_POSITIONS get none (titles are short). */
export const BODY_START = 1 << 12;
export const TITLE_POSITIONS = BODY_START >>> 1;

/** Bytes of positions held in memory while building before they go to a file (Linux only). */
export const DEFAULT_SPILL_BYTES = 64 * 1024 * 1024;

const spillSupported = process.platform === 'linux';

const NO_SKIPS = new Int32Array(0);

/** Postings between two skip entries of a word's stream (a block read to find one document). */
export const SKIP_EVERY = 64;

const varintLength = (value: number) => (value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : 4);

/** One word's stream while building: bytes not yet written, and where earlier ones went. */
export class WordPositions {
  bytes = new Uint8Array(8);
  length = 0;
  /** Number of the word's previous posting (streams store differences). */
  lastDoc = 0;
  /** Offset and length of each chunk already in the file, in order. */
  chunks: number[] | null = null;
  /** Bytes of the stream already in the file. */
  spilled = 0;
  postings = 0;
  /** Skip entries as pairs: document before the block's first posting, that posting's offset. */
  skips: Int32Array | null = null;
  skipLength = 0;

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  private varint(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.length++] = v;
  }

  /** Appends document `doc`'s positions (ascending): `count` of them from `from` in `positions`. */
  append(doc: number, positions: Int32Array, from: number, count: number): number {
    const before = this.length;
    let bytes = 0;
    let last = 0;
    for (let k = from; k < from + count; k++) {
      bytes += varintLength(positions[k]! - last);
      last = positions[k]!;
    }
    this.room(10 + bytes);
    if (this.postings > 0 && this.postings % SKIP_EVERY === 0)
      this.skip(this.lastDoc, this.spilled + this.length);
    this.postings++;
    this.varint(doc - this.lastDoc);
    this.lastDoc = doc;
    this.varint(bytes);
    last = 0;
    for (let k = from; k < from + count; k++) {
      const p = positions[k]!;
      this.varint(p - last);
      last = p;
    }
    return this.length - before;
  }

  private skip(before: number, offset: number): void {
    if (!this.skips || this.skipLength + 2 > this.skips.length) {
      const next = new Int32Array(Math.max(8, this.skipLength * 2));
      if (this.skips) next.set(this.skips);
      this.skips = next;
    }
    this.skips[this.skipLength++] = before;
    this.skips[this.skipLength++] = offset;
  }
}

/** The finished positions of one index: in memory, in a file, or both (tests compare them). */
export interface PositionsData {
  /** Streams held in memory (every word's, when the build never spilled). */
  readonly streams: ReadonlyMap<string, Uint8Array> | null;
  /** The file's descriptor in the building thread, and each word's chunks in it. */
  readonly file: {
    readonly fd: number;
    readonly tag: string;
    readonly chunks: ReadonlyMap<string, readonly number[]>;
  } | null;
  /** Ordinal of each document by the number it was added under; null when those are equal. */
  readonly ordinalOf: Uint32Array | null;
  /** Every word's skip entries, one after another (pairs, see WordPositions.skips). */
  readonly skips: Int32Array;
  /** Where each word's skip entries start in `skips`, and how many pairs (words with any). */
  readonly skipAt: ReadonlyMap<string, readonly [number, number]>;
}

const closer = new FinalizationRegistry<number>((fd) => {
  try {
    fs.closeSync(fd);
  } catch {
    // Already closed: nothing to release.
  }
});

/** Appends the builder's streams to an unlinked file once they outgrow `spillBytes`. */
export class PositionWriter {
  private fd = -1;
  private tag = '';
  private written = 0;
  private held = 0;

  /** Whether streams go to a file past the budget: Linux, and a temporary directory that takes one. */
  private spilling = spillSupported;

  constructor(private readonly spillBytes = DEFAULT_SPILL_BYTES) {}

  /** Notes `bytes` more held in memory; spills every stream of `words` when over budget. */
  grew(bytes: number, words: Iterable<WordPositions>): void {
    this.held += bytes;
    if (this.held > this.spillBytes && this.spilling) this.spill(words);
  }

  private spill(words: Iterable<WordPositions>): void {
    if (this.fd < 0) {
      const file = path.join(
        os.tmpdir(),
        `dateline-positions-${process.pid}-${randomBytes(6).toString('hex')}`,
      );
      try {
        this.fd = fs.openSync(file, 'wx+', 0o600);
      } catch {
        // No file to be had (a read-only or missing TMPDIR): positions stay in memory.
        this.spilling = false;
        return;
      }
      fs.unlinkSync(file);
      // A tag at the start lets a thread opening the file again through its descriptor's number
      // check that the number still names this file.
      this.tag = randomBytes(16).toString('hex');
      this.written = fs.writeSync(this.fd, Buffer.from(this.tag, 'latin1'), 0, 32, 0);
    }
    // One write per spill: the streams' bytes gathered in one buffer.
    const buffer = Buffer.allocUnsafe(this.held);
    let at = 0;
    for (const w of words) {
      if (w.length === 0) continue;
      buffer.set(w.bytes.subarray(0, w.length), at);
      w.chunks ??= [];
      w.chunks.push(this.written + at, w.length);
      w.spilled += w.length;
      at += w.length;
      w.bytes = new Uint8Array(8);
      w.length = 0;
    }
    let done = 0;
    while (done < at) done += fs.writeSync(this.fd, buffer, done, at - done, this.written + done);
    this.written += at;
    this.held = 0;
  }

  /** The finished positions; `place` puts in-memory streams where the index's arrays go. */
  finish(
    words: ReadonlyMap<string, WordPositions>,
    ordinalOf: Uint32Array | null,
    place: <T extends Uint8Array | Int32Array>(array: T) => T,
  ): PositionsData {
    let pairs = 0;
    for (const w of words.values()) pairs += w.skipLength;
    const packed = new Int32Array(pairs);
    const skipAt = new Map<string, readonly [number, number]>();
    let at = 0;
    for (const [word, w] of words) {
      if (!w.skips || w.skipLength === 0) continue;
      packed.set(w.skips.subarray(0, w.skipLength), at);
      skipAt.set(word, [at, w.skipLength >>> 1]);
      at += w.skipLength;
      w.skips = null;
    }
    const skips = place(packed);
    if (this.fd >= 0) {
      this.spill(words.values());
      const chunks = new Map<string, readonly number[]>();
      for (const [word, w] of words) if (w.chunks) chunks.set(word, w.chunks);
      const data = { streams: null, file: { fd: this.fd, tag: this.tag, chunks }, ordinalOf, skips, skipAt };
      // The file lives while this thread's index does: other threads opened their own descriptors
      // when they adopted it (PositionReader), and a late one finds the tag gone and does without.
      closer.register(data, this.fd);
      return data;
    }
    const streams = new Map<string, Uint8Array>();
    for (const [word, w] of words) if (w.length > 0) streams.set(word, place(w.bytes.subarray(0, w.length)));
    return { streams, file: null, ordinalOf, skips, skipAt };
  }
}

/**
 * Bytes of positions an index holds in memory (streams kept there, and every word's skip entries)
 * and in its file (benchmarks, operators' figures).
 */
export function positionBytes(data: PositionsData): { inMemory: number; inFile: number } {
  let inMemory = data.skips.byteLength;
  if (data.streams) for (const stream of data.streams.values()) inMemory += stream.length;
  let inFile = 0;
  if (data.file)
    for (const chunks of data.file.chunks.values())
      for (let i = 1; i < chunks.length; i += 2) inFile += chunks[i]!;
  return { inMemory, inFile };
}

/**
 * Reads the positions of an index. In another thread than the one that built it, it opens the
 * file again through the builder's descriptor; if that no longer names the file (the building
 * thread dropped that index meanwhile), `available` is false and phrases are matched as all their
 * words, unverified, until the next snapshot.
 */
export class PositionReader {
  private readonly fd: number;
  readonly available: boolean;

  constructor(private readonly data: PositionsData) {
    let fd = -1;
    if (data.file) {
      try {
        fd = fs.openSync(`/proc/self/fd/${data.file.fd}`, 'r');
        const tag = Buffer.alloc(32);
        fs.readSync(fd, tag, 0, 32, 0);
        if (tag.toString('latin1') !== data.file.tag) {
          fs.closeSync(fd);
          fd = -1;
        }
      } catch {
        fd = -1;
      }
      if (fd >= 0) closer.register(this, fd);
    }
    this.fd = fd;
    this.available = data.file === null || fd >= 0;
  }

  /** Decoded positions of the last `positionsIn`, and the bytes read for it. */
  private found = new Int32Array(64);
  private block: Buffer = Buffer.allocUnsafe(4096);
  private readonly head = new Int32Array(2);

  /**
   * The positions of `word` in the document added as `doc` (a view valid until the next call), or
   * null when it holds none: the one block of the word's stream that may hold the document, found
   * by its skip entries, is read and decoded up to it.
   */
  positionsIn(word: string, doc: number): Int32Array | null {
    const length = this.streamLength(word);
    if (length === 0) return null;
    let from = 0;
    let to = length;
    let before = 0;
    const at = this.data.skipAt.get(word);
    if (at) {
      const { skips } = this.data;
      // The last entry whose document before it is below `doc`: its block is the first that may hold it.
      let low = 0;
      let high = at[1];
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (skips[at[0] + 2 * mid]! < doc) low = mid + 1;
        else high = mid;
      }
      if (low > 0) {
        before = skips[at[0] + 2 * (low - 1)]!;
        from = skips[at[0] + 2 * (low - 1) + 1]!;
      }
      if (low < at[1]) to = skips[at[0] + 2 * low + 1]!;
    }
    const bytes = this.range(word, from, to);
    if (!bytes) return null;
    const { head } = this;
    let p = 0;
    let current = before;
    while (p < bytes.length) {
      p = readHeader(bytes, p, head);
      current += head[0]!;
      if (current > doc) return null;
      if (current === doc) {
        if (this.found.length < head[1]!) this.found = new Int32Array(head[1]! * 2);
        return this.found.subarray(0, readPositions(bytes, p, head[1]!, this.found));
      }
      p += head[1]!;
    }
    return null;
  }

  /** The word's skip entries (pairs: document before a block, the block's offset), or null. */
  skipsOf(word: string): Int32Array | null {
    const at = this.data.skipAt.get(word);
    return at ? this.data.skips.subarray(at[0], at[0] + 2 * at[1]) : null;
  }

  /** Bytes of the word's stream, in memory or in the file. */
  streamLength(word: string): number {
    const { streams, file } = this.data;
    if (streams) return streams.get(word)?.length ?? 0;
    const chunks = file?.chunks.get(word);
    if (!chunks || this.fd < 0) return 0;
    let total = 0;
    for (let i = 1; i < chunks.length; i += 2) total += chunks[i]!;
    return total;
  }

  /** Bytes `from` to `to` of the word's stream (a view of a buffer the next call reuses). */
  private range(word: string, from: number, to: number): Uint8Array | null {
    const { streams, file } = this.data;
    if (streams) return streams.get(word)?.subarray(from, to) ?? null;
    const chunks = file?.chunks.get(word);
    if (!chunks || this.fd < 0) return null;
    if (this.block.length < to - from) this.block = Buffer.allocUnsafe((to - from) * 2);
    const read = this.readChunks(chunks, from, to, this.block);
    return new Uint8Array(this.block.buffer, this.block.byteOffset, read);
  }

  /**
   * Reads bytes `from` to `to` of a stream spilled in `chunks` (offset and length of each, in
   * order) into the start of `into`; returns how many.
   */
  private readChunks(chunks: readonly number[], from: number, to: number, into: Buffer): number {
    let start = 0;
    let at = 0;
    for (let i = 0; i < chunks.length && start < to; i += 2) {
      const length = chunks[i + 1]!;
      const lo = Math.max(from, start);
      const hi = Math.min(to, start + length);
      for (let done = 0; done < hi - lo; ) {
        const n = fs.readSync(this.fd, into, at + done, hi - lo - done, chunks[i]! + lo - start + done);
        if (n === 0) throw new Error('Positions file ended early');
        done += n;
      }
      at += Math.max(0, hi - lo);
      start += length;
    }
    return at;
  }

  /** Reads bytes `from` to `to` of the word's stream into the start of `into`; returns how many. */
  readInto(word: string, from: number, to: number, into: Buffer): number {
    const { streams, file } = this.data;
    if (streams) {
      const bytes = streams.get(word)?.subarray(from, to);
      if (!bytes) return 0;
      into.set(bytes);
      return bytes.length;
    }
    const chunks = file?.chunks.get(word);
    if (!chunks || this.fd < 0) return 0;
    return this.readChunks(chunks, from, to, into);
  }

  private pairs: PairKernel | null = null;

  /** The two-word phrase pass of this reader (see PairKernel), made on the first such phrase. */
  get pairKernel(): PairKernel {
    this.pairs ??= new PairKernel();
    return this.pairs;
  }

  /** The word's whole stream, or null when no document holds it. */
  stream(word: string): Uint8Array | null {
    const { streams, file } = this.data;
    if (streams) return streams.get(word) ?? null;
    const chunks = file?.chunks.get(word);
    if (!chunks || this.fd < 0) return null;
    const total = this.streamLength(word);
    const out = Buffer.allocUnsafe(total);
    this.readChunks(chunks, 0, total, out);
    return out;
  }
}

/** Where a phrase may stand: anywhere (not across title and body), in the title, in the body. */
export type PhraseField = 'title' | 'body' | undefined;

/**
 * Documents (as index ordinals) where `words` stand at `offsets` from the first (stop words leave
 * gaps), within one field: one pass over the words' streams together, in document order. Written
 * as flat loops over typed arrays (each word's cursor a slot of a few Int32Arrays): as methods of a
 * cursor object the pass ran at ~50 MB of stream a second, measured on 200k generated items.
 */
export function phraseDocuments(
  reader: PositionReader,
  ordinalOf: Uint32Array | null,
  size: number,
  words: readonly string[],
  offsets: readonly number[],
  field: PhraseField,
): Bitset {
  const out = new Bitset(size);
  const k = words.length;
  if (k === 2) {
    reader.pairKernel.documents(reader, words[0]!, words[1]!, offsets[1]!, field, ordinalOf, out);
    return out;
  }
  const streams: Uint8Array[] = [];
  const skips: Int32Array[] = [];
  for (const word of words) {
    const bytes = reader.stream(word);
    if (!bytes) return out;
    // A Buffer seen as a plain Uint8Array: one element kind for every stream keeps the loops monomorphic.
    streams.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
    skips.push(reader.skipsOf(word) ?? NO_SKIPS);
  }
  /** Each stream's next skip entry not yet passed. */
  const skipped = new Int32Array(k);
  const at = new Int32Array(k);
  const doc = new Int32Array(k);
  /** Bytes of the current posting's positions. */
  const count = new Int32Array(k);
  const head = new Int32Array(2);
  const lists: Int32Array[] = [];
  for (let i = 0; i < k; i++) {
    lists.push(new Int32Array(64));
    if (!nextPosting(streams[i]!, at, doc, count, head, i)) return out;
  }
  const counts = new Int32Array(k);
  const index = new Int32Array(k);
  const wantOffsets = Int32Array.from(offsets);
  const outWords = out.words;
  for (;;) {
    let target = doc[0]!;
    for (let i = 1; i < k; i++) if (doc[i]! > target) target = doc[i]!;
    let all = true;
    for (let i = 0; i < k; i++) {
      if (doc[i] === target) continue;
      all = false;
      const bytes = streams[i]!;
      // Skip the blocks wholly before the target, then its postings before it, positions unread.
      const list = skips[i]!;
      const entry = passedEntries(list, skipped[i]!, target);
      if (entry > skipped[i]!) {
        skipped[i] = entry;
        const offset = list[2 * entry - 1]!;
        if (offset > at[i]!) {
          at[i] = offset;
          doc[i] = list[2 * entry - 2]!;
          if (!nextPosting(bytes, at, doc, count, head, i)) return out;
        }
      }
      while (doc[i]! < target) {
        at[i]! += count[i]!;
        if (!nextPosting(bytes, at, doc, count, head, i)) return out;
      }
    }
    if (!all) continue;
    for (let i = 0; i < k; i++) {
      // At most one position a byte.
      if (count[i]! > lists[i]!.length) lists[i] = new Int32Array(count[i]! * 2);
      counts[i] = readPositions(streams[i]!, at[i]!, count[i]!, lists[i]!);
      at[i]! += count[i]!;
    }
    if (standsAt(lists, counts, index, wantOffsets, field)) {
      const d = ordinalOf ? ordinalOf[target]! : target;
      outWords[d >>> 5]! |= 1 << (d & 31);
    }
    for (let i = 0; i < k; i++) if (!nextPosting(streams[i]!, at, doc, count, head, i)) return out;
  }
}

/** Bytes of each stream's window in the two-word pass (grown for a posting longer than that). */
const PAIR_WINDOW_BYTES = 256 * 1024;
/** Matches the two-word pass writes before they are taken into the set. */
const PAIR_MATCHES = 4096;
/** The kernel's answers (assembly/kernels.ts, pairStep). */
const PAIR_DONE = 0;
const PAIR_NEEDS_A = 1;
const PAIR_OUT_FULL = 3;
/** The kernel's state: 13 numbers (see pairStep), from byte 0 of its memory. */
const PAIR_STATE_BYTES = 64;
const FIELD_CODE = { title: 1, body: 2 } as const;

/**
 * The two-word case, most phrases: the WebAssembly kernel `pairStep` walks both words' streams
 * together, decoding a shared document's positions side by side only as far as the check needs;
 * decoding varints is most of the pass's cost, and the kernel's pass takes about four fifths of
 * the JavaScript loop's time, reads included (the 1M benchmark's 50 phrase forms: 601 → 476 ms,
 * same documents; ARCHITECTURE, "Exact phrases"). The streams go through two fixed windows that
 * this fills from the reader (the file, or memory) as the kernel asks, so its memory holds a window
 * of each word, not their whole streams (megabytes each for common words at a million documents):
 * a WebAssembly memory never shrinks.
 */
export class PairKernel {
  private memory: WebAssembly.Memory;
  private kernel: KernelExports;

  constructor(
    private window = PAIR_WINDOW_BYTES,
    private readonly capacity = PAIR_MATCHES,
  ) {
    this.memory = new WebAssembly.Memory({ initial: 1 });
    this.kernel = instantiateKernels(this.memory);
  }

  /** Sets in `out` the documents (as index ordinals) where `second` stands `gap` positions after `first`. */
  documents(
    reader: PositionReader,
    first: string,
    second: string,
    gap: number,
    field: PhraseField,
    ordinalOf: Uint32Array | null,
    out: Bitset,
  ): void {
    const endA = reader.streamLength(first);
    const endB = reader.streamLength(second);
    if (endA === 0 || endB === 0) return;
    const skipsA = reader.skipsOf(first) ?? NO_SKIPS;
    const skipsB = reader.skipsOf(second) ?? NO_SKIPS;
    const skipWords = skipsA.length + skipsB.length;
    // Memory: the state, the matches, the two windows, the two words' skip entries.
    const matches = PAIR_STATE_BYTES;
    const windowA = matches + this.capacity * 4;
    let windowB = windowA + this.window;
    let skipsAt = windowB + this.window;
    this.room(skipsAt + skipWords * 4);
    const heap = new Int32Array(this.memory.buffer);
    heap.set(skipsA, skipsAt >>> 2);
    heap.set(skipsB, (skipsAt >>> 2) + skipsA.length);
    const start = this.state();
    start.fill(0);
    start[5] = endA;
    start[11] = endB;
    this.fill(reader, first, start, 0, windowA);
    this.fill(reader, second, start, 6, windowB);
    const fieldCode = field ? FIELD_CODE[field] : 0;
    const outWords = out.words;
    for (;;) {
      const result = this.kernel.pairStep(
        windowA,
        windowB,
        skipsAt,
        skipsA.length >>> 1,
        skipsAt + skipsA.length * 4,
        skipsB.length >>> 1,
        gap,
        fieldCode,
        matches,
        this.capacity,
        0,
      );
      // A view made anew after each step: growing the memory detaches the last one.
      const state = this.state();
      const n = state[12]!;
      if (result === PAIR_DONE || result === PAIR_OUT_FULL) {
        const found = new Int32Array(this.memory.buffer, matches, n);
        for (let i = 0; i < n; i++) {
          const d = ordinalOf ? ordinalOf[found[i]!]! : found[i]!;
          outWords[d >>> 5]! |= 1 << (d & 31);
        }
        state[12] = 0;
        if (result === PAIR_DONE) return;
        continue;
      }
      // A window to fill from the current posting of its stream: a posting longer than a whole
      // window (a word repeated through a long document) grows both windows first.
      const isA = result === PAIR_NEEDS_A;
      const base = isA ? 0 : 6;
      const at = state[base]!;
      if (state[base + 3] === at && state[base + 4]! < state[base + 5]!) {
        this.window *= 2;
        const oldSkipsAt = skipsAt;
        windowB = windowA + this.window;
        skipsAt = windowB + this.window;
        this.room(skipsAt + skipWords * 4);
        new Int32Array(this.memory.buffer).copyWithin(
          skipsAt >>> 2,
          oldSkipsAt >>> 2,
          (oldSkipsAt >>> 2) + skipWords,
        );
        // Both windows refilled from their current postings (B's window moved).
        const grown = this.state();
        this.fill(reader, first, grown, 0, windowA);
        this.fill(reader, second, grown, 6, windowB);
        continue;
      }
      this.fill(reader, isA ? first : second, state, base, isA ? windowA : windowB);
    }
  }

  /** Bytes of the kernel's memory (tests: its windows, not the streams). */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  private state(): Int32Array {
    return new Int32Array(this.memory.buffer, 0, PAIR_STATE_BYTES >>> 2);
  }

  /** Fills a stream's window from its current posting (state from `base`: A at 0, B at 6). */
  private fill(reader: PositionReader, word: string, state: Int32Array, base: number, window: number): void {
    const at = state[base]!;
    const end = Math.min(state[base + 5]!, at + this.window);
    const read = reader.readInto(word, at, end, Buffer.from(this.memory.buffer, window, end - at));
    if (read !== end - at) throw new Error('Positions stream ended early');
    state[base + 3] = at;
    state[base + 4] = end;
  }

  /** Grows the memory to at least `bytes`. */
  private room(bytes: number): void {
    const more = Math.ceil((bytes - this.memory.buffer.byteLength) / WASM_PAGE);
    if (more > 0) this.memory.grow(more);
  }
}

/**
 * Reads a posting's header at `at` into `head` (document difference, positions' bytes); returns
 * where its positions start. Every value in a stream (documents, positions) stays below 2^28: at
 * most four varint bytes, so plain shifts.
 */
function readHeader(bytes: Uint8Array, at: number, head: Int32Array): number {
  let p = at;
  let byte = bytes[p++]!;
  let value = byte & 0x7f;
  for (let shift = 7; byte >= 0x80; shift += 7) {
    byte = bytes[p++]!;
    value |= (byte & 0x7f) << shift;
  }
  head[0] = value;
  byte = bytes[p++]!;
  value = byte & 0x7f;
  for (let shift = 7; byte >= 0x80; shift += 7) {
    byte = bytes[p++]!;
    value |= (byte & 0x7f) << shift;
  }
  head[1] = value;
  return p;
}

/**
 * The first skip entry from `entry` whose document before it is not below `target`: every block
 * before it holds only documents below the target (pairs: document before a block, its offset).
 */
function passedEntries(skips: Int32Array, entry: number, target: number): number {
  let e = entry;
  while (2 * e < skips.length && skips[2 * e]! < target) e++;
  return e;
}

/** Whether a phrase from `start` to `end` lies in one field, the one asked for if any. */
function inField(start: number, end: number, field: PhraseField): boolean {
  const startsInBody = start >= BODY_START;
  if (field === 'title' ? startsInBody : field === 'body' ? !startsInBody : false) return false;
  return startsInBody || end < BODY_START;
}

/** Moves stream i to its next posting (document and positions' length); false at the stream's end. */
function nextPosting(
  bytes: Uint8Array,
  at: Int32Array,
  doc: Int32Array,
  count: Int32Array,
  head: Int32Array,
  i: number,
): boolean {
  if (at[i]! >= bytes.length) return false;
  at[i] = readHeader(bytes, at[i]!, head);
  doc[i]! += head[0]!;
  count[i] = head[1]!;
  return true;
}

/** Decodes a posting's positions, `length` bytes from `at`, into `into`; returns how many. */
function readPositions(bytes: Uint8Array, at: number, length: number, into: Int32Array): number {
  let p = at;
  const end = at + length;
  let position = 0;
  let n = 0;
  while (p < end) {
    let byte = bytes[p++]!;
    let value = byte & 0x7f;
    for (let shift = 7; byte >= 0x80; shift += 7) {
      byte = bytes[p++]!;
      value |= (byte & 0x7f) << shift;
    }
    position += value;
    into[n++] = position;
  }
  return n;
}

/** Whether some position p of the first word has every other word i at p + offsets[i], in one field. */
function standsAt(
  lists: readonly Int32Array[],
  counts: Int32Array,
  index: Int32Array,
  offsets: Int32Array,
  field: PhraseField,
): boolean {
  index.fill(0);
  const first = lists[0]!;
  const span = offsets[offsets.length - 1]!;
  for (let j = 0; j < counts[0]!; j++) {
    const p = first[j]!;
    if (!inField(p, p + span, field)) continue;
    let every = true;
    for (let i = 1; i < lists.length; i++) {
      const want = p + offsets[i]!;
      const list = lists[i]!;
      let at = index[i]!;
      while (at < counts[i]! && list[at]! < want) at++;
      index[i] = at;
      if (at === counts[i]!) return false;
      if (list[at] !== want) {
        every = false;
        break;
      }
    }
    if (every) return true;
  }
  return false;
}
