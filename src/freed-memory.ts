/**
 * Hands back to the system the memory the C allocator keeps after it was freed: glibc's
 * `malloc_trim`, called through koffi (a foreign function interface with prebuilt binaries, so
 * nothing is compiled at install).
 *
 * Why: glibc returns a free block to the system only when it is at the top of its heap or was
 * mapped on its own (bin/malloc-tuning.js makes every block of 64 KiB or more one such). Building
 * the search index allocates and frees millions of smaller buffers (each word's postings and
 * positions grow by doubling) in the building thread's heap, between blocks that stay, and glibc
 * keeps those holes resident for good. At a million items, after the server's build and practice,
 * one heap held 260 MB for 67 MB in use: `malloc_trim(0)` then gave back 215 MB, and the server
 * after the benchmark's load was ~1.2 GB resident against 1.34–1.52 (docs/ARCHITECTURE.md, "Freed
 * memory handed back"). Trimming walks every heap under its lock (25–30 ms in all at 1M), so a
 * thread allocating meanwhile waits: it is done when a build is over, not per request.
 *
 * Elsewhere (macOS, musl) there is no such call and nothing is done.
 */
import { createRequire } from 'node:module';

type Trim = (pad: number) => number;

/** The bound `malloc_trim`; null where there is none; undefined until first asked. */
let trim: Trim | null | undefined;

function boundTrim(): Trim | null {
  if (trim !== undefined) return trim;
  trim = null;
  if (process.platform !== 'linux') return trim;
  try {
    // Loaded when first needed, not with the module: commands that never trim do not load it.
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    trim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)') as Trim;
  } catch {
    // Not glibc (no libc.so.6, or no malloc_trim in it), or no binary of koffi's for this machine.
    trim = null;
  }
  return trim;
}

export interface Released {
  /** Whether this platform has the call (glibc): when false, nothing was done. */
  readonly available: boolean;
  /** How much smaller the process's resident memory was afterwards, in MB (never negative). */
  readonly mb: number;
  readonly ms: number;
}

/** Returns the allocator's free memory to the system now (all threads' heaps). */
export function releaseFreedMemory(): Released {
  const call = boundTrim();
  if (!call) return { available: false, mb: 0, ms: 0 };
  const before = process.memoryUsage.rss();
  const started = performance.now();
  call(0);
  const ms = Number((performance.now() - started).toFixed(1));
  return { available: true, mb: Math.max(0, Math.round((before - process.memoryUsage.rss()) / 2 ** 20)), ms };
}

/**
 * After an index rebuild: freed buffers reach the allocator only once the garbage collector has
 * let their arrays go, which for the last of a build takes a while, so trimming waits.
 */
export const RELEASE_DELAY_MS = 30_000;

let pending: Promise<Released> | null = null;

/**
 * Releases freed memory after `delayMs`, once however often it is asked meanwhile: every call
 * until then gets the same promise of what was released.
 */
export function releaseFreedMemoryLater(delayMs = RELEASE_DELAY_MS): Promise<Released> {
  pending ??= new Promise<Released>((resolve) => {
    // unref'd: a process (or search worker) with nothing else to do need not stay alive for it.
    setTimeout(() => {
      pending = null;
      resolve(releaseFreedMemory());
    }, delayMs).unref();
  });
  return pending;
}
