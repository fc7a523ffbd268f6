/** Handing the allocator's freed memory back to the system (freed-memory.ts). */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { releaseFreedMemory, releaseFreedMemoryLater } from './freed-memory.js';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const glibc =
  process.platform === 'linux' && process.report?.getReport
    ? Boolean(
        (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header
          ?.glibcVersionRuntime,
      )
    : false;

describe.runIf(glibc)('releaseFreedMemory, on glibc', () => {
  it('gives back the holes a build leaves between buffers that stay', async () => {
    // As the index build does: many buffers below glibc's mmap threshold, most of them freed, a
    // few kept between them, so the free space is never at the top of the heap and stays resident.
    const SIZE = 32 * 1024;
    let buffers: (Buffer | null)[] = Array.from({ length: 3000 }, () => Buffer.allocUnsafeSlow(SIZE).fill(1));
    const kept = buffers.filter((_, i) => i % 8 === 0);
    buffers = null as unknown as Buffer[];
    collect();
    // ArrayBuffers' memory is freed by a sweeper after the collection, not during it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    collect();
    const released = releaseFreedMemory();
    expect(released.available).toBe(true);
    // 2,625 freed buffers of 32 KiB: ~82 MB of holes, each ~224 KiB long.
    expect(released.mb).toBeGreaterThan(40);
    expect(kept.every((b) => b![SIZE - 1] === 1)).toBe(true);
  });

  it('is cheap once there is nothing to give back', () => {
    releaseFreedMemory();
    const again = releaseFreedMemory();
    expect(again.available).toBe(true);
    // Nothing left to give back (a megabyte or two may move meanwhile: other threads free too).
    expect(again.mb).toBeLessThanOrEqual(2);
    expect(again.ms).toBeLessThan(1000);
  });

  it('once later however often it is asked meanwhile', async () => {
    const first = releaseFreedMemoryLater(20);
    expect(releaseFreedMemoryLater(20)).toBe(first);
    expect(await first).toMatchObject({ available: true });
    // Done: the next request is a new one.
    expect(releaseFreedMemoryLater(20)).not.toBe(first);
  });
});

describe.runIf(!glibc)('releaseFreedMemory, elsewhere', () => {
  it('does nothing and says so', () => {
    expect(releaseFreedMemory()).toEqual({ available: false, mb: 0, ms: 0 });
  });
});
