/** Messages between the search index host and its worker thread (structured-cloned). */
import type { EnginePage, EngineQuery, FacetCounts } from './execute.js';
import type { TypedWord } from './spelling.js';

export type HostRequest =
  | { readonly id: number; readonly kind: 'refresh' }
  | { readonly id: number; readonly kind: 'search'; readonly query: EngineQuery; readonly now: number }
  | { readonly id: number; readonly kind: 'suggest'; readonly words: readonly TypedWord[] };

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
