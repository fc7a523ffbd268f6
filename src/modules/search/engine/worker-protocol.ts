/** Messages between the search index host and its worker thread (structured-cloned). */
import type { EnginePage, EngineQuery, FacetCounts } from './execute.js';
import type { IndexSnapshot, SnapshotBase } from './live-index.js';
import type { TypedWord } from './spelling.js';

/**
 * The building worker (`primary`) takes every request but `adopt`; the others (replicas, see
 * replica-index.ts) take `adopt`, `search` and `count`; every worker takes `warmth`.
 */
export type HostRequest =
  | { readonly id: number; readonly kind: 'refresh' }
  | { readonly id: number; readonly kind: 'search'; readonly query: EngineQuery; readonly now: number }
  /** Only the facet counts of a search (another worker ranks its page meanwhile). */
  | { readonly id: number; readonly kind: 'count'; readonly query: EngineQuery; readonly now: number }
  | { readonly id: number; readonly kind: 'suggest'; readonly words: readonly TypedWord[] }
  /** The primary's index as a replica holding `base` adopts it (result: IndexSnapshot). */
  | { readonly id: number; readonly kind: 'snapshot'; readonly base: SnapshotBase }
  | { readonly id: number; readonly kind: 'adopt'; readonly snapshot: IndexSnapshot }
  /** How far the worker's warming has gone (result: Warmth, or null with no index yet). */
  | { readonly id: number; readonly kind: 'warmth' };

/**
 * A search is answered in two replies: its page of hits (`part: 'page'`) as soon as it is ranked,
 * then its facet counts (`part: 'facets'`), so the host reads the hits' rows meanwhile. A page
 * whose query asked for no facets is the only reply (`facetsFollow: false`).
 */
export type HostReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | {
      readonly id: number;
      readonly ok: true;
      readonly part: 'page';
      readonly result: EnginePage;
      readonly facetsFollow: boolean;
    }
  | { readonly id: number; readonly ok: true; readonly part: 'facets'; readonly result: FacetCounts | null }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** Sent by the primary, unasked, when a background rebuild replaced its main segment. */
export interface WorkerNotice {
  readonly notice: 'mainReplaced';
}

export type WorkerMessage = HostReply | WorkerNotice;
