/**
 * One index, several search workers. The index is almost all typed arrays (postings, columns,
 * facet documents: ~500 MB at a million generated items, against ~30 MB of JavaScript objects),
 * and a typed array over a SharedArrayBuffer crosses postMessage as a reference to the same
 * memory, not a copy. So the worker that builds a segment builds its arrays in shared memory
 * (`sharedPlace`), and every other worker adopts them (`adoptIndexData`), rebuilding only what
 * lives in one thread's WebAssembly memory: the facet records and columns (~50 MB at a million),
 * from the shared facet documents. The index never changes after it is built (a live index puts
 * edits in a new delta segment and marks removals in a bitset each engine keeps), so the threads
 * need no locks.
 */
import { releaseFreedMemory } from '../../../freed-memory.js';
import { buildFacetRecords } from './facet-records.js';
import type { IndexData, Place } from './index-data.js';
import { ItemOrdinals } from './item-ordinals.js';

/** IndexData as postMessage carries it: every typed array over shared memory, no class instances. */
export interface IndexTransfer extends Omit<IndexData, 'facetRecords' | 'ordinalOf'> {
  readonly ordinalIds: Int32Array;
  readonly ordinalOrdinals: Uint32Array;
}

type Typed = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;

/** Bump allocation of typed arrays in SharedArrayBuffers of CHUNK bytes (larger arrays get their own). */
const CHUNK = 64 * 1024 * 1024;

class SharedArena {
  private buffer: SharedArrayBuffer | null = null;
  private used = 0;

  copy<T extends Typed>(array: T): T {
    const Kind = array.constructor as new (buffer: SharedArrayBuffer, offset: number, length: number) => T;
    const bytes = array.byteLength;
    let buffer: SharedArrayBuffer;
    let offset = 0;
    if (bytes > CHUNK / 4) buffer = new SharedArrayBuffer(Math.max(8, bytes));
    else {
      if (!this.buffer || this.used + bytes > CHUNK) {
        // Before taking 64 MB more, what the build freed since the last chunk goes back to the
        // system: the builder's buffers, freed as their contents are copied here (index-data.ts,
        // PostingsBuilder.freeze), are mostly below glibc's mmap threshold, and glibc keeps the
        // holes they leave resident (freed-memory.ts).
        releaseFreedMemory();
        this.buffer = new SharedArrayBuffer(CHUNK);
        this.used = 0;
      }
      buffer = this.buffer;
      offset = this.used;
      // Eight-byte alignment serves every element type.
      this.used += Math.ceil(bytes / 8) * 8;
    }
    const shared = new Kind(buffer, offset, array.length);
    shared.set(array as never);
    return shared;
  }
}

/**
 * A Place (index-data.ts) that puts each finished array of an index into shared memory as the
 * builder finishes it: built this way, the index is in memory once, not built and then copied.
 */
export function sharedPlace(): Place {
  const arena = new SharedArena();
  return (array) => arena.copy(array);
}

/** What another thread needs to adopt `data`, built in shared memory (sharedPlace). */
export function transferOf(data: IndexData): IndexTransfer {
  const { facetRecords: _records, ordinalOf, ...rest } = data;
  if (!(data.itemId.buffer instanceof SharedArrayBuffer))
    throw new Error('Only an index in shared memory can be handed to another thread');
  return { ...rest, ordinalIds: ordinalOf.ids, ordinalOrdinals: ordinalOf.ordinals };
}

/** The index another thread shared, with this thread's own facet records built from it. */
export function adoptIndexData(form: IndexTransfer): IndexData {
  const { ordinalIds, ordinalOrdinals, ...data } = form;
  const { size, facetDocs } = data;
  // Each document's facet ordinals, from the per-facet document lists (their inverse).
  const offsets = new Uint32Array(size + 1);
  for (const docs of facetDocs) for (let i = 0; i < docs.length; i++) offsets[docs[i]! + 1]!++;
  for (let d = 0; d < size; d++) offsets[d + 1]! += offsets[d]!;
  const facetList = new Uint32Array(offsets[size]!);
  const fill = offsets.slice(0, size);
  facetDocs.forEach((docs, f) => {
    for (let i = 0; i < docs.length; i++) facetList[fill[docs[i]!]!++] = f;
  });
  return {
    ...data,
    facetRecords: buildFacetRecords({
      size,
      type: data.type,
      typeCount: data.types.length,
      language: data.language,
      languageCount: data.languages.length,
      year: data.year,
      offsets,
      facetList,
      facetCount: data.facetTermId.length,
      facetDocs,
    }),
    ordinalOf: ItemOrdinals.over(ordinalIds, ordinalOrdinals),
  };
}
