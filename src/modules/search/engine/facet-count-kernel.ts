/**
 * The facet-counting loop in WebAssembly (source: assembly/kernels.ts; why: see there). Each
 * index segment owns one kernel: its facet records live in the kernel's memory, built there in
 * place, beside room for the set being counted, the counters and the members' ordinals.
 *
 * Memory: the records (32 bytes per document with 16-bit counter indexes), one bit and four bytes
 * of scratch per document, four bytes per counter: about 36 MB at a million documents.
 */
import type { Bitset } from './bitset.js';
import { instantiateKernels, type KernelExports, WASM_PAGE } from './wasm-kernels.js';

type CountFunction = KernelExports['count16'];

const align = (bytes: number) => Math.ceil(bytes / 8) * 8;

export class FacetCountKernel {
  /** `slots` counter indexes per document, written by the builder. */
  readonly records: Uint16Array | Uint32Array;
  private readonly words: Uint32Array;
  private readonly counts: Uint32Array;
  /** After `count`, the members' ordinals, ascending, in their first `n` entries. */
  readonly members: Uint32Array;
  private readonly run: CountFunction;
  private readonly at: { records: number; words: number; counts: number; scratch: number };

  constructor(size: number, slots: number, counters: number) {
    const wide = counters > 0x10000;
    const recordBytes = align(size * slots * (wide ? 4 : 2));
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
    this.run = wide ? kernels.count32 : kernels.count16;
    const buffer = memory.buffer;
    this.records = wide ? new Uint32Array(buffer, 0, size * slots) : new Uint16Array(buffer, 0, size * slots);
    this.words = new Uint32Array(buffer, this.at.words, wordCount);
    this.counts = new Uint32Array(buffer, this.at.counts, counters);
    this.members = new Uint32Array(buffer, this.at.scratch, size);
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
