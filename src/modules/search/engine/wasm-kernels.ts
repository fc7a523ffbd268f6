/**
 * The engine's WebAssembly kernels (source: assembly/kernels.ts, embedded compiled in
 * kernels.wasm.ts): compiled once per thread, instantiated over a memory its user owns.
 */
import { WASM_BASE64 } from './kernels.wasm.js';

export interface KernelExports {
  count8(records: number, words: number, nwords: number, counts: number, scratch: number): number;
  count16(records: number, words: number, nwords: number, counts: number, scratch: number): number;
  count32(records: number, words: number, nwords: number, counts: number, scratch: number): number;
  popcount(words: number, nwords: number): number;
  popcountRange(words: number, from: number, to: number): number;
  countColumns(
    words: number,
    from: number,
    to: number,
    columns: number,
    picks: number,
    ncolumns: number,
    stride: number,
    counters: number,
    counts: number,
  ): void;
  pairStep(
    windowA: number,
    windowB: number,
    skipsA: number,
    nskipsA: number,
    skipsB: number,
    nskipsB: number,
    gap: number,
    field: number,
    out: number,
    capacity: number,
    state: number,
  ): number;
  countLists(
    words: number,
    low: number,
    high: number,
    docs: number,
    offsets: number,
    nlists: number,
    counters: number,
    counts: number,
  ): void;
}

export const WASM_PAGE = 65536;
let compiled: WebAssembly.Module | null = null;

export function instantiateKernels(memory: WebAssembly.Memory): KernelExports {
  compiled ??= new WebAssembly.Module(Buffer.from(WASM_BASE64, 'base64'));
  return new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as KernelExports;
}

/** Below this many words JavaScript counts faster than a copy into the kernel's memory. */
const POPCOUNT_IN_KERNEL_FROM = 512;
let popcountMemory: WebAssembly.Memory | null = null;
let popcountKernel: KernelExports | null = null;

/** Set bits in `words`: in the kernel for large sets (copied into a memory kept for this). */
export function popcountWords(words: Uint32Array, countInJs: (words: Uint32Array) => number): number {
  if (words.length < POPCOUNT_IN_KERNEL_FROM) return countInJs(words);
  const bytes = words.length * 4;
  if (!popcountMemory || popcountMemory.buffer.byteLength < bytes) {
    popcountMemory = new WebAssembly.Memory({ initial: Math.ceil(bytes / WASM_PAGE) });
    popcountKernel = instantiateKernels(popcountMemory);
  }
  new Uint32Array(popcountMemory.buffer, 0, words.length).set(words);
  return popcountKernel!.popcount(0, words.length);
}
