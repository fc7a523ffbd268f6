/**
 * The index as a search worker that does not build it holds it: the building worker's main
 * segment, adopted from shared memory (shared-index.ts), with the removals and the delta segment
 * of its last snapshot (LiveIndex.snapshot). It answers exactly as that LiveIndex does; it never
 * reads the database, and changes only when handed the next snapshot.
 */
import { SearchEngine } from './execute.js';
import type { Analyzer } from './index-data.js';
import {
  deltaEngine,
  type IndexSnapshot,
  NO_SEGMENT,
  SegmentedIndex,
  type SnapshotBase,
  type VocabularyTable,
} from './live-index.js';
import { adoptIndexData } from './shared-index.js';

export class ReplicaIndex extends SegmentedIndex {
  private constructor(
    main: SearchEngine,
    delta: SearchEngine | null,
    private readonly base: SnapshotBase,
  ) {
    super(main, delta);
  }

  /** The segments this replica holds: what the next snapshot may leave out. */
  get holds(): SnapshotBase {
    return this.base;
  }

  /**
   * The index of `snapshot`, keeping what `previous` already holds of it: the same main segment
   * (its engine and caches, with the removals since), the same delta.
   */
  static adopt(snapshot: IndexSnapshot, previous: ReplicaIndex | null, analyze: Analyzer): ReplicaIndex {
    let main: SearchEngine;
    if (snapshot.main) {
      main = new SearchEngine(adoptIndexData(snapshot.main.data), lookup(snapshot.main.vocabularies));
    } else if (previous && previous.base.mainId === snapshot.mainId) main = previous.main;
    else throw new Error(`Snapshot without main segment ${snapshot.mainId}, which this replica lacks`);
    // Removals only grow while a main segment lasts: those already made return false.
    for (const itemId of snapshot.removed) main.remove(itemId);
    let delta: SearchEngine | null;
    if (snapshot.delta)
      delta =
        snapshot.delta.docs.length > 0
          ? deltaEngine(snapshot.delta.docs, analyze, lookup(snapshot.delta.vocabularies))
          : null;
    else if (snapshot.deltaId === NO_SEGMENT)
      delta = null; // none yet: what a new replica holds too
    else if (previous && previous.base.deltaId === snapshot.deltaId) delta = previous.delta;
    else throw new Error(`Snapshot without delta segment ${snapshot.deltaId}, which this replica lacks`);
    return new ReplicaIndex(main, delta, { mainId: snapshot.mainId, deltaId: snapshot.deltaId });
  }
}

function lookup(table: VocabularyTable): (termId: number) => string | undefined {
  const map = new Map(table);
  return (termId) => map.get(termId);
}
