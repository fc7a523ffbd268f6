/**
 * The facet-counting loop in WebAssembly (source: assembly/kernels.ts; why: see there). Each
 * index segment owns one kernel: its facet records live in the kernel's memory, built there in
 * place, beside room for the set being counted, the counters and the members' ordinals.
 *
 * Memory: the records (16 bytes per document with 8-bit counter indexes, 32 with 16-bit ones), one
 * bit and four bytes of scratch per document, four bytes per counter: about 20 MB at a million
 * documents when the counters fit in eight bits, as a site's taxonomy and years usually do.
 *
 * Why the narrowest counter index that fits: counting a large set streams its members' records
 * from memory, and the bytes streamed weigh more than the increments (a million synthetic records:
 * halving the record bytes saved 35–40% in a run where halving the increments saved 10–25%; on
 * the benchmark's million items, phrase searches 10% at the median).
 */
import type { Bitset } from './bitset.js';
import { instantiateKernels, type KernelExports, WASM_PAGE } from './wasm-kernels.js';

type CountFunction = KernelExports['count16'];

/** Bytes of a counter index: the fewest that can name every counter. */
function indexBytes(counters: number): 1 | 2 | 4 {
  return counters <= 0x100 ? 1 : counters <= 0x10000 ? 2 : 4;
}

const align = (bytes: number) => Math.ceil(bytes / 8) * 8;

export class FacetCountKernel {
  /** `slots` counter indexes per document, written by the builder. */
  readonly records: Uint8Array | Uint16Array | Uint32Array;
  private readonly words: Uint32Array;
  private readonly counts: Uint32Array;
  /** After `count`, the members' ordinals, ascending, in their first `n` entries. */
  readonly members: Uint32Array;
  private readonly run: CountFunction;
  private readonly bits: KernelExports['popcountRange'];
  private readonly at: { records: number; words: number; counts: number; scratch: number };

  constructor(size: number, slots: number, counters: number) {
    const bytes = indexBytes(counters);
    const recordBytes = align(size * slots * bytes);
    const wordCount = (size + 31) >>> 5;
    const wordBytes = align(wordCount * 4);
    const counterBytes = align(counters * 4);
    this.at = {
      records: 0,
      words: recordBytes,
      counts: recordBytes + wordBytes,
      scratch: recordBytes + wordBytes + counterBytes,
    };
    const pages = Math.max(1, Math.ceil((this.at.scratch + size * 4) / WASM_PAGE));
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const kernels = instantiateKernels(memory);
    this.run = bytes === 1 ? kernels.count8 : bytes === 2 ? kernels.count16 : kernels.count32;
    this.bits = kernels.popcountRange;
    const buffer = memory.buffer;
    const Records = bytes === 1 ? Uint8Array : bytes === 2 ? Uint16Array : Uint32Array;
    this.records = new Records(buffer, 0, size * slots);
    this.words = new Uint32Array(buffer, this.at.words, wordCount);
    this.counts = new Uint32Array(buffer, this.at.counts, counters);
    this.members = new Uint32Array(buffer, this.at.scratch, size);
  }

  /** Members of the set last counted with ordinals in [from, to). */
  countBits(from: number, to: number): number {
    return this.bits(this.at.words, from, to);
  }

  /** Adds one to every counter of every member of `set`; the counters (a copy) and the member count. */
  count(set: Bitset): { counts: Uint32Array; n: number } {
    this.words.set(set.words);
    this.counts.fill(0);
    const { records, words, counts, scratch } = this.at;
    const n = this.run(records, words, this.words.length, counts, scratch);
    return { counts: this.counts.slice(), n };
  }
}
